import { Entity } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { mockDoraApi, timeline } from '../__testUtils__/scorecards';
import { doraApiRef } from '../api';
import { useEntityTimeline } from './useEntityTimeline';

describe('useEntityTimeline', () => {
  const doraApi = mockDoraApi();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[doraApiRef, doraApi]]}>{children}</TestApiProvider>
  );

  beforeEach(() => {
    doraApi.getTimeline.mockReset();
  });

  it('loads the timeline of an entity by its ref', async () => {
    doraApi.getTimeline.mockResolvedValue(timeline());
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout' },
    };

    const { result } = renderHook(
      () => useEntityTimeline(entity, { window: '30d' }),
      { wrapper },
    );

    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.value?.deployments).toHaveLength(4);
    expect(doraApi.getTimeline).toHaveBeenCalledWith(
      'component:default/checkout',
      { window: '30d', asOf: undefined },
    );
  });

  it('fetches again when the window changes', async () => {
    doraApi.getTimeline.mockResolvedValue(timeline());

    const { result, rerender } = renderHook(
      ({ window }: { window: string }) =>
        useEntityTimeline('component:default/checkout', { window }),
      { wrapper, initialProps: { window: '30d' } },
    );
    await waitFor(() => expect(result.current.value).toBeDefined());

    rerender({ window: '180d' });

    await waitFor(() =>
      expect(doraApi.getTimeline).toHaveBeenLastCalledWith(
        'component:default/checkout',
        { window: '180d', asOf: undefined },
      ),
    );
    expect(doraApi.getTimeline).toHaveBeenCalledTimes(2);
  });

  it('reports errors and retries', async () => {
    doraApi.getTimeline.mockRejectedValueOnce(new Error('boom'));

    const { result } = renderHook(
      () => useEntityTimeline('component:default/checkout'),
      { wrapper },
    );

    await waitFor(() => expect(result.current.error?.message).toBe('boom'));

    doraApi.getTimeline.mockResolvedValueOnce(timeline());
    act(() => result.current.retry());

    await waitFor(() =>
      expect(result.current.value?.incidents).toHaveLength(2),
    );
    expect(result.current.error).toBeUndefined();
  });
});
