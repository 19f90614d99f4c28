import type {
  EntityScorecardResponse,
  ServiceScorecard,
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
  formatTemplate,
} from '../../lib/format';
import { ChangeIndicator } from '../shared/ChangeIndicator';
import { EntityLink } from '../shared/EntityLink';
import { DeploymentsSparkline } from './DeploymentsSparkline';
import { MetricTile, MetricTileProps } from './MetricTile';

function ofDeployments(count: number, deployments: number, what: string) {
  return deployments === 0
    ? 'No deployments'
    : `${count} of ${formatCount(deployments, 'deployment')} ${what}`;
}

function metricTiles(
  s: ServiceScorecard,
  previous: ServiceScorecard | null,
): MetricTileProps[] {
  const df = s.deploymentFrequency;
  const lt = s.changeLeadTime;
  const cfr = s.changeFailRate;
  const rt = s.failedDeploymentRecoveryTime;
  const rr = s.deploymentReworkRate;
  // No production deployment at all (in the window or before it): the
  // engine gives no level; 0 per week would read as a measured result.
  const noProduction = df.level === null && df.deployments === 0;
  const negativeRecoveries = rt.negative ?? 0;
  return [
    {
      metricKey: 'deploymentFrequency',
      label: 'Deployment frequency',
      value: noProduction ? NO_DATA : formatDecimal(df.perWeek),
      unit: 'per week',
      details: noProduction
        ? ['No production deployments']
        : [
            formatCount(df.deployments, 'deployment'),
            ...(df.onDemand ? ['On demand'] : []),
          ],
      level: df.level,
      score: df.score,
      change: compareMetric(
        noProduction ? null : df.perWeek,
        previous?.deploymentFrequency.perWeek,
        'higher',
        'decimal',
      ),
    },
    {
      metricKey: 'changeLeadTime',
      label: 'Change lead time',
      value: formatDuration(lt.medianSeconds),
      unit: 'median',
      details: [
        formatCount(lt.changes, 'change'),
        ...(lt.p90Seconds !== null
          ? [`p90 ${formatDuration(lt.p90Seconds)}`]
          : []),
      ],
      level: lt.level,
      score: lt.score,
      change: compareMetric(
        lt.medianSeconds,
        previous?.changeLeadTime.medianSeconds,
        'lower',
        'duration',
      ),
    },
    {
      metricKey: 'changeFailRate',
      label: 'Change fail rate',
      value: formatPercent(cfr.ratio),
      details: [
        ofDeployments(cfr.failedDeployments, cfr.deployments, 'failed'),
      ],
      level: cfr.level,
      score: cfr.score,
      change: compareMetric(
        cfr.ratio,
        previous?.changeFailRate.ratio,
        'lower',
        'ratio',
      ),
    },
    {
      metricKey: 'failedDeploymentRecoveryTime',
      label: 'Failed deployment recovery time',
      value: formatDuration(rt.medianSeconds),
      unit: 'median',
      details: [
        `${rt.recovered} recovered`,
        ...(rt.open > 0 ? [`${rt.open} open`] : []),
        ...(negativeRecoveries > 0
          ? [`${negativeRecoveries} recovered before failing (clock skew)`]
          : []),
      ],
      level: rt.level,
      score: rt.score,
      change: compareMetric(
        rt.medianSeconds,
        previous?.failedDeploymentRecoveryTime.medianSeconds,
        'lower',
        'duration',
      ),
    },
    {
      metricKey: 'deploymentReworkRate',
      label: 'Deployment rework rate',
      value: formatPercent(rr.ratio),
      details: [ofDeployments(rr.reworkDeployments, rr.deployments, 'rework')],
      level: rr.level,
      score: rr.score,
      change: compareMetric(
        rr.ratio,
        previous?.deploymentReworkRate.ratio,
        'lower',
        'ratio',
      ),
    },
  ];
}

/** The template a service was created from, linked to its catalog page. */
export function TemplateAttribution(props: {
  template: { ref: string; version?: string };
}) {
  const { template } = props;
  return (
    <Typography
      variant="body2"
      color="text.secondary"
      data-testid="dora-template"
    >
      Golden path:{' '}
      <EntityLink entityRef={template.ref}>
        {formatTemplate(template)}
      </EntityLink>
    </Typography>
  );
}

/** The scorecard of one service (`scope: 'service'`). */
export function ServiceScorecardView(props: {
  scorecard: EntityScorecardResponse;
}) {
  const { scorecard } = props;
  const previous = scorecard.previousWeek ?? null;
  const scoreChange = compareMetric(
    scorecard.score,
    previous?.score,
    'higher',
    'decimal',
  );
  return (
    <Box>
      {scorecard.template && (
        <Box sx={{ mb: 1 }}>
          <TemplateAttribution template={scorecard.template} />
        </Box>
      )}
      <Box
        sx={{
          display: 'flex',
          alignItems: 'flex-end',
          justifyContent: 'space-between',
          flexWrap: 'wrap',
          gap: 2,
          mb: 2,
        }}
      >
        <Box>
          <Typography variant="overline" component="p" color="text.secondary">
            Overall score
          </Typography>
          <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 0.5 }}>
            <Typography
              variant="h3"
              component="p"
              data-testid="dora-metric-score"
              title={scorecard.score === null ? 'No data' : undefined}
            >
              {formatDecimal(scorecard.score)}
            </Typography>
            <Typography variant="body2" component="span" color="text.secondary">
              / 10
            </Typography>
            {scoreChange && (
              <ChangeIndicator
                change={scoreChange}
                testId="dora-metric-score-change"
              />
            )}
          </Box>
        </Box>
        <DeploymentsSparkline weekly={scorecard.trends?.weekly} />
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
        {metricTiles(scorecard, previous).map(tile => (
          <MetricTile key={tile.metricKey} {...tile} />
        ))}
      </Box>
      <Typography
        variant="caption"
        component="p"
        color="text.secondary"
        sx={{ mt: 1 }}
      >
        Levels from the {scorecard.benchmark} benchmark; — means no data.
        {previous && ' ▲▼ compare with the same window one week earlier.'}
      </Typography>
    </Box>
  );
}
