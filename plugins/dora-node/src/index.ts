/**
 * Contracts for backend modules of the Goldpath dora plugin.
 *
 * @packageDocumentation
 */

export * from './extensionPoints';
export * from './doraService';
