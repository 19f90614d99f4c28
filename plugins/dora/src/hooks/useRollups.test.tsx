import { TestApiProvider } from '@backstage/frontend-test-utils';
import { RollupGroupBy } from '@goldpath/plugin-dora-common';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { mockDoraApi, rollupResponse } from '../__testUtils__/scorecards';
import { doraApiRef } from '../api';
import { useRollups } from './useRollups';

describe('useRollups', () => {
  const doraApi = mockDoraApi();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[doraApiRef, doraApi]]}>{children}</TestApiProvider>
  );

  beforeEach(() => {
    doraApi.getRollups.mockReset();
    doraApi.getRollups.mockImplementation(async ({ groupBy }) =>
      rollupResponse(groupBy),
    );
  });

  it('loads the rollups grouped as asked, and again when the grouping changes', async () => {
    const { result, rerender } = renderHook(
      ({ groupBy }: { groupBy: RollupGroupBy }) =>
        useRollups({ groupBy, window: '90d' }),
      { wrapper, initialProps: { groupBy: 'owner' } },
    );

    await waitFor(() => expect(result.current.value?.groupBy).toBe('owner'));
    expect(result.current.value?.groups.map(g => g.title)).toEqual([
      'Team A',
      'Team B',
    ]);
    expect(doraApi.getRollups).toHaveBeenCalledWith({
      groupBy: 'owner',
      window: '90d',
      asOf: undefined,
    });

    rerender({ groupBy: 'template' });

    await waitFor(() => expect(result.current.value?.groupBy).toBe('template'));
    expect(doraApi.getRollups).toHaveBeenLastCalledWith({
      groupBy: 'template',
      window: '90d',
      asOf: undefined,
    });
  });

  it('reports errors and retries', async () => {
    doraApi.getRollups.mockRejectedValueOnce(new Error('down'));

    const { result } = renderHook(() => useRollups({ groupBy: 'system' }), {
      wrapper,
    });

    await waitFor(() => expect(result.current.error?.message).toBe('down'));
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.value?.groupBy).toBe('system'));
    expect(result.current.error).toBeUndefined();
  });
});
