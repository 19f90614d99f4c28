import { Entity } from '@backstage/catalog-model';
import { POLICY_STATUS_ANNOTATION } from '@goldpath/plugin-catalog-common';

/** The kinds policy reports map to: workloads (components) and infrastructure (resources). */
export const POLICY_KINDS = ['component', 'resource'];

/**
 * Whether the policy cards apply to an entity: it is a component or a
 * resource (the entities policy reports are mapped to), or a report already
 * names it (`goldpath.dev/policy-status` is set). For `EntitySwitch.Case`
 * in the legacy frontend system. An entity without a report yet still
 * matches, so the card can say how to post the first one.
 *
 * @public
 */
export function isPolicyAvailable(entity: Entity): boolean {
  return (
    POLICY_KINDS.includes(entity.kind.toLocaleLowerCase('en-US')) ||
    Boolean(entity.metadata.annotations?.[POLICY_STATUS_ANNOTATION])
  );
}
