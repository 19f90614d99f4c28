import { Entity } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { policyApiRef } from '../api';
import { mockPolicyApi, violationsState } from '../__testUtils__/states';
import { useEntityPolicy } from './useEntityPolicy';

describe('useEntityPolicy', () => {
  const policyApi = mockPolicyApi();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[policyApiRef, policyApi]]}>
      {children}
    </TestApiProvider>
  );

  beforeEach(() => policyApi.getEntityState.mockReset());

  it('loads the state of an entity by its ref', async () => {
    policyApi.getEntityState.mockResolvedValue(violationsState());
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'orders-db', namespace: 'Data' },
    };

    const { result } = renderHook(() => useEntityPolicy(entity), { wrapper });

    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.value?.status).toBe('fail');
    expect(policyApi.getEntityState).toHaveBeenCalledWith(
      'resource:data/orders-db',
    );
  });

  it('reports errors and retries', async () => {
    policyApi.getEntityState.mockRejectedValueOnce(new Error('boom'));
    const { result } = renderHook(
      () => useEntityPolicy('component:default/checkout'),
      { wrapper },
    );

    await waitFor(() => expect(result.current.error?.message).toBe('boom'));
    expect(result.current.value).toBeUndefined();

    policyApi.getEntityState.mockResolvedValueOnce(violationsState());
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.value?.status).toBe('fail'));
    expect(result.current.error).toBeUndefined();
  });
});
