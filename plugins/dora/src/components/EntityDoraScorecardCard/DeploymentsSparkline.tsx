import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { TrendPoint } from '@goldpath/plugin-dora-common';
import { Bar, BarChart, Tooltip, XAxis } from 'recharts';

const WIDTH = 168;
const HEIGHT = 40;

/** A tiny bar chart of deployments per ISO week. Renders nothing without data. */
export function DeploymentsSparkline(props: { weekly?: TrendPoint[] }) {
  const theme = useTheme();
  const weekly = props.weekly ?? [];
  if (weekly.length === 0) {
    return null;
  }
  const first = weekly[0].period;
  const last = weekly[weekly.length - 1].period;
  const summary = `Deployments per week from ${first} to ${last}: ${weekly
    .map(w => w.deployments)
    .join(', ')}`;
  return (
    <Box data-testid="dora-deployments-sparkline">
      <Typography
        variant="caption"
        component="p"
        color="text.secondary"
        aria-hidden
      >
        Deployments per week
      </Typography>
      <Box
        role="img"
        aria-label={summary}
        sx={{ width: WIDTH, height: HEIGHT }}
      >
        <BarChart
          width={WIDTH}
          height={HEIGHT}
          data={weekly.map(w => ({
            period: w.period,
            deployments: w.deployments,
          }))}
          // The summary in aria-label is the accessible form of the chart.
          accessibilityLayer={false}
          margin={{ top: 2, right: 0, bottom: 0, left: 0 }}
          barCategoryGap={1}
        >
          <XAxis dataKey="period" hide />
          <Tooltip
            cursor={false}
            isAnimationActive={false}
            formatter={value => [value, 'Deployments']}
          />
          <Bar
            dataKey="deployments"
            fill={theme.palette.primary.main}
            minPointSize={1}
            isAnimationActive={false}
          />
        </BarChart>
      </Box>
    </Box>
  );
}
