import { TestApiProvider } from '@backstage/frontend-test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { adoptionResponse } from '../__testUtils__/adoption';
import { mockDoraApi } from '../__testUtils__/scorecards';
import { doraApiRef } from '../api';
import { useAdoption } from './useAdoption';

describe('useAdoption', () => {
  const doraApi = mockDoraApi();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[doraApiRef, doraApi]]}>{children}</TestApiProvider>
  );

  beforeEach(() => {
    doraApi.getAdoption.mockReset();
    doraApi.getAdoption.mockImplementation(async () => adoptionResponse());
  });

  it('loads the adoption figures, and again when the months change', async () => {
    const { result, rerender } = renderHook(
      ({ months }: { months?: number }) => useAdoption({ months }),
      { wrapper, initialProps: { months: undefined } as { months?: number } },
    );

    await waitFor(() => expect(result.current.value).toBeDefined());
    expect(result.current.value?.months).toEqual(['2024-05', '2024-06']);
    expect(doraApi.getAdoption).toHaveBeenCalledWith({
      months: undefined,
      asOf: undefined,
    });

    rerender({ months: 12 });
    await waitFor(() =>
      expect(doraApi.getAdoption).toHaveBeenLastCalledWith({
        months: 12,
        asOf: undefined,
      }),
    );
  });

  it('reports errors and retries', async () => {
    doraApi.getAdoption.mockRejectedValueOnce(new Error('down'));

    const { result } = renderHook(() => useAdoption(), { wrapper });

    await waitFor(() => expect(result.current.error?.message).toBe('down'));
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.value).toBeDefined());
    expect(result.current.error).toBeUndefined();
  });
});
