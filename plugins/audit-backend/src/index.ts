/**
 * The Goldpath audit backend plugin.
 *
 * @packageDocumentation
 */

export { auditPlugin as default } from './plugin';
