import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';

/** The windows offered by default. */
export const DEFAULT_WINDOWS = ['30d', '90d', '180d'] as const;

/**
 * Picks the window of the DORA views: 30, 90 or 180 days. `value` is the
 * window asked for, or — when the backend default applies — the days of the
 * window it answered with.
 */
export function WindowSelector(props: {
  value?: string;
  /** The days of the window shown, to highlight the backend default. */
  days?: number;
  onChange: (window: string) => void;
  options?: readonly string[];
}) {
  const { value, days, onChange } = props;
  const options = props.options ?? DEFAULT_WINDOWS;
  const selected = value ?? (days !== undefined ? `${days}d` : undefined);
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      aria-label="Window"
      value={selected ?? null}
      onChange={(_event, next: string | null) => {
        if (next) {
          onChange(next);
        }
      }}
    >
      {options.map(option => (
        <ToggleButton
          key={option}
          value={option}
          sx={{ textTransform: 'none', py: 0.25 }}
        >
          {option}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
