import { createRoutableExtension } from '@backstage/core-plugin-api';
import { auditPlugin } from './plugin';
import { rootRouteRef } from './routes';

/**
 * The audit log page (legacy frontend system), mounted on the plugin's
 * `rootRouteRef`.
 *
 * @public
 */
export const AuditLogPage: () => JSX.Element = auditPlugin.provide(
  createRoutableExtension({
    name: 'AuditLogPage',
    component: () =>
      import('./components/AuditLogPage').then(m => m.AuditLogPage),
    mountPoint: rootRouteRef,
  }),
);
