export { PolicyStatusPicker } from './PolicyStatusPicker';
export type { PolicyStatusPickerProps } from './PolicyStatusPicker';
export {
  EntityPolicyStatusFilter,
  POLICY_STATUS_FIELD,
} from './EntityPolicyStatusFilter';
export type { PolicyStatusEntityFilters } from './EntityPolicyStatusFilter';
