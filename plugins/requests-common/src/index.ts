/**
 * The self-service request model of Goldpath: requests, their lifecycle,
 * cost estimates from building-block contracts, and permissions.
 *
 * @packageDocumentation
 */

export * from './cost';
export * from './kinds';
export * from './lifecycle';
export * from './model';
export * from './permissions';
