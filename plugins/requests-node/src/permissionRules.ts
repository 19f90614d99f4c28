import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  IS_TARGET_OWNER_RULE,
  REQUESTS_RESOURCE_TYPE,
} from '@goldpath/plugin-requests-common';
import { z } from 'zod';

/**
 * What the permission rules of requests look at: a request's id, requester
 * and the owner of its target when it was created.
 *
 * @public
 */
export interface RequestPermissionResource {
  id: string;
  requester: string;
  targetOwnerRef?: string;
}

/**
 * A rule as a database filter: the column `key` is one of `values` (an
 * empty list matches nothing).
 *
 * @public
 */
export interface RequestPermissionQuery {
  key: 'target_owner_ref' | 'requester_ref';
  values: string[];
}

/**
 * The permission resource of requests (plugin `requests`, resource type
 * `requests-request`).
 *
 * @public
 */
export const requestPermissionResourceRef = createPermissionResourceRef<
  RequestPermissionResource,
  RequestPermissionQuery
>().with({ pluginId: 'requests', resourceType: REQUESTS_RESOURCE_TYPE });

const lower = (refs: string[]) => refs.map(r => r.toLocaleLowerCase('en-US'));

/**
 * `IS_TARGET_OWNER`: the user owns the request's target. `claims` are the
 * user's ownership refs (`user.info.ownershipEntityRefs` in a policy: the
 * user and their groups). A request whose target had no owner matches no one.
 *
 * @public
 */
export const isTargetOwnerRule = createPermissionRule({
  name: IS_TARGET_OWNER_RULE,
  description:
    "Allow the owners of a request's target (the user or one of their groups) to decide it",
  resourceRef: requestPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        "The user's ownership refs, e.g. user.info.ownershipEntityRefs",
      ),
  }),
  apply: (resource, { claims }) =>
    resource.targetOwnerRef !== undefined &&
    lower(claims).includes(resource.targetOwnerRef.toLocaleLowerCase('en-US')),
  toQuery: ({ claims }) => ({ key: 'target_owner_ref', values: lower(claims) }),
});

/** Every permission rule of requests. @public */
export const requestsPermissionRules = { isTargetOwner: isTargetOwnerRule };

const exported = createConditionExports({
  resourceRef: requestPermissionResourceRef,
  rules: requestsPermissionRules,
});

/**
 * Conditions for permission policies:
 * `requestsConditions.isTargetOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const requestsConditions = exported.conditions;

/**
 * Wraps conditions into the conditional decision a policy returns for
 * `requests.request.approve`.
 *
 * @example
 * ```ts
 * if (isPermission(request.permission, requestsApprovePermission)) {
 *   return createRequestsConditionalDecision(
 *     request.permission,
 *     requestsConditions.isTargetOwner({
 *       claims: user?.info.ownershipEntityRefs ?? [],
 *     }),
 *   );
 * }
 * ```
 *
 * @public
 */
export const createRequestsConditionalDecision =
  exported.createConditionalDecision;
