import { InfoCard, Progress } from '@backstage/core-components';
import type { PolicyOverviewResponse } from '@goldpath/plugin-policy-common';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { usePolicyOverview } from '../../hooks/usePolicyOverview';
import { useUnmappedResults } from '../../hooks/useUnmappedResults';
import { isForbidden } from '../../lib/errors';
import {
  formatOpenFor,
  formatSubject,
  formatTimestamp,
  NO_DATA,
  SEVERITY_KEYS,
  SeverityKey,
  severityKey,
  totalViolations,
} from '../../lib/format';
import { SeverityChip, StatusChip } from '../shared/Chips';
import { EntityLink } from '../shared/EntityLink';
import {
  PolicyLoadError,
  PostReportInstructions,
} from '../shared/PolicyStates';

/** How many unmapped results the page lists. */
export const UNMAPPED_LISTED = 50;

/**
 * Props of the policy overview.
 *
 * @public
 */
export interface PolicyOverviewPageProps {
  /** How many unmapped results to list at most (the total is always shown); 50 by default. */
  unmappedLimit?: number;
}

function SeverityCounts(props: {
  counts: Partial<Record<SeverityKey, number>>;
  testIdPrefix?: string;
}) {
  const { counts, testIdPrefix } = props;
  const keys = SEVERITY_KEYS.filter(k => (counts[k] ?? 0) > 0);
  if (keys.length === 0) {
    return (
      <Typography variant="body2" component="span" color="text.secondary">
        none open
      </Typography>
    );
  }
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
      {keys.map(k => (
        <SeverityChip
          key={k}
          severity={k}
          count={counts[k]}
          testId={testIdPrefix ? `${testIdPrefix}-${k}` : undefined}
        />
      ))}
    </Box>
  );
}

