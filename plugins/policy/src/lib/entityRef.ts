import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/** The ref of an entity, or the ref itself. */
export function toEntityRef(entityOrRef: Entity | string): string {
  return typeof entityOrRef === 'string'
    ? entityOrRef
    : stringifyEntityRef(entityOrRef);
}
