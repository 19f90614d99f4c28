import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type { EntityPolicyState } from '@goldpath/plugin-policy-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { policyApiRef } from '../api';
import { toEntityRef } from '../lib/entityRef';

/**
 * The state of {@link useEntityPolicy}.
 *
 * @public
 */
export interface EntityPolicyLoadState {
  /** The entity's policy state; `status: null` when no report names it yet. */
  value?: EntityPolicyState;
  loading: boolean;
  /** A `ResponseError` from the backend; status 403 without `policy.read`. */
  error?: Error;
  /** Fetches the state again. */
  retry: () => void;
}

/**
 * Loads the policy state of an entity (or entity ref) through the
 * {@link PolicyApi}.
 *
 * @public
 */
export function useEntityPolicy(
  entityOrRef: Entity | string,
): EntityPolicyLoadState {
  const policyApi = useApi(policyApiRef);
  const entityRef = toEntityRef(entityOrRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => policyApi.getEntityState(entityRef),
    [policyApi, entityRef],
  );
  return { value, loading, error, retry };
}
