import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type { PolicyWaiver } from '@goldpath/plugin-policy-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { policyApiRef } from '../api';
import { toEntityRef } from '../lib/entityRef';

/**
 * The state of {@link useEntityWaivers}.
 *
 * @public
 */
export interface EntityWaiversState {
  /** The waivers of the entity, expired ones included. */
  value?: PolicyWaiver[];
  loading: boolean;
  error?: Error;
  /** Fetches the waivers again. */
  retry: () => void;
}

/**
 * Loads the waivers recorded for an entity (or entity ref) through the
 * {@link PolicyApi}. With `enabled: false` it loads nothing.
 *
 * @public
 */
export function useEntityWaivers(
  entityOrRef: Entity | string,
  options: { enabled?: boolean } = {},
): EntityWaiversState {
  const policyApi = useApi(policyApiRef);
  const entityRef = toEntityRef(entityOrRef);
  const { enabled = true } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      enabled ? (await policyApi.getWaivers(entityRef)).items : undefined,
    [policyApi, entityRef, enabled],
  );
  return { value, loading, error, retry };
}
