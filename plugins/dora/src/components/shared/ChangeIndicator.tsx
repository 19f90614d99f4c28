import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { MetricChange } from '../../lib/compare';

/** Hidden on screen, read by screen readers. */
const visuallyHidden = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

/**
 * A small `▲ 0.5` / `▼ 2h` / `±0` next to a metric, green when the change
 * is an improvement and red when it is not. Screen readers get the change in
 * words instead of the arrow.
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
      title={change.description}
      // relative: the hidden description is positioned in it, not in some
      // far ancestor, so it stays inside a scrolling table.
      sx={{
        color,
        fontWeight: 600,
        whiteSpace: 'nowrap',
        position: 'relative',
      }}
    >
      <span
        aria-hidden
        data-testid={testId}
        data-improved={change.improved === null ? 'same' : `${change.improved}`}
      >
        {change.text}
      </span>
      <Box component="span" sx={visuallyHidden}>
        {change.description}
      </Box>
    </Typography>
  );
}
