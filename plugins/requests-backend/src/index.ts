/**
 * The Goldpath requests backend plugin.
 *
 * @packageDocumentation
 */

export { requestsPlugin as default } from './plugin';
