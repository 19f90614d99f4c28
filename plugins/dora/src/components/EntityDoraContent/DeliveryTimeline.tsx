import type {
  TimelineDeployment,
  TimelineIncident,
} from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ReactNode, useState } from 'react';
import { NO_DATA, formatDuration, formatTimestamp } from '../../lib/format';

/** Rows shown before "Show all". */
const PAGE = 20;

const RULE_LABELS: Record<NonNullable<TimelineIncident['rule']>, string> = {
  causedByDeploymentId: 'named by the incident',
  rootCauseCommitSha: 'shipped the root-cause commit',
  previousDeployment: 'last deployment before it',
};

const OUTCOME_LABELS: Record<TimelineDeployment['outcome'], string> = {
  success: 'Success',
  failure: 'Failure',
  cancelled: 'Cancelled',
  in_progress: 'In progress',
};

/** `Rework`, `Rework (rollback)`, `Rework (hotfix)`. */
function reworkLabel(d: TimelineDeployment): string {
  const kinds = [d.rollback && 'rollback', d.hotfix && 'hotfix'].filter(
    Boolean,
  );
  return kinds.length > 0 ? `Rework (${kinds.join(', ')})` : 'Rework';
}

function millis(iso: string | null): number {
  return iso ? new Date(iso).getTime() : Number.NEGATIVE_INFINITY;
}

function newestFirst<T>(items: T[], at: (item: T) => string | null): T[] {
  return [...items].sort((a, b) => millis(at(b)) - millis(at(a)));
}

function Mark(props: {
  label: string;
  color?: 'error' | 'warning' | 'info' | 'default';
  title?: string;
}) {
  return (
    <Chip
      size="small"
      variant="outlined"
      label={props.label}
      color={props.color ?? 'default'}
      title={props.title}
      sx={{ ml: 0.5, mb: 0.25 }}
    />
  );
}

function ShowAll(props: {
  total: number;
  what: string;
  expanded: boolean;
  onClick: () => void;
}) {
  if (props.total <= PAGE) {
    return null;
  }
  return (
    <Button size="small" onClick={props.onClick} sx={{ mt: 1 }}>
      {props.expanded
        ? `Show the latest ${PAGE}`
        : `Show all ${props.total} ${props.what}`}
    </Button>
  );
}

/**
 * The theme lets table cells break words anywhere, so that a squeezed
 * column shows `Succes / s`. Cells keep their words whole, and headers and
 * short cells ({@link NOWRAP}) stay on one line; only the cells that may
 * wrap ({@link WRAP}) do. A table too wide for its card scrolls.
 */
const TABLE_SX = {
  '& th, & td': { px: 1, wordBreak: 'normal' },
  '& thead th': { whiteSpace: 'nowrap', verticalAlign: 'bottom' },
} as const;

/** A short cell: a time, an environment, an outcome, a count. */
const NOWRAP = { whiteSpace: 'nowrap' } as const;

/**
 * A cell that wraps: the marks, and the deployment ids, which can be long
 * (a UUID, `HelmRelease/apps/podinfo@6.5.4`).
 */
