/**
 * The Goldpath policy backend plugin.
 *
 * @packageDocumentation
 */

export { policyPlugin as default } from './plugin';
