import type {
  PolicyDrift as Drift,
  PolicyViolation,
} from '@goldpath/plugin-policy-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { formatSubject, formatTimestamp, severityKey } from '../../lib/format';
import { SeverityChip } from '../shared/Chips';
import { sortViolations } from './ViolationsTable';

function FindingList(props: {
  findings: PolicyViolation[];
  testId: string;
  label: string;
}) {
  const { findings, testId, label } = props;
  return (
    <Box data-testid={testId} sx={{ flex: '1 1 240px', minWidth: 0 }}>
      <Typography variant="subtitle2" component="p">
        {label} ({findings.length})
      </Typography>
      {findings.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          None
        </Typography>
      ) : (
        <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {sortViolations(findings).map(finding => (
            <Box
              component="li"
              key={finding.key}
              data-testid={`${testId}-item`}
              data-key={finding.key}
              sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.25 }}
            >
              <SeverityChip severity={severityKey(finding.severity)} />
              <Typography variant="body2" component="span">
                {finding.policy}
                {finding.rule ? ` / ${finding.rule}` : ''}
                <Typography
                  component="span"
                  variant="caption"
                  color="text.secondary"
                >
                  {' '}
                  · {formatSubject(finding)}
                </Typography>
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}

/**
 * What changed since the previous audit of each source: the violations it
 * introduced and those it resolved. A first audit says so (everything in
 * it is new).
 */
export function PolicyDrift(props: { drift: Drift[] }) {
  const drift = [...props.drift].sort((a, b) =>
    a.source.localeCompare(b.source, 'en-US'),
  );
  if (drift.length === 0) {
    return null;
  }
  return (
    <Box data-testid="policy-drift">
      <Typography variant="h6" component="h3" gutterBottom>
        Since the previous audit
      </Typography>
      {drift.map(d => (
        <Box
          key={d.source}
          data-testid="policy-drift-source"
          data-source={d.source}
          sx={{ mb: 2 }}
        >
          <Typography variant="body2" component="p" sx={{ mb: 0.5 }}>
            <strong>{d.source}</strong>
            {': '}
            {d.from
              ? `${formatTimestamp(d.from)} → ${formatTimestamp(d.to)}`
              : `first audit, ${formatTimestamp(d.to)}`}
            {d.introduced.length === 0 && d.resolved.length === 0
              ? ' · no change'
              : ` · ${d.introduced.length} introduced, ${d.resolved.length} resolved`}
          </Typography>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
            <FindingList
              findings={d.introduced}
              testId="policy-drift-introduced"
              label="Introduced"
            />
            <FindingList
              findings={d.resolved}
              testId="policy-drift-resolved"
              label="Resolved"
            />
          </Box>
        </Box>
      ))}
    </Box>
  );
}
