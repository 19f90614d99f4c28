export { AuditLogPage } from './AuditLogPage';
export { AuditLogContent } from './AuditLogContent';
