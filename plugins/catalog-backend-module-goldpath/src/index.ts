/**
 * Goldpath's catalog processors: building-block contracts and the
 * compatibility of their consumers, template attribution (`scaffoldedFrom` /
 * `scaffolderOf`) and policy-status annotations.
 *
 * @packageDocumentation
 */

export { catalogModuleGoldpath as default } from './module';
