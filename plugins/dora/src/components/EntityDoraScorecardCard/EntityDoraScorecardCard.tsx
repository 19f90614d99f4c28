import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ServiceScorecard } from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useEntityScorecard } from '../../hooks/useEntityScorecard';
import {
  formatCount,
  formatDecimal,
  formatDuration,
  formatPercent,
  formatWindow,
  isEmptyScorecard,
} from '../../lib/format';
import { DeploymentsSparkline } from './DeploymentsSparkline';
import { MetricTile, MetricTileProps } from './MetricTile';

/**
 * Props of {@link EntityDoraScorecardCard}.
 *
 * @public
 */
export interface EntityDoraScorecardCardProps {
  /** Window length such as `30d` or `12w`; the backend default when omitted. */
  window?: string;
  /** Layout variant of the underlying `InfoCard`. */
  variant?: 'flex' | 'fullHeight' | 'gridItem';
}

function ofDeployments(count: number, deployments: number, what: string) {
  return deployments === 0
    ? 'No deployments'
    : `${count} of ${formatCount(deployments, 'deployment')} ${what}`;
}

function metricTiles(s: ServiceScorecard): MetricTileProps[] {
  const df = s.deploymentFrequency;
  const lt = s.changeLeadTime;
  const cfr = s.changeFailRate;
  const rt = s.failedDeploymentRecoveryTime;
  const rr = s.deploymentReworkRate;
  return [
    {
      metricKey: 'deploymentFrequency',
      label: 'Deployment frequency',
      value: formatDecimal(df.perWeek),
      unit: 'per week',
      details: [
        formatCount(df.deployments, 'deployment'),
        ...(df.onDemand ? ['On demand'] : []),
      ],
      level: df.level,
      score: df.score,
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
    },
    {
      metricKey: 'failedDeploymentRecoveryTime',
      label: 'Failed deployment recovery time',
      value: formatDuration(rt.medianSeconds),
      unit: 'median',
      details: [
        `${rt.recovered} recovered`,
        ...(rt.open > 0 ? [`${rt.open} open`] : []),
      ],
      level: rt.level,
      score: rt.score,
    },
    {
      metricKey: 'deploymentReworkRate',
      label: 'Deployment rework rate',
      value: formatPercent(rr.ratio),
      details: [ofDeployments(rr.reworkDeployments, rr.deployments, 'rework')],
      level: rr.level,
      score: rr.score,
    },
  ];
}

function NoDeliveryEvents() {
  return (
    <Box data-testid="dora-scorecard-empty" sx={{ py: 2 }}>
      <Typography variant="h6" component="p" gutterBottom>
        No delivery events yet
      </Typography>
      <Typography variant="body2" color="text.secondary">
        This service has no deployments or changes in the window. CI/CD tools
        send deployment, change and incident events to{' '}
        <code>/api/dora/events</code>; the scorecard fills in once they arrive.
      </Typography>
    </Box>
  );
}

function Scorecard(props: { scorecard: ServiceScorecard }) {
  const { scorecard } = props;
  return (
    <Box>
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
        {metricTiles(scorecard).map(tile => (
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
      </Typography>
    </Box>
  );
}

/**
 * The DORA scorecard of the current catalog entity: the overall score, the
 * five DORA metrics with their levels and scores, and the weekly deployments.
 *
 * @public
 */
export function EntityDoraScorecardCard(props: EntityDoraScorecardCardProps) {
  const { variant } = props;
  const { entity } = useEntity();
  const { value, loading, error, retry } = useEntityScorecard(entity, {
    window: props.window,
  });

  let content: JSX.Element;
  if (error && !loading) {
    content = (
      <Box>
        <ResponseErrorPanel
          error={error}
          title="Could not load the DORA scorecard"
        />
        <Button size="small" onClick={retry} sx={{ mt: 1 }}>
          Retry
        </Button>
      </Box>
    );
  } else if (!value) {
    // First load, or a retry after an error (a refresh keeps the old value).
    content = <Progress />;
  } else if (isEmptyScorecard(value)) {
    content = <NoDeliveryEvents />;
  } else {
    content = <Scorecard scorecard={value} />;
  }

  return (
    <Box
      data-testid="dora-scorecard-card"
      sx={variant === 'gridItem' ? { height: '100%' } : undefined}
    >
      <InfoCard
        title="DORA scorecard"
        subheader={value ? formatWindow(value.window.days) : undefined}
        variant={variant}
      >
        {content}
      </InfoCard>
    </Box>
  );
}
