import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { ModelHealthResponse } from '@goldpath/plugin-dora-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { doraApiRef, GetModelHealthOptions } from '../api';
import { toEntityRef } from '../lib/entityRef';

/**
 * The state of {@link useEntityModelHealth}.
 *
 * @public
 */
export interface EntityModelHealthState {
  value?: ModelHealthResponse;
  loading: boolean;
  error?: Error;
  /** Fetches the model health again. */
  retry: () => void;
}

/**
 * Loads the health of the models an entity serves through the
 * {@link DoraApi}.
 *
 * @public
 */
export function useEntityModelHealth(
  entityOrRef: Entity | string,
  options: GetModelHealthOptions = {},
): EntityModelHealthState {
  const doraApi = useApi(doraApiRef);
  const entityRef = toEntityRef(entityOrRef);
  const { days } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    () => doraApi.getModelHealth(entityRef, { days }),
    [doraApi, entityRef, days],
  );
  return { value, loading, error, retry };
}
