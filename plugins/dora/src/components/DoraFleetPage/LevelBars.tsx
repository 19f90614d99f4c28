import type { LevelCounts, RollupGroup } from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { levelColors, levelLabel } from '../../lib/format';

const LEVELS = ['elite', 'high', 'medium', 'low'] as const;

const METRICS: Array<{
  key: keyof RollupGroup['levels'];
  short: string;
  label: string;
}> = [
  { key: 'deploymentFrequency', short: 'DF', label: 'Deployment frequency' },
  { key: 'changeLeadTime', short: 'LT', label: 'Change lead time' },
  { key: 'changeFailRate', short: 'CFR', label: 'Change fail rate' },
  {
    key: 'failedDeploymentRecoveryTime',
    short: 'RT',
    label: 'Failed deployment recovery time',
  },
];

const NONE_COLOR = '#bdbdbd';

/** `1 elite, 2 high, 0 medium, 0 low, 1 without data` */
export function describeLevels(counts: LevelCounts): string {
  return [
    ...LEVELS.map(l => `${counts[l]} ${l}`),
    `${counts.none} without data`,
  ].join(', ');
}

/** One stacked bar: the services of a group by level of one metric. */
function LevelBar(props: { counts: LevelCounts; label: string }) {
  const { counts, label } = props;
  const total = LEVELS.reduce((sum, l) => sum + counts[l], counts.none);
  const segments = [
    ...LEVELS.map(l => ({
      key: l,
      count: counts[l],
      color: levelColors(l).background,
      title: `${counts[l]} ${levelLabel(l)}`,
    })),
    {
      key: 'none',
      count: counts.none,
      color: NONE_COLOR,
      title: `${counts.none} without data`,
    },
  ].filter(s => s.count > 0);
  const description = `${label}: ${describeLevels(counts)}`;
  return (
    <Box
      role="img"
      aria-label={description}
      title={description}
      sx={{
        display: 'flex',
        width: 56,
        height: 8,
        borderRadius: 0.5,
        overflow: 'hidden',
        bgcolor: 'action.hover',
      }}
    >
      {total > 0 &&
        segments.map(s => (
          <Box
            key={s.key}
            sx={{ flexGrow: s.count, flexBasis: 0, bgcolor: s.color }}
          />
        ))}
    </Box>
  );
}

/** The level counts of a group, one small stacked bar per metric. */
export function LevelBars(props: { levels: RollupGroup['levels'] }) {
  return (
    <Box
      data-testid="dora-fleet-levels"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'auto auto',
        columnGap: 0.75,
        rowGap: 0.25,
        alignItems: 'center',
      }}
    >
      {METRICS.map(m => (
        <Box key={m.key} sx={{ display: 'contents' }}>
          <Typography
            variant="caption"
            color="text.secondary"
            aria-hidden
            sx={{ lineHeight: 1.2, whiteSpace: 'nowrap' }}
          >
            {m.short}
          </Typography>
          <LevelBar counts={props.levels[m.key]} label={m.label} />
        </Box>
      ))}
    </Box>
  );
}
