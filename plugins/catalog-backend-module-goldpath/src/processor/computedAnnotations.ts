import { Entity } from '@backstage/catalog-model';

/**
 * Returns the entity with the computed annotations `names` replaced by
 * `values`: whatever an author wrote under one of these names is dropped
 * first, so no entity can declare its own computed state. The input entity
 * is not changed.
 */
export function withComputedAnnotations(
  entity: Entity,
  names: readonly string[],
  values: Record<string, string> = {},
): Entity {
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    entity.metadata.annotations ?? {},
  )) {
    if (!names.includes(key)) annotations[key] = value;
  }
  for (const [key, value] of Object.entries(values)) {
    if (names.includes(key)) annotations[key] = value;
  }
  return { ...entity, metadata: { ...entity.metadata, annotations } };
}
