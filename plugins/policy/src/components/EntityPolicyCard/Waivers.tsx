import type { PolicyWaiver } from '@goldpath/plugin-policy-common';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { isForbidden } from '../../lib/errors';
import { formatDate, isPast, NO_DATA } from '../../lib/format';
import { ExceptionUntil, GrantedBy } from './ExceptedResults';

/**
 * The waivers recorded for the entity through Goldpath, expired ones
 * included (and marked), newest first.
 */
export function Waivers(props: {
  waivers?: PolicyWaiver[];
  loading: boolean;
  error?: Error;
}) {
  const { waivers, loading, error } = props;
  const now = Date.now();
  let content: JSX.Element;
  if (error) {
    content = (
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="policy-waivers-error"
      >
        {isForbidden(error)
          ? 'You need the policy.read permission to see the waivers.'
          : `Could not load the waivers: ${error.message}`}
      </Typography>
    );
  } else if (!waivers) {
    content = loading ? (
      <LinearProgress aria-label="Loading waivers" />
    ) : (
      <>{NO_DATA}</>
    );
  } else if (waivers.length === 0) {
    content = (
      <Typography variant="body2" color="text.secondary">
        No waiver was recorded for this entity.
      </Typography>
    );
  } else {
    const sorted = [...waivers].sort((a, b) =>
      b.createdAt.localeCompare(a.createdAt),
    );
    content = (
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Waivers">
          <TableHead>
            <TableRow>
              <TableCell>Policy</TableCell>
              <TableCell>Scope</TableCell>
              <TableCell>Granted by</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell>Recorded</TableCell>
              <TableCell>Until</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {sorted.map(waiver => (
              <TableRow
                key={waiver.id}
                data-testid="policy-waiver-row"
                data-expired={isPast(waiver.expiresAt, now)}
              >
                <TableCell>
                  {waiver.policy}
                  {waiver.rule ? ` / ${waiver.rule}` : ''}
                </TableCell>
                <TableCell>
                  {waiver.findingKey ? 'One finding' : 'Every finding'}
                </TableCell>
                <TableCell>
                  <GrantedBy grantedBy={waiver.grantedBy} />
                </TableCell>
                <TableCell>{waiver.reason}</TableCell>
                <TableCell>{formatDate(waiver.createdAt)}</TableCell>
                <TableCell>
                  <ExceptionUntil expiresAt={waiver.expiresAt} now={now} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    );
  }
  return (
    <Box data-testid="policy-waivers">
      <Typography variant="h6" component="h3" gutterBottom>
        Waivers{waivers ? ` (${waivers.length})` : ''}
      </Typography>
      {content}
    </Box>
  );
}
