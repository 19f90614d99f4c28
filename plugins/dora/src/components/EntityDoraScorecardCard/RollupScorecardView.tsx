import type {
  Distribution,
  EntityRollupResponse,
  RollupGroup,
} from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { compareMetric } from '../../lib/compare';
import {
  NO_DATA,
  formatCount,
  formatDecimal,
  formatDuration,
  formatPercent,
} from '../../lib/format';
import { ChangeIndicator } from '../shared/ChangeIndicator';
import { EntityLink } from '../shared/EntityLink';
import { MetricTile, MetricTileProps } from './MetricTile';

/** How many services the card lists before "and N more". */
const MAX_SERVICES_LISTED = 8;

type Formatter = (value: number | null) => string;

/** `n = 2 of 3 services` when some services have no value, else `3 services`. */
export function coverage(d: Distribution, services: number): string {
  return d.n < services
    ? `n = ${d.n} of ${formatCount(services, 'service')}`
    : formatCount(d.n, 'service');
}

function spread(d: Distribution, format: Formatter): string[] {
  if (d.n < 2 || d.p25 === null || d.p75 === null) {
    return [];
  }
  return [`p25–p75 ${format(d.p25)}–${format(d.p75)}`];
}

function rollupTiles(group: RollupGroup): MetricTileProps[] {
  const m = group.metrics;
  const tile = (
    metricKey: MetricTileProps['metricKey'],
    label: string,
    d: Distribution,
    format: Formatter,
    unit?: string,
  ): MetricTileProps => ({
    metricKey,
    label,
    value: format(d.median),
    unit,
    details: [coverage(d, group.services), ...spread(d, format)],
  });
  return [
    tile(
      'deploymentFrequency',
      'Deployment frequency',
      m.deploymentsPerWeek,
      formatDecimal,
      'per week, median',
    ),
    tile(
      'changeLeadTime',
      'Change lead time',
      m.leadTimeSeconds,
      formatDuration,
      'median',
    ),
    tile(
      'changeFailRate',
      'Change fail rate',
      m.changeFailRate,
      formatPercent,
      'median',
    ),
    tile(
      'failedDeploymentRecoveryTime',
      'Failed deployment recovery time',
      m.recoverySeconds,
      formatDuration,
      'median',
    ),
    tile(
      'deploymentReworkRate',
      'Deployment rework rate',
      m.reworkRate,
      formatPercent,
      'median',
    ),
  ];
}

/** Whether both golden-path slices have services to compare. */
export function hasGoldenPathComparison(group: RollupGroup): boolean {
  const { golden, other } = group.goldenPath;
  return golden.services > 0 && other.services > 0;
}

/**
 * Golden-path services against the others: the medians of lead time and
 * deployments per week and their difference.
 */
