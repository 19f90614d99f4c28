import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EntityPolicyState,
  PolicyOverviewResponse,
  PolicyUnmappedResponse,
  PolicyWaiver,
  PolicyWaiversResponse,
} from '@goldpath/plugin-policy-common';

export type {
  PolicyUnmappedResponse,
  PolicyUnmappedResult,
  PolicyWaiversResponse,
} from '@goldpath/plugin-policy-common';

/**
 * The body of `POST /api/policy/waivers`.
 *
 * @public
 */
export interface CreatePolicyWaiverRequest {
  /** The entity the waiver is for, e.g. `component:default/checkout`. */
  entityRef: string;
  policy: string;
  rule?: string;
  /** Limits the waiver to one finding (a violation's `key`). */
  findingKey?: string;
  /** Why the finding is accepted; shown next to the excepted result. */
  reason: string;
  /** When the waiver ends (ISO 8601); the finding is a violation again after it. */
  expiresAt: string;
}

/**
 * Options of {@link PolicyApi.getUnmapped}.
 *
 * @public
 */
export interface GetUnmappedOptions {
  /** How many results to list at most; the backend default when omitted. */
  limit?: number;
}

/**
 * Reads policy state from, and records waivers in, the Goldpath policy
 * backend (`/api/policy`). Every call rejects with a `ResponseError` on a
 * non-2xx answer; a 403 means the user lacks the permission
 * (`policy.read`, or `policy.waivers.manage` for waivers).
 *
 * @public
 */
export interface PolicyApi {
  /**
   * The policy state of one entity: status (`null` when no report names it
   * yet), the latest audit per source, open violations, excepted results,
   * passing checks, the drift since the previous audit and the history of
   * counts.
   *
   * @param entityRef - A catalog entity ref such as
   *   `component:default/checkout`; kind `component` and namespace `default`
   *   are the defaults.
   */
  getEntityState(entityRef: string): Promise<EntityPolicyState>;

  /** The platform team's overview, filtered to what the user may see. */
  getOverview(): Promise<PolicyOverviewResponse>;

  /** Results that name no known entity yet, newest first. */
  getUnmapped(options?: GetUnmappedOptions): Promise<PolicyUnmappedResponse>;

  /** The waivers recorded for an entity, expired ones included. */
  getWaivers(entityRef: string): Promise<PolicyWaiversResponse>;

  /** Records a waiver (needs `policy.waivers.manage`). */
  createWaiver(request: CreatePolicyWaiverRequest): Promise<PolicyWaiver>;
}

/**
 * The API reference of {@link PolicyApi}, shared by the legacy and the new
 * frontend system.
 *
 * @public
 */
export const policyApiRef = createApiRef<PolicyApi>({
  id: 'plugin.policy.service',
});
