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
      <Table
        size="small"
        aria-label="Open violations"
        sx={{ '& td': { verticalAlign: 'top' } }}
      >
        <TableHead>
          <TableRow>
            <TableCell>Severity</TableCell>
            <TableCell>Violation</TableCell>
            <TableCell>Where</TableCell>
            <TableCell>Open</TableCell>
            <TableCell>How to fix</TableCell>
            {onWaive && <TableCell aria-label="Actions" />}
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
              <TableCell sx={{ minWidth: 170 }}>
                <Typography
                  variant="body2"
                  component="span"
                  fontWeight={500}
                  data-testid="policy-violation-policy"
                >
                  {violation.policy}
                </Typography>
                <Typography
                  variant="body2"
                  component="span"
                  color="text.secondary"
                  aria-hidden
                >
                  {' / '}
                </Typography>
                <Typography
                  variant="body2"
                  component="span"
                  color="text.secondary"
                >
                  {violation.rule ?? NO_DATA}
                </Typography>
                <Typography
                  variant="body2"
                  component="p"
                  color="text.secondary"
                  sx={{ mt: 0.5, overflowWrap: 'anywhere' }}
                >
                  {violation.message ?? NO_DATA}
                </Typography>
              </TableCell>
              <TableCell sx={{ minWidth: 110, overflowWrap: 'anywhere' }}>
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
              <TableCell sx={{ minWidth: 150 }}>
                <Remediation
                  remediation={violation.remediation}
                  runbook={violation.runbook}
                />
                <Typography
                  variant="caption"
                  component="p"
                  color="text.secondary"
                  data-testid="policy-violation-bundle"
                >
                  {violation.bundleRef ? (
                    <>
                      Bundle <EntityLink entityRef={violation.bundleRef} />
                    </>
                  ) : (
                    NO_DATA
                  )}
                </Typography>
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
