import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useEntityScorecard } from '../../hooks/useEntityScorecard';
import { formatWindow, isEmptyScorecard } from '../../lib/format';
import { Computing } from '../shared/Computing';
import { RollupScorecardView } from './RollupScorecardView';
import { ServiceScorecardView } from './ServiceScorecardView';

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

/** The empty state of a service without delivery events. */
export function NoDeliveryEvents() {
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

/** An error panel with a retry button. */
export function ErrorWithRetry(props: {
  error: Error;
  title: string;
  retry: () => void;
}) {
  return (
    <Box>
      <ResponseErrorPanel error={props.error} title={props.title} />
      <Button size="small" onClick={props.retry} sx={{ mt: 1 }}>
        Retry
      </Button>
    </Box>
  );
}

/**
 * The DORA scorecard of the current catalog entity. For a service: the
 * overall score, the five DORA metrics with their levels, scores and change
 * since last week, and the weekly deployments. For a group, system or
 * domain: the medians of its services' metrics and the golden-path
 * comparison.
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
      <ErrorWithRetry
        error={error}
        title="Could not load the DORA scorecard"
        retry={retry}
      />
    );
  } else if (!value) {
    // First load, or a retry after an error (a refresh keeps the old value).
    content = <Progress />;
  } else if (value.scope === 'rollup' && value.computing) {
    content = <Computing />;
  } else if (value.scope === 'rollup') {
    content = <RollupScorecardView rollup={value} />;
  } else if (isEmptyScorecard(value)) {
    content = <NoDeliveryEvents />;
  } else {
    content = <ServiceScorecardView scorecard={value} />;
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
