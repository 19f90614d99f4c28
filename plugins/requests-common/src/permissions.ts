import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of requests in the permission framework; a request's
 * resource ref is its id.
 *
 * @public
 */
export const REQUESTS_RESOURCE_TYPE = 'requests-request';

/**
 * Creating a request (`POST /api/requests/requests`), for oneself or, as a
 * service principal (the scaffolder action), on behalf of a user.
 *
 * @public
 */
export const requestsCreatePermission = createPermission({
  name: 'requests.request.create',
  attributes: { action: 'create' },
});

/**
 * Reading requests: one's own, and those one may approve.
 *
 * @public
 */
export const requestsReadPermission = createPermission({
  name: 'requests.request.read',
  attributes: { action: 'read' },
});

/**
 * Approving or rejecting a request. A resource permission: a policy may
 * answer with a conditional decision, such as the `IS_TARGET_OWNER` rule
 * (`requestsConditions.isTargetOwner` of `@goldpath/plugin-requests-node`),
 * which lets the owners of a request's target decide it.
 *
 * @public
 */
export const requestsApprovePermission = createPermission({
  name: 'requests.request.approve',
  attributes: { action: 'update' },
  resourceType: REQUESTS_RESOURCE_TYPE,
});

/** Every permission of the requests plugin. @public */
export const requestsPermissions = [
  requestsCreatePermission,
  requestsReadPermission,
  requestsApprovePermission,
];

/** The name of the conditional rule "the user owns the request's target". @public */
export const IS_TARGET_OWNER_RULE = 'IS_TARGET_OWNER';
