import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { auditApi } from './alpha/apis';
import { auditLogPage } from './alpha/pages';
import { auditLogRouteRef } from './alpha/routes';

/**
 * The audit plugin for the new frontend system: the audit API
 * (`api:audit`) and the audit log page `page:audit` at `/audit` with its nav
 * item.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'audit',
  title: 'Audit log',
  info: { packageJson: () => import('../package.json') },
  routes: { root: auditLogRouteRef },
  extensions: [auditApi, auditLogPage],
});

export { auditApiRef } from './api';
export type { AuditApi, AuditCsvExport, AuditLogFilters } from './api';
export { auditLogRouteRef };
