/**
 * The annotation names Goldpath reads and writes on catalog entities. One
 * list, shared by the catalog processors, the backends and the cards, so a
 * name is spelled in one place.
 *
 * Annotations marked "computed" are written by Goldpath's catalog processors
 * on every processing run; a value an author writes under the same name is
 * replaced (or removed when Goldpath has nothing to say), so no entity can
 * declare its own policy status or compatibility.
 */

/**
 * Where a building block's contract lives: a path relative to the entity's catalog file.
 *
 * @public
 */
export const CONTRACT_ANNOTATION = 'goldpath.dev/contract';

/**
 * Computed: the contract's version (`spec.contract.version`).
 *
 * @public
 */
export const CONTRACT_VERSION_ANNOTATION = 'goldpath.dev/contract-version';
/**
 * Computed: the regions a building block supports, comma-separated.
 *
 * @public
 */
export const REGIONS_ANNOTATION = 'goldpath.dev/regions';
/**
 * Computed: the building block's cost bucket (`spec.contract.cost.bucket`).
 *
 * @public
 */
export const COST_BUCKET_ANNOTATION = 'goldpath.dev/cost-bucket';

/**
 * Written by a consumer: the building blocks it was built against, with the
 * contract version, comma-separated: `resource:default/vpc-module@2.1.0`.
 * The block must also be in `spec.dependsOn`.
 *
 * @public
 */
export const BUILT_AGAINST_ANNOTATION = 'goldpath.dev/built-against';
/**
 * Written by a consumer: the region(s) it runs in, comma-separated.
 *
 * @public
 */
export const REGION_ANNOTATION = 'goldpath.dev/region';
/**
 * Computed: `ok`, `mismatch` or `unknown` (a block or its contract is not known yet).
 *
 * @public
 */
export const COMPATIBILITY_ANNOTATION = 'goldpath.dev/compatibility';
/**
 * Computed: a JSON array of {@link CompatibilityIssue}s, absent when there are none.
 *
 * @public
 */
export const COMPATIBILITY_ISSUES_ANNOTATION =
  'goldpath.dev/compatibility-issues';

/**
 * Written by Goldpath's scaffolder action: the template entity ref a service was created from.
 *
 * @public
 */
export const SCAFFOLDED_FROM_ANNOTATION = 'goldpath.dev/scaffolded-from';
/**
 * Written by Goldpath's scaffolder action (and by hand next to `backstage.io/source-template`): the template's version.
 *
 * @public
 */
export const TEMPLATE_VERSION_ANNOTATION = 'goldpath.dev/template-version';
/**
 * Written by Goldpath's scaffolder action: when the service was scaffolded (ISO 8601).
 *
 * @public
 */
export const SCAFFOLDED_AT_ANNOTATION = 'goldpath.dev/scaffolded-at';
/**
 * Written by Goldpath's scaffolder action: the scaffolder task id.
 *
 * @public
 */
export const SCAFFOLDER_TASK_ANNOTATION = 'goldpath.dev/scaffolder-task-id';
/**
 * Set by the scaffolder's `catalog:write` action.
 *
 * @public
 */
export const SOURCE_TEMPLATE_ANNOTATION = 'backstage.io/source-template';

/**
 * Computed: the normalised template attribution: the template entity ref.
 *
 * @public
 */
export const ATTRIBUTION_TEMPLATE_ANNOTATION =
  'goldpath.dev/attribution-template';
/**
 * Computed: the template version, when known.
 *
 * @public
 */
export const ATTRIBUTION_VERSION_ANNOTATION =
  'goldpath.dev/attribution-version';
/**
 * Computed: when the entity was scaffolded, when known.
 *
 * @public
 */
export const ATTRIBUTION_AT_ANNOTATION = 'goldpath.dev/attribution-at';
/**
 * Computed: where the answer came from: `goldpath`, `source-template` or `scaffold-event`.
 *
 * @public
 */
export const ATTRIBUTION_SOURCE_ANNOTATION = 'goldpath.dev/attribution-source';

/**
 * Computed: `pass`, `warn` or `fail`; absent when no policy report names the entity.
 *
 * @public
 */
export const POLICY_STATUS_ANNOTATION = 'goldpath.dev/policy-status';
/**
 * Computed: open violations by severity, `critical:0,high:2,medium:1,low:0,info:0,unknown:0`.
 *
 * @public
 */
export const POLICY_VIOLATIONS_ANNOTATION = 'goldpath.dev/policy-violations';
/**
 * Computed: the latest audit of any source (ISO 8601).
 *
 * @public
 */
export const POLICY_LAST_AUDIT_ANNOTATION = 'goldpath.dev/policy-last-audit';
/**
 * Computed: how many results are excepted (exceptions, exemptions, suppressions, waivers).
 *
 * @public
 */
export const POLICY_EXCEPTED_ANNOTATION = 'goldpath.dev/policy-excepted';

/**
 * Written on a self-service Template: the platform-ticket categories it
 * replaces, comma-separated (`database-credentials`); the tickets page
 * reports those categories' queue time before and after its first use.
 *
 * @public
 */
export const REPLACES_TICKET_CATEGORY_ANNOTATION =
  'goldpath.dev/replaces-ticket-category';

/**
 * Written on a Group: `off` opts the team out of Goldpath's weekly digest
 * notifications (its scorecard, policy violations and pending requests; for
 * the platform team, the fleet digest). Any other value, or none, keeps it.
 *
 * @public
 */
export const DIGEST_ANNOTATION = 'goldpath.dev/digest';

/**
 * Written by an ML service's owner: the model's name in the model registry; shows the model-health card.
 *
 * @public
 */
export const MODEL_ANNOTATION = 'goldpath.dev/model';

/**
 * Relation from an entity to the template it was created from (the community's name).
 *
 * @public
 */
export const RELATION_SCAFFOLDED_FROM = 'scaffoldedFrom';
/**
 * Relation from a template to what it created.
 *
 * @public
 */
export const RELATION_SCAFFOLDER_OF = 'scaffolderOf';

/**
 * Every annotation Goldpath's processors compute (and so overwrite).
 *
 * @public
 */
export const COMPUTED_ANNOTATIONS = [
  CONTRACT_VERSION_ANNOTATION,
  REGIONS_ANNOTATION,
  COST_BUCKET_ANNOTATION,
  COMPATIBILITY_ANNOTATION,
  COMPATIBILITY_ISSUES_ANNOTATION,
  ATTRIBUTION_TEMPLATE_ANNOTATION,
  ATTRIBUTION_VERSION_ANNOTATION,
  ATTRIBUTION_AT_ANNOTATION,
  ATTRIBUTION_SOURCE_ANNOTATION,
  POLICY_STATUS_ANNOTATION,
  POLICY_VIOLATIONS_ANNOTATION,
  POLICY_LAST_AUDIT_ANNOTATION,
  POLICY_EXCEPTED_ANNOTATION,
] as const;
