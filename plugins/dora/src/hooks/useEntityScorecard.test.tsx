import { Entity } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import {
  fullScorecard,
  mockDoraApi,
  systemRollup,
} from '../__testUtils__/scorecards';
import { doraApiRef } from '../api';
import { useEntityScorecard } from './useEntityScorecard';

describe('useEntityScorecard', () => {
  const doraApi = mockDoraApi();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[doraApiRef, doraApi]]}>{children}</TestApiProvider>
  );

  beforeEach(() => {
    doraApi.getScorecard.mockReset();
  });

  it('loads the scorecard of an entity by its ref', async () => {
    doraApi.getScorecard.mockResolvedValue(fullScorecard());
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'Checkout', namespace: 'Payments' },
    };

    const { result } = renderHook(
      () => useEntityScorecard(entity, { window: '12w' }),
      { wrapper },
    );

    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.value).toMatchObject({
      scope: 'service',
      score: 8.61,
    });
    expect(result.current.error).toBeUndefined();
    expect(doraApi.getScorecard).toHaveBeenCalledWith(
      'component:payments/checkout',
      { window: '12w', asOf: undefined },
    );
  });

  it('accepts an entity ref, reports errors and retries', async () => {
    doraApi.getScorecard.mockRejectedValueOnce(new Error('boom'));

    const { result } = renderHook(
      () =>
        useEntityScorecard('component:default/checkout', {
          asOf: '2024-06-01T00:00:00Z',
        }),
      { wrapper },
    );

    await waitFor(() => expect(result.current.error?.message).toBe('boom'));
    expect(result.current.value).toBeUndefined();

    doraApi.getScorecard.mockResolvedValueOnce(fullScorecard());
    act(() => result.current.retry());

    await waitFor(() =>
      expect(result.current.value).toMatchObject({ score: 8.61 }),
    );
    expect(result.current.error).toBeUndefined();
    expect(doraApi.getScorecard).toHaveBeenLastCalledWith(
      'component:default/checkout',
      { window: undefined, asOf: '2024-06-01T00:00:00Z' },
    );
  });

  it('answers the rollup of a system', async () => {
    doraApi.getScorecard.mockResolvedValue(systemRollup());

    const { result } = renderHook(
      () => useEntityScorecard('system:default/payments'),
      { wrapper },
    );

    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.value?.scope).toBe('rollup');
    expect(doraApi.getScorecard).toHaveBeenCalledWith(
      'system:default/payments',
      { window: undefined, asOf: undefined },
    );
  });
});
