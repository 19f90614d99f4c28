import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityScorecardResponse } from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { ReactNode, useState } from 'react';
import { useEntityScorecard } from '../../hooks/useEntityScorecard';
import { useEntityTimeline } from '../../hooks/useEntityTimeline';
import {
  formatTimestamp,
  formatWindow,
  isEmptyScorecard,
} from '../../lib/format';
import {
  ErrorWithRetry,
  NoDeliveryEvents,
} from '../EntityDoraScorecardCard/EntityDoraScorecardCard';
import { TemplateAttribution } from '../EntityDoraScorecardCard/ServiceScorecardView';
import { WindowSelector } from '../shared/WindowSelector';
import { DeliveryTimeline } from './DeliveryTimeline';
import { LeadTimeHistogram } from './LeadTimeHistogram';
import { WeeklyTrends } from './WeeklyTrends';

/**
 * Props of {@link EntityDoraContent}.
 *
 * @public
 */
export interface EntityDoraContentProps {
  /**
   * The initial window, such as `30d` or `12w`; the backend default when
   * omitted. The reader can switch between 30, 90 and 180 days.
   */
  window?: string;
}

function Panel(props: { title: string; testId: string; children: ReactNode }) {
  return (
    <Box data-testid={props.testId} sx={{ height: '100%' }}>
      <InfoCard title={props.title} variant="fullHeight">
        {props.children}
      </InfoCard>
    </Box>
  );
}

function Trends(props: { scorecard: EntityScorecardResponse }) {
  return <WeeklyTrends weekly={props.scorecard.trends?.weekly ?? []} />;
}

/**
 * The DORA tab of a service's entity page: weekly trends over the window,
 * the deployments and incidents of the window, and the distribution of
 * lead times, with a window selector.
 *
 * @public
 */
export function EntityDoraContent(props: EntityDoraContentProps) {
  const { entity } = useEntity();
  const [window, setWindow] = useState<string | undefined>(props.window);
  const scorecard = useEntityScorecard(entity, { window });
  const timeline = useEntityTimeline(entity, { window });

  const service =
    scorecard.value?.scope === 'service' ? scorecard.value : undefined;
  const windowInfo = scorecard.value?.window ?? timeline.value?.window;
  const options = ['30d', '90d', '180d'];
  if (props.window && !options.includes(props.window)) {
    options.push(props.window);
  }

  let trends: ReactNode;
  if (scorecard.error && !scorecard.loading) {
    trends = (
      <ErrorWithRetry
        error={scorecard.error}
        title="Could not load the DORA scorecard"
        retry={scorecard.retry}
      />
    );
  } else if (!scorecard.value) {
    trends = <Progress />;
  } else if (!service) {
    trends = (
      <Typography variant="body2">
        This entity is a rollup of services: its DORA scorecard card shows the
        medians of its services. Trends and timelines are per service.
      </Typography>
    );
  } else {
    trends = <Trends scorecard={service} />;
  }

  let timelineContent: ReactNode;
  let histogram: ReactNode;
  if (timeline.error && !timeline.loading) {
    timelineContent = (
      <ErrorWithRetry
        error={timeline.error}
        title="Could not load the DORA timeline"
        retry={timeline.retry}
      />
    );
    histogram = timelineContent;
  } else if (!timeline.value) {
    timelineContent = <Progress />;
    histogram = <Progress />;
  } else {
    timelineContent = (
      <DeliveryTimeline
        deployments={timeline.value.deployments}
        incidents={timeline.value.incidents}
      />
    );
    const sameChanges =
      service?.changeLeadTime.changes === timeline.value.leadTimeSeconds.length;
    histogram = (
      <LeadTimeHistogram
        leadTimeSeconds={timeline.value.leadTimeSeconds}
        median={sameChanges ? service?.changeLeadTime.medianSeconds : undefined}
        p90={sameChanges ? service?.changeLeadTime.p90Seconds : undefined}
      />
    );
  }

  const empty = service && isEmptyScorecard(service);

  return (
    <Box data-testid="dora-content">
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          flexWrap: 'wrap',
          gap: 2,
          mb: 2,
        }}
      >
        <Box>
          <Typography variant="h5" component="h2">
            DORA metrics
          </Typography>
          {windowInfo && (
            <Typography
              variant="body2"
              color="text.secondary"
              data-testid="dora-content-window"
            >
              {formatWindow(windowInfo.days)}, until{' '}
              {formatTimestamp(scorecard.value?.asOf ?? timeline.value?.asOf)}
            </Typography>
          )}
          {service?.template && (
            <TemplateAttribution template={service.template} />
          )}
        </Box>
        <WindowSelector
          value={window}
          days={windowInfo?.days}
          options={options}
          onChange={setWindow}
        />
      </Box>
      {empty ? (
        <InfoCard title="DORA metrics">
          <NoDeliveryEvents />
        </InfoCard>
      ) : (
        <Box
          sx={{
            display: 'grid',
            // minmax(0, …): a wide table scrolls in its card instead of
            // widening the grid past the page.
            gridTemplateColumns: {
              xs: 'minmax(0, 1fr)',
              lg: 'minmax(0, 2fr) minmax(0, 1fr)',
            },
            gap: 3,
          }}
        >
          <Panel title="Weekly trends" testId="dora-content-trends">
            {trends}
          </Panel>
          <Panel title="Lead time distribution" testId="dora-content-leadtime">
            {histogram}
          </Panel>
          <Box sx={{ gridColumn: '1 / -1' }}>
            <Panel
              title="Deployments and incidents"
              testId="dora-content-timeline"
            >
              {timelineContent}
            </Panel>
          </Box>
        </Box>
      )}
    </Box>
  );
}
