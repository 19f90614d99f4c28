import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** The fields the cards read of related entities: no spec, no relations. */
export const RELATED_ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
];

/** The state of {@link useEntitiesByRefs}. */
export interface EntitiesByRefsState {
  /**
   * The entities by the refs asked for; a ref the catalog does not know (or
   * the user may not see) maps to `undefined`.
   */
  value?: Map<string, Entity | undefined>;
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/**
 * Loads some entities by ref, with only the fields the cards read, in one
 * `getEntitiesByRefs` call (the catalog client batches long lists).
 */
export function useEntitiesByRefs(
  refs: readonly string[],
): EntitiesByRefsState {
  const catalogApi = useApi(catalogApiRef);
  const key = refs.join('\n');
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const entityRefs = key ? key.split('\n') : [];
    if (entityRefs.length === 0) {
      return new Map<string, Entity | undefined>();
    }
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs,
      fields: RELATED_ENTITY_FIELDS,
    });
    return new Map(entityRefs.map((ref, i) => [ref, items[i]]));
  }, [catalogApi, key]);
  return { value, loading, error, retry };
}