export function GoldenPathComparison(props: { group: RollupGroup }) {
  const { golden, other, delta } = props.group.goldenPath;
  const rows = [
    {
      key: 'leadTime',
      label: 'Lead time',
      golden: formatDuration(golden.metrics.leadTimeSeconds.median),
      other: formatDuration(other.metrics.leadTimeSeconds.median),
      change: compareMetric(
        delta.leadTimeSeconds,
        0,
        'lower',
        'duration',
        'on the golden path',
      ),
    },
    {
      key: 'deploymentsPerWeek',
      label: 'Deployments per week',
      golden: formatDecimal(golden.metrics.deploymentsPerWeek.median),
      other: formatDecimal(other.metrics.deploymentsPerWeek.median),
      change: compareMetric(
        delta.deploymentsPerWeek,
        0,
        'higher',
        'decimal',
        'on the golden path',
      ),
    },
  ];
  return (
    <Box data-testid="dora-golden-path">
      <Typography variant="subtitle2" component="p">
        Golden path vs other services
      </Typography>
      <Typography variant="caption" color="text.secondary" component="p">
        {formatCount(golden.services, 'service')} from a software template,{' '}
        {formatCount(other.services, 'other service', 'other services')};
        medians.
      </Typography>
      <Box
        component="table"
        sx={{
          mt: 0.5,
          borderCollapse: 'collapse',
          '& th, & td': { pr: 2, py: 0.25, textAlign: 'left' },
          '& td': { whiteSpace: 'nowrap' },
        }}
      >
        <thead>
          <tr>
            <td />
            {['Golden path', 'Others', 'Difference'].map(label => (
              <Typography
                key={label}
                component="th"
                scope="col"
                variant="caption"
                color="text.secondary"
              >
                {label}
              </Typography>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(row => (
            <tr key={row.key} data-testid={`dora-golden-path-${row.key}`}>
              <Typography component="th" scope="row" variant="body2">
                {row.label}
              </Typography>
              <Typography component="td" variant="body2">
                {row.golden}
              </Typography>
              <Typography component="td" variant="body2">
                {row.other}
              </Typography>
              <td>
                {row.change ? (
                  <ChangeIndicator
                    change={row.change}
                    testId={`dora-golden-path-${row.key}-delta`}
                  />
                ) : (
                  <Typography variant="caption" component="span">
                    {NO_DATA}
                  </Typography>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Box>
    </Box>
  );
}

function ServiceList(props: { rollup: EntityRollupResponse }) {
  const services = [...props.rollup.services].sort(
    (a, b) => (b.scorecard.score ?? -1) - (a.scorecard.score ?? -1),
  );
  const shown = services.slice(0, MAX_SERVICES_LISTED);
  return (
    <Box>
      <Typography variant="subtitle2" component="p">
        Services by score
      </Typography>
      <Box
        component="ul"
        data-testid="dora-rollup-services"
        sx={{ listStyle: 'none', p: 0, m: 0 }}
      >
        {shown.map(service => (
          <Box
            component="li"
            key={service.entityRef}
            sx={{
              display: 'flex',
              justifyContent: 'space-between',
              gap: 1,
              py: 0.25,
            }}
          >
            <Typography variant="body2" component="span">
              <EntityLink entityRef={service.entityRef}>
                {service.title}
              </EntityLink>
              {service.template && (
                <Typography
                  component="span"
                  variant="caption"
                  color="text.secondary"
                >
                  {' '}
                  · golden path
                </Typography>
              )}
            </Typography>
            <Typography variant="body2" component="span">
              {formatDecimal(service.scorecard.score)}
            </Typography>
          </Box>
        ))}
      </Box>
      {services.length > shown.length && (
        <Typography variant="caption" color="text.secondary">
          and {services.length - shown.length} more
        </Typography>
      )}
    </Box>
  );
}

/** The rollup of a group, system or domain (`scope: 'rollup'`). */
export function RollupScorecardView(props: { rollup: EntityRollupResponse }) {
  const { rollup } = props;
  const group = rollup.rollup;
  if (group.services === 0) {
    return (
      <Box data-testid="dora-rollup-empty" sx={{ py: 2 }}>
        <Typography variant="h6" component="p" gutterBottom>
          No services to roll up
        </Typography>
        <Typography variant="body2" color="text.secondary">
          No measured service belongs to this entity yet. The rollup covers the
          components it owns or contains.
        </Typography>
      </Box>
    );
  }
  const score = group.metrics.score;
  return (
    <Box data-testid="dora-rollup">
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="dora-rollup-summary"
      >
        Rollup of {formatCount(group.services, 'service')}
      </Typography>
      <Box sx={{ mb: 2, mt: 1 }}>
        <Typography variant="overline" component="p" color="text.secondary">
          Median score
        </Typography>
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 0.5 }}>
          <Typography
            variant="h3"
            component="p"
            data-testid="dora-metric-score"
            title={score.median === null ? 'No data' : undefined}
          >
            {formatDecimal(score.median)}
          </Typography>
          <Typography variant="body2" component="span" color="text.secondary">
            / 10 · {coverage(score, group.services)}
          </Typography>
        </Box>
      </Box>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
          gap: 1.5,
          m: 0,
        }}
      >
        {rollupTiles(group).map(tile => (
          <MetricTile key={tile.metricKey} {...tile} />
        ))}
      </Box>
      {hasGoldenPathComparison(group) && (
        <Box sx={{ mt: 2 }}>
          <GoldenPathComparison group={group} />
        </Box>
      )}
      {rollup.services.length > 0 && (
        <Box sx={{ mt: 2 }}>
          <ServiceList rollup={rollup} />
        </Box>
      )}
      <Typography
        variant="caption"
        component="p"
        color="text.secondary"
        sx={{ mt: 1 }}
      >
        Medians of the services&apos; own values; n counts the services with
        data. — means no data.
      </Typography>
    </Box>
  );
}
