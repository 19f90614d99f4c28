import { useApi } from '@backstage/core-plugin-api';
import type { PolicyOverviewResponse } from '@goldpath/plugin-policy-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { policyApiRef } from '../api';

/**
 * The state of {@link usePolicyOverview}.
 *
 * @public
 */
export interface PolicyOverviewState {
  value?: PolicyOverviewResponse;
  loading: boolean;
  /** A `ResponseError` from the backend; status 403 without `policy.read`. */
  error?: Error;
  /** Fetches the overview again. */
  retry: () => void;
}

/**
 * Loads the policy overview of everything the user may see through the
 * {@link PolicyApi}.
 *
 * @public
 */
export function usePolicyOverview(): PolicyOverviewState {
  const policyApi = useApi(policyApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => policyApi.getOverview(),
    [policyApi],
  );
  return { value, loading, error, retry };
}
