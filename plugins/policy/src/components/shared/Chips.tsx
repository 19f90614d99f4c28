import type { PolicyStatus } from '@goldpath/plugin-policy-common';
import Chip from '@mui/material/Chip';
import {
  SeverityKey,
  severityColors,
  severityLabel,
  statusColors,
  statusLabel,
} from '../../lib/format';

/** The status of an entity as a coloured chip: Pass, Warn or Fail. */
export function StatusChip(props: { status: PolicyStatus; testId?: string }) {
  const { status } = props;
  const colors = statusColors(status);
  return (
    <Chip
      size="small"
      label={statusLabel(status)}
      data-testid={props.testId ?? 'policy-status'}
      data-status={status}
      sx={{
        backgroundColor: colors.background,
        color: colors.color,
        fontWeight: 600,
      }}
    />
  );
}

/**
 * A severity as a coloured chip, with a count when given: `High 2`. The
 * label is written out, so the colour is never the only cue.
 */
export function SeverityChip(props: {
  severity: SeverityKey;
  count?: number;
  testId?: string;
}) {
  const { severity, count } = props;
  const colors = severityColors(severity);
  const label =
    count === undefined
      ? severityLabel(severity)
      : `${severityLabel(severity)} ${count}`;
  return (
    <Chip
      size="small"
      label={label}
      data-testid={props.testId}
      data-severity={severity}
      sx={{ backgroundColor: colors.background, color: colors.color }}
    />
  );
}
