import { Entity } from '@backstage/catalog-model';
import {
  BUILT_AGAINST_ANNOTATION,
  readAttribution,
} from '@goldpath/plugin-catalog-common';
import { readContract } from './contract';

/**
 * Whether {@link EntityContractCard} has something to show: the entity is a
 * building block with a processed contract (`spec.contract`), or a consumer
 * that names the blocks it was built against (`goldpath.dev/built-against`).
 * For `EntitySwitch.Case` in the legacy frontend system.
 *
 * @public
 */
export function isContractAvailable(entity: Entity): boolean {
  return (
    readContract(entity) !== undefined ||
    Boolean(entity.metadata.annotations?.[BUILT_AGAINST_ANNOTATION])
  );
}

/**
 * Whether {@link EntityTemplateAttributionCard} has something to show: a
 * template (the entities it created), or an entity with a computed
 * attribution (`goldpath.dev/attribution-*`). For `EntitySwitch.Case` in the
 * legacy frontend system.
 *
 * @public
 */
export function isTemplateAttributionAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'template' ||
    readAttribution(entity) !== undefined
  );
}
