import { createRouteRef } from '@backstage/frontend-plugin-api';

/**
 * The route of the audit log page in the new frontend system (the legacy
 * system's is `rootRouteRef`).
 *
 * @alpha
 */
export const auditLogRouteRef = createRouteRef();
