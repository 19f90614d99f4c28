import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityDoraResponse } from '@goldpath/plugin-dora-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { doraApiRef, GetScorecardOptions } from '../api';
import { toEntityRef } from '../lib/entityRef';
import { useRetryWhileComputing } from './useRetryWhileComputing';

/**
 * The state of {@link useEntityScorecard}.
 *
 * @public
 */
export interface EntityScorecardState {
  /**
   * The scorecard of a service (`scope: 'service'`) or the rollup of a
   * group, system or domain (`scope: 'rollup'`).
   */
  value?: EntityDoraResponse;
  loading: boolean;
  error?: Error;
  /** Fetches the scorecard again. */
  retry: () => void;
}

/**
 * Loads the DORA scorecard (or rollup) of an entity (or entity ref) through
 * the {@link DoraApi}.
 *
 * @public
 */
export function useEntityScorecard(
  entityOrRef: Entity | string,
  options: GetScorecardOptions = {},
): EntityScorecardState {
  const doraApi = useApi(doraApiRef);
  const entityRef = toEntityRef(entityOrRef);
  const { window, asOf } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    () => doraApi.getScorecard(entityRef, { window, asOf }),
    [doraApi, entityRef, window, asOf],
  );
  useRetryWhileComputing(value?.scope === 'rollup' ? value : undefined, retry);
  return { value, loading, error, retry };
}
