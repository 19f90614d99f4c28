import type { TrendPoint } from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { ReactElement } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { NO_DATA, formatDuration, formatPercent } from '../../lib/format';
import { durationTicks, ratioTicks } from '../../lib/ticks';

const CHART_HEIGHT = 160;

type Format = (value: number | null) => string;

interface TrendSpec {
  key: 'deployments' | 'leadTime' | 'changeFailRate' | 'recovery';
  title: string;
  value: (w: TrendPoint) => number | null;
  format: Format;
  kind: 'bar' | 'line';
  /** Round ticks up to the largest value; recharts' own when absent. */
  ticks?: (max: number) => number[];
}

const count: Format = value => (value === null ? NO_DATA : `${value}`);

const TRENDS: TrendSpec[] = [
  {
    key: 'deployments',
    title: 'Deployments per week',
    value: w => w.deployments,
    format: count,
    kind: 'bar',
  },
  {
    key: 'leadTime',
    title: 'Median lead time',
    value: w => w.leadTimeMedianSeconds,
    format: formatDuration,
    kind: 'line',
    ticks: durationTicks,
  },
  {
    key: 'changeFailRate',
    title: 'Change fail rate',
    value: w => w.changeFailRate,
    format: formatPercent,
    kind: 'line',
    ticks: ratioTicks,
  },
  {
    key: 'recovery',
    title: 'Median failed deployment recovery time',
    value: w => w.recoveryMedianSeconds,
    format: formatDuration,
    kind: 'line',
    ticks: durationTicks,
  },
];

/** The chart of one trend, described in words for screen readers (and tests). */
function TrendChart(props: { spec: TrendSpec; weekly: TrendPoint[] }) {
  const { spec, weekly } = props;
  const theme = useTheme();
  const data = weekly.map(w => ({ period: w.period, value: spec.value(w) }));
  const first = weekly[0].period;
  const last = weekly[weekly.length - 1].period;
  const summary = `${spec.title} from ${first} to ${last}: ${data
    .map(d => spec.format(d.value))
    .join(', ')}`;
  const max = Math.max(0, ...data.map(d => d.value ?? 0));
  const ticks = spec.ticks?.(max);
  const common = {
    data,
    responsive: true,
    style: { width: '100%', height: CHART_HEIGHT },
    margin: { top: 8, right: 8, bottom: 0, left: 0 },
    // The summary in aria-label is the accessible form of the chart.
    accessibilityLayer: false,
  };
  const axes: ReactElement[] = [
    <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey="period" tick={{ fontSize: 11 }} minTickGap={8} />,
    <YAxis
      key="y"
      width={56}
      tick={{ fontSize: 11 }}
      tickFormatter={(v: number) => spec.format(v)}
      allowDecimals={spec.key !== 'deployments'}
      ticks={ticks}
      domain={ticks ? [0, ticks[ticks.length - 1]] : undefined}
    />,
    <Tooltip
      key="tooltip"
      isAnimationActive={false}
      formatter={value => [
        spec.format(typeof value === 'number' ? value : null),
        spec.title,
      ]}
    />,
  ];
  return (
    <Box data-testid={`dora-trend-${spec.key}`}>
      <Typography variant="subtitle2" component="h3" aria-hidden>
        {spec.title}
      </Typography>
      <Box role="img" aria-label={summary} sx={{ height: CHART_HEIGHT }}>
        {spec.kind === 'bar' ? (
          <BarChart {...common}>
            {axes}
            <Bar
              dataKey="value"
              fill={theme.palette.primary.main}
              minPointSize={1}
              isAnimationActive={false}
            />
          </BarChart>
        ) : (
          <LineChart {...common}>
            {axes}
            <Line
              dataKey="value"
              type="linear"
              stroke={theme.palette.secondary.main}
              strokeWidth={2}
              dot={{ r: 3 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        )}
      </Box>
    </Box>
  );
}

/**
 * Four weekly trends of the window: deployments (bars), median lead time,
 * change fail rate and median recovery time (lines). Weeks without data
 * leave a gap in the line.
 */
export function WeeklyTrends(props: { weekly: TrendPoint[] }) {
  const { weekly } = props;
  if (weekly.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No weeks in the window.
      </Typography>
    );
  }
  return (
    <Box
      data-testid="dora-trends"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
        gap: 2,
      }}
    >
      {TRENDS.map(spec => (
        <TrendChart key={spec.key} spec={spec} weekly={weekly} />
      ))}
    </Box>
  );
}
