import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityScorecardResponse } from '@goldpath/plugin-dora-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { doraApiRef, GetScorecardOptions } from '../api';

/**
 * The state of {@link useEntityScorecard}.
 *
 * @public
 */
export interface EntityScorecardState {
  value?: EntityScorecardResponse;
  loading: boolean;
  error?: Error;
  /** Fetches the scorecard again. */
  retry: () => void;
}

/**
 * Loads the DORA scorecard of an entity (or entity ref) through the
 * {@link DoraApi}.
 *
 * @public
 */
export function useEntityScorecard(
  entityOrRef: Entity | string,
  options: GetScorecardOptions = {},
): EntityScorecardState {
  const doraApi = useApi(doraApiRef);
  const entityRef =
    typeof entityOrRef === 'string'
      ? entityOrRef
      : stringifyEntityRef(entityOrRef);
  const { window, asOf } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    () => doraApi.getScorecard(entityRef, { window, asOf }),
    [doraApi, entityRef, window, asOf],
  );
  return { value, loading, error, retry };
}
