import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Uploading policy reports (`POST /api/policy/reports`). Service principals
 * (CI tokens, plugins) may upload; external-access tokens are limited by their
 * `accessRestrictions`, not by the permission policy.
 *
 * @public
 */
export const policyReportsCreatePermission = createPermission({
  name: 'policy.reports.create',
  attributes: { action: 'create' },
});

/**
 * Reading policy state: an entity's violations, the overview, unmapped results.
 *
 * @public
 */
export const policyReadPermission = createPermission({
  name: 'policy.read',
  attributes: { action: 'read' },
});

/**
 * Recording and revoking waivers.
 *
 * @public
 */
export const policyWaiversManagePermission = createPermission({
  name: 'policy.waivers.manage',
  attributes: { action: 'update' },
});

/** Every permission of the policy plugin. @public */
export const policyPermissions = [
  policyReportsCreatePermission,
  policyReadPermission,
  policyWaiversManagePermission,
];
