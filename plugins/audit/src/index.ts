/**
 * The Goldpath audit frontend plugin: the audit log page. This entry point
 * is for the legacy frontend system; the new frontend system plugin is the
 * default export of `@goldpath/plugin-audit/alpha`.
 *
 * @packageDocumentation
 */

export { auditPlugin } from './plugin';
export { AuditLogPage } from './extensions';
export { rootRouteRef } from './routes';
export { AuditClient, auditApiRef } from './api';
export type { AuditApi, AuditCsvExport, AuditLogFilters } from './api';
export type {
  AuditRecord,
  AuditRecordsPage,
} from '@goldpath/plugin-audit-common';
