import { ModelHealthSummary } from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { formatTimestamp } from '../../lib/format';
import { AccuracySparkline } from './AccuracySparkline';
import { formatLatency, formatScore } from './format';

function Item(props: {
  testId: string;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <Box data-testid={props.testId} sx={{ minWidth: 0 }}>
      <Typography
        variant="caption"
        component="dt"
        color="text.secondary"
        sx={{ display: 'block' }}
      >
        {props.label}
      </Typography>
      <Box component="dd" sx={{ m: 0 }}>
        {props.children}
      </Box>
    </Box>
  );
}

function DriftStatus(props: { breached: boolean | null }) {
  if (props.breached === null) {
    return (
      <Typography variant="caption" color="text.secondary">
        no threshold sent
      </Typography>
    );
  }
  return props.breached ? (
    <Chip
      size="small"
      color="error"
      label="Above threshold"
      data-testid="dora-model-drift-breached"
      sx={{ fontWeight: 600 }}
    />
  ) : (
    <Chip
      size="small"
      color="success"
      variant="outlined"
      label="Within threshold"
    />
  );
}

/** The health of one model: version, accuracy, drift and latency. */
export function ModelHealthView(props: { summary: ModelHealthSummary }) {
  const { summary } = props;
  const { drift, latency, accuracy } = summary;
  const latest = accuracy.length > 0 ? accuracy[accuracy.length - 1] : null;
  const metric = latest?.metric ?? null;
  const accuracyLabel = metric ? `Accuracy (${metric})` : 'Accuracy';
  return (
    <Box data-testid={`dora-model-${summary.model}`} sx={{ py: 1 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {summary.model}
        {summary.modelVersion ? (
          <Typography
            component="span"
            variant="body2"
            color="text.secondary"
            data-testid="dora-model-version"
            sx={{ ml: 1 }}
          >
            version {summary.modelVersion}
          </Typography>
        ) : null}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="p">
        Last report {formatTimestamp(summary.lastReportedAt)}
      </Typography>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
          gap: 2,
          mt: 1,
          mb: 0,
        }}
      >
        <Item testId="dora-model-accuracy" label={accuracyLabel}>
          {latest ? (
            <>
              <Typography variant="h6" component="span">
                {formatScore(latest.value)}
              </Typography>
              {latest.sampleSize !== null ? (
                <Typography
                  variant="caption"
                  color="text.secondary"
                  component="p"
                >
                  on {latest.sampleSize} labelled samples
                </Typography>
              ) : null}
              <AccuracySparkline samples={accuracy} label={accuracyLabel} />
            </>
          ) : (
            <Typography variant="body2" color="text.secondary">
              No accuracy samples in the window
            </Typography>
          )}
        </Item>
        <Item
          testId="dora-model-drift"
          label={drift?.method ? `Data drift (${drift.method})` : 'Data drift'}
        >
          {drift ? (
            <>
              <Typography
                variant="h6"
                component="span"
                color={drift.breached ? 'error' : undefined}
              >
                {formatScore(drift.score)}
              </Typography>
              {drift.threshold !== null ? (
                <Typography
                  variant="body2"
                  component="span"
                  color="text.secondary"
                  sx={{ ml: 0.5 }}
                >
                  / {formatScore(drift.threshold)} threshold
                </Typography>
              ) : null}
              <Box sx={{ mt: 0.5 }}>
                <DriftStatus breached={drift.breached} />
              </Box>
            </>
          ) : (
            <Typography variant="body2" color="text.secondary">
              No drift measured in the window
            </Typography>
          )}
        </Item>
        <Item testId="dora-model-latency" label="Inference latency">
          {latency ? (
            <Box
              component="table"
              sx={{ borderCollapse: 'collapse', '& td, & th': { pr: 1.5 } }}
            >
              <tbody>
                {(['p50', 'p95', 'p99'] as const).map(q => (
                  <tr key={q}>
                    <Typography
                      component="th"
                      scope="row"
                      variant="caption"
                      color="text.secondary"
                      sx={{ textAlign: 'left', fontWeight: 400 }}
                    >
                      {q}
                    </Typography>
                    <Typography
                      component="td"
                      variant="body2"
                      data-testid={`dora-model-latency-${q}`}
                    >
                      {formatLatency(latency[q])}
                    </Typography>
                  </tr>
                ))}
              </tbody>
            </Box>
          ) : (
            <Typography variant="body2" color="text.secondary">
              No latency histogram in the window
            </Typography>
          )}
        </Item>
      </Box>
    </Box>
  );
}
