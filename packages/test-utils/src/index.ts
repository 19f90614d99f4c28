/**
 * Goldpath's shared test helpers, for the tests of the workspace's packages
 * only: this package is private and never published.
 *
 * @packageDocumentation
 */

export { createTestDatabases } from './databases';
export { auditTrailProbe, storedAuditRecords, auditorEventsOf } from './audit';
export type { AuditRecord, AuditorEventSeen } from './audit';
export { capturedNotifications } from './notifications';
