export { auditApiRef } from './AuditApi';
export type { AuditApi, AuditCsvExport, AuditLogFilters } from './AuditApi';
export { AuditClient } from './AuditClient';