function StatusTiles(props: { overview: PolicyOverviewResponse }) {
  const { entities } = props.overview;
  const tiles = [
    { key: 'total', label: 'Entities with reports', value: entities.total },
    { key: 'fail', label: 'Failing', value: entities.fail },
    { key: 'warn', label: 'Warning', value: entities.warn },
    { key: 'pass', label: 'Passing', value: entities.pass },
  ];
  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
        gap: 1.5,
        m: 0,
      }}
    >
      {tiles.map(tile => (
        <Box
          key={tile.key}
          sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1 }}
        >
          <Typography component="dt" variant="caption" color="text.secondary">
            {tile.label}
          </Typography>
          <Typography
            component="dd"
            variant="h4"
            sx={{ m: 0 }}
            data-testid={`policy-overview-status-${tile.key}`}
          >
            {tile.value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function WorstOffenders(props: { overview: PolicyOverviewResponse }) {
  const rows = props.overview.worstOffenders;
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No entity has open violations.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Worst offenders">
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Open violations</TableCell>
          <TableCell>Last audit</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow
            key={row.entityRef}
            data-testid="policy-offender-row"
            data-entity-ref={row.entityRef}
          >
            <TableCell>
              <EntityLink entityRef={row.entityRef} />
            </TableCell>
            <TableCell>
              <StatusChip status={row.status} testId="policy-offender-status" />
            </TableCell>
            <TableCell>
              <SeverityCounts counts={row.violationsBySeverity} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {formatTimestamp(row.lastAudit)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function OldestOpen(props: { overview: PolicyOverviewResponse }) {
  const rows = props.overview.oldestOpen;
  const now = Date.now();
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No open violations.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Oldest open violations">
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          <TableCell>Policy</TableCell>
          <TableCell>Severity</TableCell>
          <TableCell>Resource or file</TableCell>
          <TableCell>Open since</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow
            key={`${row.entityRef}|${row.key}`}
            data-testid="policy-oldest-row"
          >
            <TableCell>
              <EntityLink entityRef={row.entityRef} />
            </TableCell>
            <TableCell>
              {row.policy}
              {row.rule ? ` / ${row.rule}` : ''}
            </TableCell>
            <TableCell>
              <SeverityChip severity={severityKey(row.severity)} />
            </TableCell>
            <TableCell>
              {formatSubject(row)}
              <Typography
                variant="caption"
                component="p"
                color="text.secondary"
              >
                in {row.source}
              </Typography>
            </TableCell>
            <TableCell
              sx={{ whiteSpace: 'nowrap' }}
              data-testid="policy-oldest-open"
              title={`First seen ${formatTimestamp(row.firstSeen)}`}
            >
              {formatOpenFor(row.firstSeen, now)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ByPolicy(props: { overview: PolicyOverviewResponse }) {
  const rows = [...props.overview.byPolicy].sort(
    (a, b) => b.violations - a.violations || a.policy.localeCompare(b.policy),
  );
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No policy has open violations.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Open violations per policy">
      <TableHead>
        <TableRow>
          <TableCell>Policy</TableCell>
          <TableCell>Severity</TableCell>
          <TableCell align="right">Violations</TableCell>
          <TableCell align="right">Entities</TableCell>
          <TableCell>Bundle</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow
            key={`${row.policy}|${row.bundleRef ?? ''}`}
            data-testid="policy-by-policy-row"
            data-policy={row.policy}
          >
            <TableCell>{row.policy}</TableCell>
            <TableCell>
              <SeverityChip severity={severityKey(row.severity)} />
            </TableCell>
            <TableCell align="right">{row.violations}</TableCell>
            <TableCell align="right">{row.entities}</TableCell>
            <TableCell>
              {row.bundleRef ? (
                <EntityLink entityRef={row.bundleRef} />
              ) : (
                NO_DATA
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Unmapped(props: { count: number; limit: number }) {
  const { count, limit } = props;
  const { value, loading, error } = useUnmappedResults({
    limit,
    enabled: count > 0,
  });
  return (
    <Box>
      <Typography variant="body2" gutterBottom>
        <strong data-testid="policy-unmapped-count">{count}</strong>{' '}
        {count === 1 ? 'result names' : 'results name'} no entity the catalog
        knows yet. They are kept, and mapped once an entity claims their
        resource (by its labels or annotations) or file.
      </Typography>
      {count > 0 && error && (
        <Typography
          variant="body2"
          color="text.secondary"
          data-testid="policy-unmapped-error"
        >
          {isForbidden(error)
            ? 'You need the policy.read permission to list them.'
            : `Could not list them: ${error.message}`}
        </Typography>
      )}
      {count > 0 && !error && !value && loading && (
        <LinearProgress aria-label="Loading unmapped results" />
      )}
      {value && value.items.length > 0 && (
        <>
          <Table size="small" aria-label="Unmapped results">
            <TableHead>
              <TableRow>
                <TableCell>Source</TableCell>
                <TableCell>Policy</TableCell>
                <TableCell>Resource or file</TableCell>
                <TableCell>Received</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.items.map((item, i) => (
                <TableRow
                  key={`${item.source}|${item.policy}|${item.rule ?? ''}|${i}`}
                  data-testid="policy-unmapped-row"
                >
                  <TableCell>{item.source}</TableCell>
                  <TableCell>
                    {item.policy}
                    {item.rule ? ` / ${item.rule}` : ''}
                  </TableCell>
                  <TableCell>{formatSubject(item)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatTimestamp(item.receivedAt)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {value.total > value.items.length && (
            <Typography variant="caption" color="text.secondary">
              The newest {value.items.length} of {value.total}.
            </Typography>
          )}
        </>
      )}
    </Box>
  );
}

function Overview(props: {
  overview: PolicyOverviewResponse;
  unmappedLimit: number;
}) {
  const { overview, unmappedLimit } = props;
  const open = totalViolations(overview.violationsBySeverity);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Entities by status"
          subheader={`As of ${formatTimestamp(overview.generatedAt)}`}
        >
          <StatusTiles overview={overview} />
          <Box sx={{ mt: 2, display: 'flex', alignItems: 'center', gap: 1 }}>
            <Typography variant="body2" data-testid="policy-overview-open">
              {open} open {open === 1 ? 'violation' : 'violations'}
            </Typography>
            <SeverityCounts
              counts={overview.violationsBySeverity}
              testIdPrefix="policy-overview-severity"
            />
            {overview.excepted > 0 && (
              <Typography variant="body2" color="text.secondary">
                · {overview.excepted} excepted
              </Typography>
            )}
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <InfoCard title="Worst offenders">
          <WorstOffenders overview={overview} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <InfoCard title="Oldest open violations">
          <OldestOpen overview={overview} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <InfoCard title="Open violations per policy">
          <ByPolicy overview={overview} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <InfoCard title="Unmapped results">
          <Unmapped count={overview.unmapped} limit={unmappedLimit} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * The policy overview of the platform team, without a page header: the
 * entities by status, the worst offenders, the oldest open violations, the
 * open violations per policy and the results no entity claims yet.
 *
 * @public
 */
export function PolicyOverviewContent(props: PolicyOverviewPageProps) {
  const { unmappedLimit = UNMAPPED_LISTED } = props;
  const { value, loading, error, retry } = usePolicyOverview();
  let content: JSX.Element;
  if (error && !loading) {
    content = (
      <PolicyLoadError
        error={error}
        retry={retry}
        title="Could not load the policy overview"
        what="the policy overview"
      />
    );
  } else if (!value) {
    content = <Progress />;
  } else if (value.entities.total === 0 && value.unmapped === 0) {
    content = (
      <Box data-testid="policy-overview-empty" sx={{ py: 2 }}>
        <Typography variant="h6" component="p" gutterBottom>
          No policy reports yet
        </Typography>
        <Typography variant="body2" color="text.secondary">
          No policy report has been posted yet, or none names an entity you may
          see. Post one for an entity with
        </Typography>
        <PostReportInstructions entityRef="component:default/my-service" />
      </Box>
    );
  } else {
    content = <Overview overview={value} unmappedLimit={unmappedLimit} />;
  }
  return <Box data-testid="policy-overview">{content}</Box>;
}
