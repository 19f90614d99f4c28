/**
 * The Goldpath dora backend plugin.
 *
 * @packageDocumentation
 */

export { doraPlugin as default } from './plugin';
