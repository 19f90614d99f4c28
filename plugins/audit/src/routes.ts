import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The root route of the audit plugin (legacy frontend system): the audit log
 * page, {@link AuditLogPage}.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'audit',
});
