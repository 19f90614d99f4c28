import { EntityAutocompletePicker } from '@backstage/plugin-catalog-react';
import {
  EntityPolicyStatusFilter,
  POLICY_STATUS_FIELD,
  PolicyStatusEntityFilters,
} from './EntityPolicyStatusFilter';

/**
 * Props of {@link PolicyStatusPicker}.
 *
 * @public
 */
export interface PolicyStatusPickerProps {
  /** The statuses selected at first (`fail`, `warn`, `pass`), unless the URL says otherwise. */
  initialFilter?: string[];
  /** Keeps the filter without showing the picker. */
  hidden?: boolean;
}

/**
 * A catalog filter on the policy status (`goldpath.dev/policy-status`):
 * `fail`, `warn` or `pass`, with the number of entities of each for the
 * other filters (kind). Filtering runs in the catalog backend. The picker
 * is not shown while no entity has a policy status.
 *
 * @public
 */
export function PolicyStatusPicker(props: PolicyStatusPickerProps) {
  return (
    <EntityAutocompletePicker<PolicyStatusEntityFilters, 'policyStatus'>
      label="Policy status"
      name="policyStatus"
      path={POLICY_STATUS_FIELD}
      Filter={EntityPolicyStatusFilter}
      showCounts
      initialSelectedOptions={props.initialFilter}
      hidden={props.hidden}
    />
  );
}
