import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { policyApiRef, PolicyUnmappedResponse } from '../api';

/**
 * The state of {@link useUnmappedResults}.
 *
 * @public
 */
export interface UnmappedResultsState {
  value?: PolicyUnmappedResponse;
  loading: boolean;
  error?: Error;
  /** Fetches the list again. */
  retry: () => void;
}

/**
 * Loads the newest results that name no known entity yet (at most `limit`)
 * and their total, through the {@link PolicyApi}. With `enabled: false` it
 * loads nothing (e.g. while the overview says there are none).
 *
 * @public
 */
export function useUnmappedResults(
  options: { limit?: number; enabled?: boolean } = {},
): UnmappedResultsState {
  const policyApi = useApi(policyApiRef);
  const { limit, enabled = true } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (enabled ? policyApi.getUnmapped({ limit }) : undefined),
    [policyApi, limit, enabled],
  );
  return { value, loading, error, retry };
}
