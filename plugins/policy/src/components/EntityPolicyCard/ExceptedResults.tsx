import type {
  PolicyExceptedResult,
  PolicyExceptionInfo,
} from '@goldpath/plugin-policy-common';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatDate, formatSubject, isPast, NO_DATA } from '../../lib/format';
import { EntityLink } from '../shared/EntityLink';

const EXCEPTION_KINDS: Record<PolicyExceptionInfo['kind'], string> = {
  'policy-exception': 'Policy exception',
  exemption: 'Exemption',
  suppression: 'Suppression',
  waiver: 'Waiver',
};

/** Until when an exception holds: a date, `expired <date>`, or no end date. */
export function ExceptionUntil(props: { expiresAt?: string; now: number }) {
  const { expiresAt, now } = props;
  if (!expiresAt) {
    return (
      <Typography variant="body2" component="span" color="text.secondary">
        no end date
      </Typography>
    );
  }
  const expired = isPast(expiresAt, now);
  return (
    <Typography
      variant="body2"
      component="span"
      data-testid="policy-exception-until"
      data-expired={expired}
      color={expired ? 'error' : undefined}
      sx={expired ? { fontWeight: 600 } : undefined}
    >
      {expired ? `expired ${formatDate(expiresAt)}` : formatDate(expiresAt)}
    </Typography>
  );
}

/** Who granted an exception: an entity link for a ref, else the text. */
export function GrantedBy(props: { grantedBy?: string }) {
  const { grantedBy } = props;
  if (!grantedBy) {
    return <>{NO_DATA}</>;
  }
  return /^[^:/\s]+:([^/\s]+\/)?[^/\s]+$/.test(grantedBy) ? (
    <EntityLink entityRef={grantedBy} />
  ) : (
    <>{grantedBy}</>
  );
}

/**
 * The results that did not pass but are excepted, by a policy exception,
 * an exemption, a suppression or a waiver: who granted it, why, and until
 * when. An exception past its end reads "expired".
 */
export function ExceptedResults(props: { excepted: PolicyExceptedResult[] }) {
  const { excepted } = props;
  const now = Date.now();
  return (
    <Box data-testid="policy-excepted">
      <Typography variant="h6" component="h3" gutterBottom>
        Excepted results ({excepted.length})
      </Typography>
      {excepted.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No result is excepted.
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Excepted results">
            <TableHead>
              <TableRow>
                <TableCell>Policy</TableCell>
                <TableCell>Resource or file</TableCell>
                <TableCell>Exception</TableCell>
                <TableCell>Granted by</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Until</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {excepted.map(result => (
                <TableRow
                  key={result.key}
                  data-testid="policy-excepted-row"
                  data-key={result.key}
                >
                  <TableCell>
                    {result.policy}
                    {result.rule ? ` / ${result.rule}` : ''}
                  </TableCell>
                  <TableCell>
                    {formatSubject(result)}
                    <Typography
                      variant="caption"
                      component="p"
                      color="text.secondary"
                    >
                      in {result.source}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {EXCEPTION_KINDS[result.exception.kind] ??
                      result.exception.kind}
                    {result.exception.name && (
                      <Typography
                        variant="caption"
                        component="p"
                        color="text.secondary"
                      >
                        {result.exception.name}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell data-testid="policy-excepted-granted-by">
                    <GrantedBy grantedBy={result.exception.grantedBy} />
                  </TableCell>
                  <TableCell>{result.exception.reason ?? NO_DATA}</TableCell>
                  <TableCell>
                    <ExceptionUntil
                      expiresAt={result.exception.expiresAt}
                      now={now}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
