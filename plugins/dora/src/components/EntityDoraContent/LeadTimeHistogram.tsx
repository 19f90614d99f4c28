import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { Bar, BarChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatDuration, formatPercent } from '../../lib/format';
import {
  leadTimeHistogram,
  leadTimeSummary,
} from '../../lib/leadTimeHistogram';

/**
 * The distribution of the lead times of the window in human buckets (<1h,
 * 1h–1d, 1d–1w, 1w–1mo, >1mo), with the median and the 90th percentile.
 * `median` and `p90`, when given, are the scorecard's (computed with the
 * backend's percentile mode); otherwise they are computed here.
 */
export function LeadTimeHistogram(props: {
  leadTimeSeconds: number[];
  median?: number | null;
  p90?: number | null;
}) {
  const { leadTimeSeconds } = props;
  const theme = useTheme();
  if (leadTimeSeconds.length === 0) {
    return (
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="dora-leadtime-empty"
      >
        No changes reached production in the window.
      </Typography>
    );
  }
  const buckets = leadTimeHistogram(leadTimeSeconds);
  const local = leadTimeSummary(leadTimeSeconds);
  const median = props.median !== undefined ? props.median : local.median;
  const p90 = props.p90 !== undefined ? props.p90 : local.p90;
  const summary = `Lead times of ${formatCount(
    leadTimeSeconds.length,
    'change',
  )}: ${buckets.map(b => `${b.label} ${b.count}`).join(', ')}`;
  return (
    <Box data-testid="dora-leadtime-histogram">
      <Box
        sx={{ display: 'flex', gap: 3, flexWrap: 'wrap', mb: 1 }}
        component="dl"
      >
        {[
          ['Median', median, 'dora-leadtime-median'],
          ['p90', p90, 'dora-leadtime-p90'],
        ].map(([label, value, testId]) => (
          <Box key={label as string} sx={{ m: 0 }}>
            <Typography component="dt" variant="caption" color="text.secondary">
              {label}
            </Typography>
            <Typography
              component="dd"
              variant="h6"
              sx={{ m: 0 }}
              data-testid={testId}
            >
              {formatDuration(value as number | null)}
            </Typography>
          </Box>
        ))}
        <Box sx={{ m: 0 }}>
          <Typography component="dt" variant="caption" color="text.secondary">
            Changes
          </Typography>
          <Typography
            component="dd"
            variant="h6"
            sx={{ m: 0 }}
            data-testid="dora-leadtime-count"
          >
            {leadTimeSeconds.length}
          </Typography>
        </Box>
      </Box>
      <Box role="img" aria-label={summary} sx={{ height: 160 }}>
        <BarChart
          data={buckets.map(b => ({ label: b.label, count: b.count }))}
          responsive
          style={{ width: '100%', height: 160 }}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis width={40} allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip
            isAnimationActive={false}
            formatter={value => [value, 'Changes']}
          />
          <Bar
            dataKey="count"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
        </BarChart>
      </Box>
      <Box
        component="table"
        sx={{
          mt: 1,
          borderCollapse: 'collapse',
          '& th, & td': { px: 1, py: 0.25, textAlign: 'right' },
          '& th:first-of-type': { textAlign: 'left' },
        }}
      >
        <caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <Typography variant="caption" color="text.secondary">
            Lead time from commit to production
          </Typography>
        </caption>
        <thead>
          <tr>
            <Typography component="th" variant="caption" scope="col">
              Lead time
            </Typography>
            <Typography component="th" variant="caption" scope="col">
              Changes
            </Typography>
            <Typography component="th" variant="caption" scope="col">
              Share
            </Typography>
          </tr>
        </thead>
        <tbody>
          {buckets.map(b => (
            <tr key={b.key}>
              <Typography component="th" variant="body2" scope="row">
                {b.label}
              </Typography>
              <Typography
                component="td"
                variant="body2"
                data-testid={`dora-leadtime-bucket-${b.key}`}
              >
                {b.count}
              </Typography>
              <Typography component="td" variant="body2">
                {formatPercent(b.share)}
              </Typography>
            </tr>
          ))}
        </tbody>
      </Box>
    </Box>
  );
}
