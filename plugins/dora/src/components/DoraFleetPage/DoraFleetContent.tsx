import { InfoCard, Link, Progress } from '@backstage/core-components';
import {
  ROLLUP_GROUP_BYS,
  type RollupGroupBy,
} from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useLocation, useSearchParams } from 'react-router-dom';
import { useRollups } from '../../hooks/useRollups';
import { formatCount, formatTimestamp, formatWindow } from '../../lib/format';
import { ErrorWithRetry } from '../EntityDoraScorecardCard/EntityDoraScorecardCard';
import { Computing } from '../shared/Computing';
import { WindowSelector } from '../shared/WindowSelector';
import { FleetTable, groupByLabel } from './FleetTable';

const GROUP_BYS: readonly RollupGroupBy[] = ROLLUP_GROUP_BYS;

function isGroupBy(value: string | null): value is RollupGroupBy {
  return GROUP_BYS.includes(value as RollupGroupBy);
}

/**
 * Props of the fleet page.
 *
 * @public
 */
export interface DoraFleetPageProps {
  /** The grouping shown first; `owner` (teams) by default. */
  groupBy?: RollupGroupBy;
  /** The initial window; the backend default when omitted. */
  window?: string;
}

/**
 * The DORA metrics of the whole fleet, grouped by team, system, product
 * line or template. The grouping and the window live in the URL
 * (`?groupBy=system&window=30d`), so a view can be shared.
 */
export function DoraFleetContent(props: DoraFleetPageProps) {
  const [searchParams, setSearchParams] = useSearchParams();
  // The adoption page sits below the fleet page (`/dora/adoption`).
  const basePath = useLocation().pathname.replace(/\/+$/, '');
  const adoptionPath = `${basePath}/adoption`;
  // So does the platform-tickets page (`/dora/tickets`).
  const ticketsPath = `${basePath}/tickets`;
  const fromUrl = searchParams.get('groupBy');
  const groupBy: RollupGroupBy = isGroupBy(fromUrl)
    ? fromUrl
    : props.groupBy ?? 'owner';
  const window = searchParams.get('window') ?? props.window;
  const { value, loading, error, retry } = useRollups({ groupBy, window });

  const update = (key: string, next: string) => {
    const params = new URLSearchParams(searchParams);
    params.set(key, next);
    setSearchParams(params, { replace: true });
  };

  // A refresh keeps the previous answer; never show one of another grouping.
  const current = value?.groupBy === groupBy ? value : undefined;
  let content: JSX.Element;
  if (error && !loading) {
    content = (
      <ErrorWithRetry
        error={error}
        title="Could not load the DORA rollups"
        retry={retry}
      />
    );
  } else if (!current) {
    content = <Progress />;
  } else if (current.computing) {
    content = <Computing />;
  } else if (current.fleet.services === 0) {
    content = (
      <Box data-testid="dora-fleet-empty" sx={{ py: 2 }}>
        <Typography variant="h6" component="p" gutterBottom>
          No services measured yet
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Services appear here once their CI/CD tools send delivery events to{' '}
          <code>/api/dora/events</code>.
        </Typography>
      </Box>
    );
  } else {
    content = (
      <Box sx={{ opacity: loading ? 0.6 : 1 }}>
        {loading && <LinearProgress aria-label="Refreshing" />}
        <FleetTable
          groupBy={current.groupBy}
          groups={current.groups}
          fleet={current.fleet}
        />
        <Typography
          variant="caption"
          component="p"
          color="text.secondary"
          sx={{ mt: 1 }}
        >
          Medians of the services&apos; own values; n is the number of services
          with data when some have none. Levels: DF deployment frequency, LT
          lead time, CFR change fail rate, RT recovery time, from elite (dark
          green) to low (red), grey without data. Golden path compares services
          created from a software template with the others. — means no data.
        </Typography>
      </Box>
    );
  }

  return (
    <Box data-testid="dora-fleet">
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
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Typography variant="body2" id="dora-group-by-label">
            Group by
          </Typography>
          <ToggleButtonGroup
            size="small"
            exclusive
            aria-labelledby="dora-group-by-label"
            value={groupBy}
            onChange={(_event, next: RollupGroupBy | null) => {
              if (next) {
                update('groupBy', next);
              }
            }}
          >
            {GROUP_BYS.map(g => (
              <ToggleButton
                key={g}
                value={g}
                sx={{ textTransform: 'none', py: 0.25 }}
              >
                {groupByLabel(g)}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        </Box>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
          <Link to={adoptionPath} data-testid="dora-fleet-adoption-link">
            Adoption
          </Link>
          <Link to={ticketsPath} data-testid="dora-fleet-tickets-link">
            Tickets
          </Link>
          <WindowSelector
            value={window}
            days={current?.window.days}
            onChange={next => update('window', next)}
          />
        </Box>
      </Box>
      <InfoCard
        title={`DORA metrics by ${groupByLabel(groupBy).toLocaleLowerCase(
          'en-US',
        )}`}
        subheader={
          current
            ? `${formatCount(
                current.fleet.services,
                'service',
              )} · ${formatWindow(
                current.window.days,
              )}, until ${formatTimestamp(current.asOf)}`
            : undefined
        }
      >
        {content}
      </InfoCard>
    </Box>
  );
}