const WRAP = {
  whiteSpace: 'normal',
  overflowWrap: 'anywhere',
  minWidth: 112,
} as const;

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box sx={{ mb: 3 }}>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** The deployments of the window, newest first, with their marks. */
export function DeploymentsTable(props: {
  deployments: TimelineDeployment[];
  incidents: TimelineIncident[];
}) {
  const [expanded, setExpanded] = useState(false);
  const incidentsByDeployment = new Map<string, string[]>();
  for (const incident of props.incidents) {
    if (incident.deploymentId) {
      const ids = incidentsByDeployment.get(incident.deploymentId) ?? [];
      ids.push(incident.incidentId);
      incidentsByDeployment.set(incident.deploymentId, ids);
    }
  }
  const sorted = newestFirst(
    props.deployments,
    d => d.finishedAt ?? d.startedAt,
  );
  const rows = expanded ? sorted : sorted.slice(0, PAGE);
  if (sorted.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No deployments in the window.
      </Typography>
    );
  }
  return (
    <>
      <Box sx={{ overflowX: 'auto' }}>
        <Table
          size="small"
          aria-label="Deployments"
          data-testid="dora-deployments"
          sx={TABLE_SX}
        >
          <TableHead>
            <TableRow>
              <TableCell>Finished</TableCell>
              <TableCell>Deployment</TableCell>
              <TableCell>Environment</TableCell>
              <TableCell>Outcome</TableCell>
              <TableCell align="right">Changes</TableCell>
              <TableCell>Marks</TableCell>
              <TableCell>Recovered</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(d => (
              <TableRow
                key={d.deploymentId}
                data-testid={`dora-timeline-deployment-${d.deploymentId}`}
                sx={
                  d.failed
                    ? {
                        '& > td:first-of-type': {
                          borderLeft: 3,
                          borderLeftColor: 'error.main',
                        },
                      }
                    : undefined
                }
              >
                <TableCell sx={NOWRAP}>
                  {formatTimestamp(d.finishedAt ?? d.startedAt)}
                </TableCell>
                <TableCell sx={WRAP}>
                  {d.deploymentId}
                  {d.commitSha && (
                    <Typography
                      variant="caption"
                      color="text.secondary"
                      display="block"
                      title={d.commitSha}
                    >
                      {d.commitSha.slice(0, 7)}
                    </Typography>
                  )}
                </TableCell>
                <TableCell sx={NOWRAP}>
                  {d.environment}
                  {d.production &&
                    d.environment.toLocaleLowerCase('en-US') !==
                      'production' && (
                      <Mark
                        label="Production"
                        color="info"
                        title="A production environment: counts in the metrics"
                      />
                    )}
                </TableCell>
                <TableCell sx={NOWRAP}>
                  {OUTCOME_LABELS[d.outcome] ?? d.outcome}
                </TableCell>
                <TableCell align="right" sx={NOWRAP}>
                  {d.changes}
                </TableCell>
                <TableCell sx={WRAP}>
                  {d.failed && (
                    <Mark
                      label="Failed"
                      color="error"
                      title={`Failed in production: ${
                        d.failureCauses.join(', ') || 'unknown cause'
                      }`}
                    />
                  )}
                  {(incidentsByDeployment.get(d.deploymentId) ?? []).map(id => (
                    <Mark key={id} label={`Incident ${id}`} color="error" />
                  ))}
                  {(d.rework || d.rollback || d.hotfix) && (
                    <Mark label={reworkLabel(d)} color="warning" />
                  )}
                  {!d.counted && (
                    <Mark
                      label="Not counted"
                      title="Only finished, successful production deployments count in the metrics"
                    />
                  )}
                </TableCell>
                <TableCell sx={NOWRAP}>
                  {d.failed && d.recoveredAt && formatTimestamp(d.recoveredAt)}
                  {d.failed && !d.recoveredAt && (
                    <Mark label="Not recovered" color="error" />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      <ShowAll
        total={sorted.length}
        what="deployments"
        expanded={expanded}
        onClick={() => setExpanded(!expanded)}
      />
    </>
  );
}

/** The incidents of the window, newest first, with their attribution. */
export function IncidentsTable(props: { incidents: TimelineIncident[] }) {
  const [expanded, setExpanded] = useState(false);
  const sorted = newestFirst(props.incidents, i => i.openedAt);
  const rows = expanded ? sorted : sorted.slice(0, PAGE);
  if (sorted.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No incidents in the window.
      </Typography>
    );
  }
  return (
    <>
      <Box sx={{ overflowX: 'auto' }}>
        <Table
          size="small"
          aria-label="Incidents"
          data-testid="dora-incidents"
          sx={TABLE_SX}
        >
          <TableHead>
            <TableRow>
              <TableCell>Opened</TableCell>
              <TableCell>Incident</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>Resolved</TableCell>
              <TableCell>Time to restore</TableCell>
              <TableCell>Attributed to</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(i => (
              <TableRow
                key={i.incidentId}
                data-testid={`dora-timeline-incident-${i.incidentId}`}
              >
                <TableCell sx={NOWRAP}>{formatTimestamp(i.openedAt)}</TableCell>
                <TableCell sx={WRAP}>{i.incidentId}</TableCell>
                <TableCell sx={NOWRAP}>{i.severity ?? NO_DATA}</TableCell>
                <TableCell sx={NOWRAP}>
                  {i.resolvedAt ? (
                    formatTimestamp(i.resolvedAt)
                  ) : (
                    <Mark label="Open" color="error" />
                  )}
                </TableCell>
                <TableCell sx={NOWRAP}>
                  {i.resolvedAt
                    ? formatDuration(
                        (millis(i.resolvedAt) - millis(i.openedAt)) / 1000,
                      )
                    : NO_DATA}
                </TableCell>
                <TableCell sx={WRAP}>
                  {i.deploymentId ? (
                    <>
                      {i.deploymentId}
                      {i.rule && (
                        <Typography
                          variant="caption"
                          color="text.secondary"
                          display="block"
                          title={`Attribution rule: ${i.rule}`}
                        >
                          {RULE_LABELS[i.rule] ?? i.rule}
                        </Typography>
                      )}
                    </>
                  ) : (
                    <Typography
                      variant="body2"
                      component="span"
                      color="text.secondary"
                      title="No deployment could be blamed; it counts in no change fail rate"
                    >
                      Unattributed
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      <ShowAll
        total={sorted.length}
        what="incidents"
        expanded={expanded}
        onClick={() => setExpanded(!expanded)}
      />
    </>
  );
}

/** Deployments and incidents of the window. */
export function DeliveryTimeline(props: {
  deployments: TimelineDeployment[];
  incidents: TimelineIncident[];
}) {
  return (
    <Box data-testid="dora-timeline">
      <Section title={`Deployments (${props.deployments.length})`}>
        <DeploymentsTable
          deployments={props.deployments}
          incidents={props.incidents}
        />
      </Section>
      <Section title={`Incidents (${props.incidents.length})`}>
        <IncidentsTable incidents={props.incidents} />
      </Section>
    </Box>
  );
}
