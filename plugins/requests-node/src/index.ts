/**
 * Contracts of the Goldpath requests plugin for other backend plugins and
 * modules: the requests service, the fulfilment extension point, and the
 * `IS_TARGET_OWNER` permission rule with the condition exports policies use.
 *
 * @packageDocumentation
 */

export * from './extensionPoints';
export * from './permissionRules';
export * from './RequestsService';
export * from './requestsServiceRef';
