/**
 * Contracts of the Goldpath policy plugin for other backend plugins and
 * modules: the policy service (a summary client) and the report-sources
 * extension point.
 *
 * @packageDocumentation
 */

export * from './extensionPoints';
export * from './PolicyService';
export * from './policyServiceRef';
