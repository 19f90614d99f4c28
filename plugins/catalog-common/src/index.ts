/**
 * Goldpath's catalog surface: annotation names, the building-block contract
 * schema and its checks, and the normalised template attribution.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './contract/schema';
export * from './contract/validate';
export * from './contract/compatibility';
export * from './contract/checkValues';
export * from './contract/form';
export * from './attribution';
