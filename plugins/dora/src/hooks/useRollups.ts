import { useApi } from '@backstage/core-plugin-api';
import { RollupResponse } from '@goldpath/plugin-dora-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { doraApiRef, GetRollupsOptions } from '../api';
import { useRetryWhileComputing } from './useRetryWhileComputing';

/**
 * The state of {@link useRollups}.
 *
 * @public
 */
export interface RollupsState {
  value?: RollupResponse;
  loading: boolean;
  error?: Error;
  /** Fetches the rollups again. */
  retry: () => void;
}

/**
 * Loads the fleet's DORA rollups, grouped by owner, system, domain or
 * template, through the {@link DoraApi}.
 *
 * @public
 */
export function useRollups(options: GetRollupsOptions): RollupsState {
  const doraApi = useApi(doraApiRef);
  const { groupBy, window, asOf } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    () => doraApi.getRollups({ groupBy, window, asOf }),
    [doraApi, groupBy, window, asOf],
  );
  useRetryWhileComputing(value, retry);
  return { value, loading, error, retry };
}
