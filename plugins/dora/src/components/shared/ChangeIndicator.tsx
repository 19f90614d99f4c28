import Typography from '@mui/material/Typography';
import { MetricChange } from '../../lib/compare';

/**
 * A small `▲ 0.5` / `▼ 2h` / `±0` next to a metric, green when the change
 * is an improvement and red when it is not.
 */
export function ChangeIndicator(props: {
  change: MetricChange;
  testId?: string;
}) {
  const { change, testId } = props;
  let color = 'text.secondary';
  if (change.improved === true) {
    color = 'success.main';
  } else if (change.improved === false) {
    color = 'error.main';
  }
  return (
    <Typography
      component="span"
      variant="caption"
      data-testid={testId}
      data-improved={change.improved === null ? 'same' : `${change.improved}`}
      title={change.description}
      aria-label={change.description}
      sx={{ color, fontWeight: 600, whiteSpace: 'nowrap' }}
    >
      {change.text}
    </Typography>
  );
}
