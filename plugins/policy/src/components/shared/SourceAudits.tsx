import type { PolicySourceAudit } from '@goldpath/plugin-policy-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { formatTimestamp } from '../../lib/format';

/** The latest audit of each source: `prod-eu (kyverno) 2024-05-02 09:10 UTC`. */
export function SourceAudits(props: { sources: PolicySourceAudit[] }) {
  const sources = [...props.sources].sort((a, b) =>
    a.source.localeCompare(b.source, 'en-US'),
  );
  return (
    <Box
      component="ul"
      aria-label="Last audit per source"
      sx={{ listStyle: 'none', p: 0, m: 0 }}
    >
      {sources.map(source => (
        <Typography
          component="li"
          variant="body2"
          key={source.source}
          data-testid="policy-source-audit"
          data-source={source.source}
        >
          <strong>{source.source}</strong>
          {source.producer && (
            <Typography component="span" variant="body2" color="text.secondary">
              {' '}
              ({source.producer})
            </Typography>
          )}
          {' · last audit '}
          <time dateTime={source.lastAudit}>
            {formatTimestamp(source.lastAudit)}
          </time>
        </Typography>
      ))}
    </Box>
  );
}
