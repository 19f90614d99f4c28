/**
 * The audit record model of Goldpath (zod), the query of the audit API, the
 * audit permissions and the CSV export. (The actor pseudonymisation, with
 * Node's crypto, is the audit backend's.)
 *
 * @packageDocumentation
 */

export * from './model';
export * from './permissions';
export * from './csv';
export * from './validation';
