import type { CompatibilityStatus } from '@goldpath/plugin-catalog-common';
import Chip from '@mui/material/Chip';
import { PolicyStatusValue } from '../../lib/policy';

interface ChipColors {
  background: string;
  color: string;
}

const COMPATIBILITY: Record<
  CompatibilityStatus,
  ChipColors & { label: string }
> = {
  ok: { background: '#1b5e20', color: '#ffffff', label: 'Compatible' },
  mismatch: { background: '#b71c1c', color: '#ffffff', label: 'Mismatch' },
  unknown: { background: '#e0e0e0', color: '#212121', label: 'Unknown' },
};

const POLICY: Record<PolicyStatusValue, ChipColors & { label: string }> = {
  pass: { background: '#1b5e20', color: '#ffffff', label: 'Pass' },
  warn: { background: '#ffe082', color: '#4a3300', label: 'Warn' },
  fail: { background: '#b71c1c', color: '#ffffff', label: 'Fail' },
};

/**
 * A compatibility state as a chip: Compatible, Mismatch, Unknown, or "Not
 * checked" while the catalog processor has not checked it.
 */
export function CompatibilityChip(props: {
  status?: CompatibilityStatus;
  testId?: string;
}) {
  const { status, testId } = props;
  if (!status) {
    return (
      <Chip
        size="small"
        variant="outlined"
        label="Not checked"
        data-testid={testId}
        data-status="unchecked"
      />
    );
  }
  const c = COMPATIBILITY[status];
  return (
    <Chip
      size="small"
      label={c.label}
      data-testid={testId}
      data-status={status}
      sx={{ backgroundColor: c.background, color: c.color }}
    />
  );
}

/** A policy status as a chip: Pass, Warn, Fail. */
export function PolicyStatusChip(props: {
  status: PolicyStatusValue;
  testId?: string;
}) {
  const c = POLICY[props.status];
  return (
    <Chip
      size="small"
      label={c.label}
      data-testid={props.testId}
      data-status={props.status}
      sx={{ backgroundColor: c.background, color: c.color, fontWeight: 600 }}
    />
  );
}
