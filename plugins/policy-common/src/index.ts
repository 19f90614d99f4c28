/**
 * The normalised policy-result model of Goldpath, the parsers of the report
 * formats policy tools emit, and the pure logic of drift and status.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './permissions';
export * from './parse';
export * from './logic';
