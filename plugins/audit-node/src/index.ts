/**
 * The audit trail of Goldpath for backend plugins: `auditTrailServiceRef`
 * records platform actions through Backstage's auditor and into the audit
 * plugin's queryable store, without losing any.
 *
 * @packageDocumentation
 */

export * from './AuditTrailService';
export * from './auditTrailServiceRef';
export * from './outcome';
