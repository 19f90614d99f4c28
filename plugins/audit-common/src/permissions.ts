import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the audit trail (`GET /api/audit/records`,
 * `GET /api/audit/records.csv`). Decided by the app's permission policy for users;
 * grant it to auditors and the platform team only.
 *
 * @public
 */
export const auditReadPermission = createPermission({
  name: 'audit.read',
  attributes: { action: 'read' },
});

/**
 * Recording audit records (`POST /api/audit/records`). Only service
 * principals may record (users get 403 whatever the policy says); external
 * access tokens are limited by their `accessRestrictions`.
 *
 * @public
 */
export const auditRecordsCreatePermission = createPermission({
  name: 'audit.records.create',
  attributes: { action: 'create' },
});

/** Every permission of the audit plugin. @public */
export const auditPermissions = [
  auditReadPermission,
  auditRecordsCreatePermission,
];
