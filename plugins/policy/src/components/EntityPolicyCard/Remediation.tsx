import { Link } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { NO_DATA } from '../../lib/format';

/** The remediation text of a result and the runbook of its bundle, when known. */
export function Remediation(props: { remediation?: string; runbook?: string }) {
  const { remediation, runbook } = props;
  if (!remediation && !runbook) {
    return <>{NO_DATA}</>;
  }
  return (
    <Box>
      {remediation && (
        <Typography variant="body2" component="p">
          {remediation}
        </Typography>
      )}
      {runbook && (
        <Link to={runbook} data-testid="policy-runbook-link">
          Runbook
        </Link>
      )}
    </Box>
  );
}
