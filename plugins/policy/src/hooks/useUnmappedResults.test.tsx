import { TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { policyApiRef } from '../api';
import { mockPolicyApi } from '../__testUtils__/states';
import { useUnmappedResults } from './useUnmappedResults';

describe('useUnmappedResults', () => {
  it('loads the list with the limit, and nothing when disabled', async () => {
    const policyApi = mockPolicyApi();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[policyApiRef, policyApi]]}>
        {children}
      </TestApiProvider>
    );

    const disabled = renderHook(
      () => useUnmappedResults({ limit: 10, enabled: false }),
      { wrapper },
    );
    await waitFor(() => expect(disabled.result.current.loading).toBe(false));
    expect(disabled.result.current.value).toBeUndefined();
    expect(policyApi.getUnmapped).not.toHaveBeenCalled();

    const enabled = renderHook(() => useUnmappedResults({ limit: 10 }), {
      wrapper,
    });
    await waitFor(() => expect(enabled.result.current.value?.total).toBe(2));
    expect(policyApi.getUnmapped).toHaveBeenCalledWith({ limit: 10 });
  });
});
