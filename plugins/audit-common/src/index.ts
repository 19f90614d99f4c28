/**
 * The audit record model of Goldpath (zod), the query of the audit API, the
 * audit permissions, the CSV export and the actor pseudonymisation rule.
 *
 * @packageDocumentation
 */

export * from './model';
export * from './permissions';
export * from './csv';
export * from './pseudonym';
export * from './validation';
