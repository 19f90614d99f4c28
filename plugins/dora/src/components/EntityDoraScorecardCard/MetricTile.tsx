import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import type { DoraLevel } from '@goldpath/plugin-dora-common';
import { MetricChange } from '../../lib/compare';
import {
  NO_DATA,
  formatDecimal,
  levelColors,
  levelLabel,
} from '../../lib/format';
import { ChangeIndicator } from '../shared/ChangeIndicator';

/** The keys of the metric values, used in `data-testid="dora-metric-<key>"`. */
export type MetricKey =
  | 'deploymentFrequency'
  | 'changeLeadTime'
  | 'changeFailRate'
  | 'failedDeploymentRecoveryTime'
  | 'deploymentReworkRate';

export interface MetricTileProps {
  metricKey: MetricKey;
  label: string;
  /** Already formatted; {@link NO_DATA} for no data. */
  value: string;
  /** Shown after the value when there is one, e.g. `per week`. */
  unit?: string;
  details: string[];
  level?: DoraLevel | null;
  /** The metric's 0–10 score; the score line is left out when `undefined`. */
  score?: number | null;
  /** The change since last week; nothing shown when `undefined`. */
  change?: MetricChange;
}

/** A DORA performance level as a coloured chip that also says it in words. */
export function LevelChip(props: { level: DoraLevel }) {
  const { background, color } = levelColors(props.level);
  const label = levelLabel(props.level);
  return (
    <Chip
      size="small"
      label={label}
      title={`DORA performance level: ${label}`}
      data-testid="dora-level-chip"
      sx={{ bgcolor: background, color, fontWeight: 600 }}
    />
  );
}

/** One metric of the scorecard: a `dt`/`dd` pair inside the card's `dl`. */
export function MetricTile(props: MetricTileProps) {
  const { metricKey, label, value, unit, details, level, score, change } =
    props;
  const noData = value === NO_DATA;
  return (
    <Box
      sx={{
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        p: 1.5,
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Box
        component="dd"
        sx={{ m: 0, flex: 1, display: 'flex', flexDirection: 'column' }}
      >
        <Box
          sx={{
            display: 'flex',
            alignItems: 'baseline',
            flexWrap: 'wrap',
            columnGap: 0.5,
          }}
        >
          <Typography
            component="span"
            variant="h5"
            data-testid={`dora-metric-${metricKey}`}
            title={noData ? 'No data' : undefined}
          >
            {value}
          </Typography>
          {unit && !noData && (
            <Typography component="span" variant="body2" color="text.secondary">
              {unit}
            </Typography>
          )}
          {change && (
            <ChangeIndicator
              change={change}
              testId={`dora-metric-${metricKey}-change`}
            />
          )}
        </Box>
        {details.map(detail => (
          <Typography
            key={detail}
            variant="caption"
            color="text.secondary"
            display="block"
          >
            {detail}
          </Typography>
        ))}
        {(level || score !== undefined) && (
          <Box
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1,
              mt: 'auto',
              pt: 1,
            }}
          >
            {level && <LevelChip level={level} />}
            {score !== undefined && (
              <Typography
                variant="caption"
                data-testid={`dora-metric-${metricKey}-score`}
              >
                Score {formatDecimal(score)}
              </Typography>
            )}
          </Box>
        )}
      </Box>
    </Box>
  );
}
