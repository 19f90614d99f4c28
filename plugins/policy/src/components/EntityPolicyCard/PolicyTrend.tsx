import type { PolicyHistoryPoint } from '@goldpath/plugin-policy-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDate, formatTimestamp, totalViolations } from '../../lib/format';

const WIDTH = 520;
const HEIGHT = 160;

interface TrendRow {
  auditedAt: string;
  time: number;
  [source: string]: number | string;
}

/** One row per audit instant, with the open violations of each source audited then. */
export function trendRows(history: readonly PolicyHistoryPoint[]): {
  rows: TrendRow[];
  sources: string[];
} {
  const sources = [...new Set(history.map(p => p.source))].sort((a, b) =>
    a.localeCompare(b, 'en-US'),
  );
  const byInstant = new Map<string, TrendRow>();
  for (const point of history) {
    const time = new Date(point.auditedAt).getTime();
    if (Number.isNaN(time)) {
      continue;
    }
    const row = byInstant.get(point.auditedAt) ?? {
      auditedAt: point.auditedAt,
      time,
    };
    row[point.source] = totalViolations(point.counts.violationsBySeverity);
    byInstant.set(point.auditedAt, row);
  }
  const rows = [...byInstant.values()].sort((a, b) => a.time - b.time);
  return { rows, sources };
}

/**
 * A small line chart of the open violations per audit, one line per
 * source. Rendered from two audits on; its `aria-label` lists the values.
 */
export function PolicyTrend(props: { history: PolicyHistoryPoint[] }) {
  const theme = useTheme();
  const { rows, sources } = trendRows(props.history);
  if (rows.length < 2) {
    return null;
  }
  const palette = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.warning.main,
    theme.palette.info.main,
    theme.palette.success.main,
  ];
  const summary = `Open violations per audit: ${sources
    .map(
      source =>
        `${source} ${rows
          .filter(r => r[source] !== undefined)
          .map(r => r[source])
          .join(', ')}`,
    )
    .join('; ')}`;
  return (
    <Box data-testid="policy-trend">
      <Typography variant="h6" component="h3" gutterBottom>
        Open violations per audit
      </Typography>
      <Box
        role="img"
        aria-label={summary}
        sx={{ width: WIDTH, maxWidth: '100%', height: HEIGHT }}
      >
        <LineChart
          width={WIDTH}
          height={HEIGHT}
          data={rows}
          // The summary in aria-label is the accessible form of the chart.
          accessibilityLayer={false}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(time: number) =>
              formatDate(new Date(time).toISOString())
            }
            fontSize={11}
          />
          <YAxis allowDecimals={false} width={32} fontSize={11} />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={label =>
              formatTimestamp(new Date(Number(label)).toISOString())
            }
          />
          <Legend />
          {sources.map((source, i) => (
            <Line
              key={source}
              type="monotone"
              dataKey={source}
              name={source}
              stroke={palette[i % palette.length]}
              connectNulls
              isAnimationActive={false}
              dot
            />
          ))}
        </LineChart>
      </Box>
    </Box>
  );
}
