import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { isForbidden } from '../../lib/errors';
import { formatCount } from '../../lib/format';
import { usePolicyReportsUrl } from '../../hooks/usePolicyReportsUrl';

/** The no-permission state: names the permission to ask for. */
export function PermissionRequired(props: { what: string }) {
  return (
    <Box data-testid="policy-permission-required" sx={{ py: 2 }}>
      <Typography variant="h6" component="p" gutterBottom>
        Permission required
      </Typography>
      <Typography variant="body2" color="text.secondary">
        You need the <code>policy.read</code> permission to see {props.what}.
        Ask your Backstage administrators to grant it to you in the permission
        policy.
      </Typography>
    </Box>
  );
}

/**
 * A failed load: the no-permission state for a 403, else the backend's
 * error with a retry button.
 */
export function PolicyLoadError(props: {
  error: Error;
  title: string;
  what: string;
  retry: () => void;
}) {
  if (isForbidden(props.error)) {
    return <PermissionRequired what={props.what} />;
  }
  return (
    <Box data-testid="policy-error">
      <ResponseErrorPanel error={props.error} title={props.title} />
      <Button size="small" onClick={props.retry} sx={{ mt: 1 }}>
        Retry
      </Button>
    </Box>
  );
}

/** The commands that post a first report for an entity. */
export function PostReportInstructions(props: { entityRef: string }) {
  const { entityRef } = props;
  const reportsUrl = usePolicyReportsUrl();
  // Double quotes, so the shell expands $TOKEN; and a content type, which
  // the backend requires (curl would send a form otherwise).
  const curl = `curl -X POST '${reportsUrl}?entity=${entityRef}&source=ci' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @report.json`;
  const cli = `npx @goldpath/events policy --format sarif --entity ${entityRef} results.sarif`;
  return (
    <Box
      component="pre"
      sx={{
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
        fontSize: '0.8125rem',
        bgcolor: 'action.hover',
        p: 1,
        borderRadius: 1,
        my: 1,
      }}
    >
      <code data-testid="policy-empty-curl">{curl}</code>
      {'\n\nor\n\n'}
      <code data-testid="policy-empty-cli">{cli}</code>
    </Box>
  );
}

/** The empty state: no report names the entity yet, and how to post one. */
export function NoPolicyReport(props: { entityRef: string }) {
  return (
    <Box data-testid="policy-empty" sx={{ py: 1 }}>
      <Typography variant="h6" component="p" gutterBottom>
        No policy report yet
      </Typography>
      <Typography variant="body2" color="text.secondary">
        No policy report for this entity yet: post one with
      </Typography>
      <PostReportInstructions entityRef={props.entityRef} />
      <Typography variant="body2" color="text.secondary">
        Cluster reports (Kyverno PolicyReports, OpenReports, Gatekeeper) are
        mapped to the entity by their resource&apos;s labels once the policy
        backend reads them.
      </Typography>
    </Box>
  );
}

/** The all-clear state: reports exist and nothing is open. */
export function AllClear(props: { passed: number; excepted: number }) {
  const { passed, excepted } = props;
  return (
    <Box data-testid="policy-all-clear" sx={{ py: 1 }}>
      <Typography variant="h6" component="p">
        {passed > 0
          ? `All ${formatCount(passed, 'check')} pass`
          : 'No open violations'}
      </Typography>
      {excepted > 0 && (
        <Typography variant="body2" color="text.secondary">
          {formatCount(excepted, 'result')} excepted (see below).
        </Typography>
      )}
    </Box>
  );
}
