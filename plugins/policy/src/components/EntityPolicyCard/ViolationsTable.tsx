import type { PolicyViolation } from '@goldpath/plugin-policy-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import {
  formatOpenFor,
  formatSubject,
  formatTimestamp,
  NO_DATA,
  severityKey,
  severityRank,
} from '../../lib/format';
import { EntityLink } from '../shared/EntityLink';
import { SeverityChip } from '../shared/Chips';
import { Remediation } from './Remediation';

/** How many rows the table shows before "Show all". */
export const ROWS_SHOWN = 25;

/** Worst severity first, then the one open longest. */
export function sortViolations(
  violations: readonly PolicyViolation[],
): PolicyViolation[] {
  return [...violations].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.firstSeen.localeCompare(b.firstSeen) ||
      a.key.localeCompare(b.key),
  );
}

/**
 * The open violations of an entity: severity, policy and rule, message,
 * the resource or file with its source, how long it has been open, the
 * remediation with the bundle's runbook, and the bundle. With `onWaive`,
 * each row has a button that records a waiver for it.
 */
export function ViolationsTable(props: {
  violations: PolicyViolation[];
  onWaive?: (violation: PolicyViolation) => void;
}) {
  const { violations, onWaive } = props;
  const [showAll, setShowAll] = useState(false);
  const sorted = sortViolations(violations);
  const shown = showAll ? sorted : sorted.slice(0, ROWS_SHOWN);
  const now = Date.now();
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Open violations">
        <TableHead>
          <TableRow>
            <TableCell>Severity</TableCell>
            <TableCell>Policy</TableCell>
            <TableCell>Rule</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Resource or file</TableCell>
            <TableCell>Open since</TableCell>
            <TableCell>Remediation</TableCell>
            <TableCell>Bundle</TableCell>
            {onWaive && <TableCell>Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map(violation => (
            <TableRow
              key={violation.key}
              data-testid="policy-violation-row"
              data-key={violation.key}
              data-severity={severityKey(violation.severity)}
            >
              <TableCell>
                <SeverityChip severity={severityKey(violation.severity)} />
                {violation.status !== 'fail' && (
                  <Typography
                    variant="caption"
                    component="p"
                    color="text.secondary"
                  >
                    {violation.status}
                  </Typography>
                )}
              </TableCell>
              <TableCell data-testid="policy-violation-policy">
                {violation.policy}
              </TableCell>
              <TableCell>{violation.rule ?? NO_DATA}</TableCell>
              <TableCell sx={{ minWidth: 160 }}>
                {violation.message ?? NO_DATA}
              </TableCell>
              <TableCell>
                <Typography variant="body2" component="span">
                  {formatSubject(violation)}
                </Typography>
                <Typography
                  variant="caption"
                  component="p"
                  color="text.secondary"
                >
                  in {violation.source}
                </Typography>
              </TableCell>
              <TableCell
                data-testid="policy-violation-open"
                title={`First seen ${formatTimestamp(violation.firstSeen)}`}
                sx={{ whiteSpace: 'nowrap' }}
              >
                {formatOpenFor(violation.firstSeen, now)}
              </TableCell>
              <TableCell sx={{ minWidth: 160 }}>
                <Remediation
                  remediation={violation.remediation}
                  runbook={violation.runbook}
                />
              </TableCell>
              <TableCell data-testid="policy-violation-bundle">
                {violation.bundleRef ? (
                  <EntityLink entityRef={violation.bundleRef} />
                ) : (
                  NO_DATA
                )}
              </TableCell>
              {onWaive && (
                <TableCell>
                  <Button
                    size="small"
                    onClick={() => onWaive(violation)}
                    aria-label={`Waive ${violation.policy}${
                      violation.rule ? ` / ${violation.rule}` : ''
                    }`}
                  >
                    Waive
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {sorted.length > shown.length && (
        <Button size="small" onClick={() => setShowAll(true)} sx={{ mt: 1 }}>
          Show all {sorted.length} violations
        </Button>
      )}
    </Box>
  );
}
