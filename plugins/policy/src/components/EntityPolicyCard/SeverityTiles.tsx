import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Typography from '@mui/material/Typography';
import {
  SEVERITY_KEYS,
  SeverityKey,
  severityColors,
  severityLabel,
} from '../../lib/format';

/**
 * One tile per severity with its count of open violations; a click shows
 * only that severity in the table below, a second click shows all again.
 * `unknown` (results without a severity) has a tile only when it counts.
 */
export function SeverityTiles(props: {
  counts: Record<SeverityKey, number>;
  selected?: SeverityKey;
  onSelect: (severity: SeverityKey | undefined) => void;
}) {
  const { counts, selected, onSelect } = props;
  const keys = SEVERITY_KEYS.filter(
    key => key !== 'unknown' || counts.unknown > 0,
  );
  return (
    <Box
      role="group"
      aria-label="Filter violations by severity"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))',
        gap: 1,
        mb: 2,
      }}
    >
      {keys.map(key => {
        const colors = severityColors(key);
        const isSelected = selected === key;
        return (
          <ButtonBase
            key={key}
            data-testid={`policy-severity-tile-${key}`}
            aria-pressed={isSelected}
            aria-label={`${severityLabel(key)}: ${counts[key]} open`}
            onClick={() => onSelect(isSelected ? undefined : key)}
            sx={{
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'flex-start',
              p: 1,
              borderRadius: 1,
              border: 2,
              borderColor: isSelected ? 'text.primary' : 'divider',
              borderLeft: `6px solid ${colors.background}`,
              textAlign: 'left',
            }}
          >
            <Typography
              variant="h5"
              component="span"
              data-testid={`policy-severity-count-${key}`}
            >
              {counts[key]}
            </Typography>
            <Typography variant="caption" component="span">
              {severityLabel(key)}
            </Typography>
          </ButtonBase>
        );
      })}
    </Box>
  );
}
