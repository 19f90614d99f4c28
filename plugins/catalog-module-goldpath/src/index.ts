/**
 * Goldpath for the catalog pages: the building-block contract card, the
 * template attribution card, and the policy-status filter and column of the
 * catalog index. This entry point is for the legacy frontend system; the
 * new frontend system module is the default export of
 * `@goldpath/plugin-catalog-module-goldpath/alpha`.
 *
 * @packageDocumentation
 */

export { goldpathCatalogPlugin } from './plugin';
export {
  EntityContractCard,
  EntityTemplateAttributionCard,
} from './extensions';
export {
  isContractAvailable,
  isTemplateAttributionAvailable,
} from './lib/availability';
export {
  EntityPolicyStatusFilter,
  POLICY_STATUS_FIELD,
  PolicyStatusPicker,
} from './components/PolicyStatusPicker';
export type {
  PolicyStatusEntityFilters,
  PolicyStatusPickerProps,
} from './components/PolicyStatusPicker';
export {
  createPolicyStatusColumn,
  PolicyStatusCell,
} from './components/PolicyStatusColumn';
export type { PolicyStatusColumnOptions } from './components/PolicyStatusColumn';
export type { EntityContractCardProps } from './components/EntityContractCard';
export type { EntityTemplateAttributionCardProps } from './components/EntityTemplateAttributionCard';
