import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import { ModelAccuracySample } from '@goldpath/plugin-dora-common';
import { Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatScore } from './format';

const WIDTH = 168;
const HEIGHT = 40;

/** A tiny line chart of the accuracy samples. Renders nothing without data. */
export function AccuracySparkline(props: {
  samples: ModelAccuracySample[];
  label: string;
}) {
  const theme = useTheme();
  const { samples, label } = props;
  if (samples.length === 0) {
    return null;
  }
  const first = samples[0].at.slice(0, 10);
  const last = samples[samples.length - 1].at.slice(0, 10);
  const summary = `${label} from ${first} to ${last}: ${samples
    .map(s => formatScore(s.value))
    .join(', ')}`;
  return (
    <Box data-testid="dora-model-accuracy-sparkline">
      <Box
        role="img"
        aria-label={summary}
        sx={{ width: WIDTH, height: HEIGHT }}
      >
        <LineChart
          width={WIDTH}
          height={HEIGHT}
          data={samples.map(s => ({ at: s.at.slice(0, 10), value: s.value }))}
          // The summary in aria-label is the accessible form of the chart.
          accessibilityLayer={false}
          margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
        >
          <XAxis dataKey="at" hide />
          <YAxis domain={['dataMin', 'dataMax']} hide />
          <Tooltip
            isAnimationActive={false}
            formatter={value => [formatScore(Number(value)), label]}
          />
          <Line
            type="monotone"
            dataKey="value"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </Box>
    </Box>
  );
}
