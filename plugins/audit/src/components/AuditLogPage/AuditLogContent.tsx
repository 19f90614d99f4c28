import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { AuditRecord } from '@goldpath/plugin-audit-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { AuditLogFilters, auditApiRef } from '../../api';

/** Records per page. */
export const AUDIT_PAGE_SIZE = 50;

const DAY_MS = 86_400_000;

/** The form's values: dates are `YYYY-MM-DD` (UTC days). */
interface Draft {
  actor: string;
  entity: string;
  action: string;
  fromDate: string;
  toDate: string;
}

const EMPTY: Draft = {
  actor: '',
  entity: '',
  action: '',
  fromDate: '',
  toDate: '',
};

/** The API's filters of the form: `from` the start of its UTC day, `to` the end of its UTC day. */
export function filtersOf(draft: Draft): AuditLogFilters {
  const filters: AuditLogFilters = {};
  if (draft.actor.trim()) filters.actor = draft.actor.trim();
  if (draft.entity.trim()) filters.entity = draft.entity.trim();
  if (draft.action.trim()) filters.action = draft.action.trim();
  if (draft.fromDate) filters.from = `${draft.fromDate}T00:00:00.000Z`;
  if (draft.toDate) {
    filters.to = new Date(
      Date.parse(`${draft.toDate}T00:00:00.000Z`) + DAY_MS,
    ).toISOString();
  }
  return filters;
}

/** AuditClient rejects with a ResponseError; a 403 is a missing audit.read. */
function isForbidden(error: Error): boolean {
  return error instanceof ResponseError && error.statusCode === 403;
}

function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

const OUTCOME_COLOR = {
  succeeded: 'success',
  failed: 'error',
  rejected: 'warning',
} as const;

function RecordRow({ record }: { record: AuditRecord }) {
  return (
    <TableRow data-testid="audit-row" data-record-id={record.id}>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {formatTime(record.occurredAt)}
      </TableCell>
      <TableCell data-testid="audit-row-actor">
        {record.actor.ref}
        {record.actor.type === 'service' ? ' (service)' : ''}
      </TableCell>
      <TableCell data-testid="audit-row-action">{record.action}</TableCell>
      <TableCell>{record.targetEntityRef ?? '—'}</TableCell>
      <TableCell>
        <Chip
          size="small"
          label={record.outcome}
          color={OUTCOME_COLOR[record.outcome]}
          data-testid="audit-row-outcome"
        />
      </TableCell>
      <TableCell>{record.plugin}</TableCell>
      <TableCell sx={{ fontFamily: 'monospace', fontSize: '0.8em' }}>
        {record.correlationId}
      </TableCell>
    </TableRow>
  );
}

/** Saves text as a file through the browser (a download of a blob URL). */
function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * The audit log: filters (actor, entity, action, from/to days in UTC),
 * newest records first in pages, and a CSV export of what the filters match.
 * Everything comes from the audit API (`GET /api/audit/records` and
 * `/records.csv`), behind the `audit.read` permission.
 *
 * @public
 */
export function AuditLogContent(props: {
  /** Saves the CSV export; default: a browser download. */
  onExport?: (filename: string, csv: string) => void;
}) {
  const api = useApi(auditApiRef);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filters, setFilters] = useState<AuditLogFilters>({});
  // The cursors of the pages before the current one (paging back).
  const [cursors, setCursors] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [exportState, setExportState] = useState<{
    busy: boolean;
    error?: Error;
    truncated?: boolean;
  }>({ busy: false });

  const page = useAsync(
    () =>
      api.listRecords({
        ...filters,
        ...(cursor ? { cursor } : {}),
        limit: AUDIT_PAGE_SIZE,
      }),
    [api, filters, cursor],
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(filtersOf(draft));
    setCursors([]);
    setCursor(undefined);
  };
  const reset = () => {
    setDraft(EMPTY);
    setFilters({});
    setCursors([]);
    setCursor(undefined);
  };
  const exportCsv = async () => {
    setExportState({ busy: true });
    try {
      const result = await api.exportCsv(filters);
      (props.onExport ?? download)('audit-records.csv', result.csv);
      setExportState({ busy: false, truncated: !!result.nextCursor });
    } catch (error) {
      setExportState({ busy: false, error: error as Error });
    }
  };

  const field = (name: keyof Draft, label: string, extra: object = {}) => (
    <TextField
      size="small"
      label={label}
      value={draft[name]}
      onChange={e => setDraft({ ...draft, [name]: e.target.value })}
      inputProps={{ 'data-testid': `audit-filter-${name}` }}
      {...extra}
    />
  );

  return (
    <Box data-testid="audit-log">
      <Typography variant="h5" component="h2" gutterBottom>
        Audit trail
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        Platform actions — scaffolder runs, ingestion batches, webhook
        deliveries, policy uploads, requests — with who did them, when, on which
        entity and how they ended. Newest first; times in UTC.
      </Typography>
      <form onSubmit={apply} data-testid="audit-filters">
        <Stack direction="row" spacing={2} flexWrap="wrap" useFlexGap mb={2}>
          {field('actor', 'Actor', {
            placeholder: 'user:default/jane or plugin:dora',
          })}
          {field('entity', 'Entity', {
            placeholder: 'component:default/checkout',
          })}
          {field('action', 'Action', { placeholder: 'requests.request' })}
          {field('fromDate', 'From (UTC day)', {
            type: 'date',
            InputLabelProps: { shrink: true },
          })}
          {field('toDate', 'To (UTC day, inclusive)', {
            type: 'date',
            InputLabelProps: { shrink: true },
          })}
          <Button type="submit" variant="contained" data-testid="audit-apply">
            Apply filters
          </Button>
          <Button onClick={reset} data-testid="audit-reset">
            Reset
          </Button>
          <Button
            variant="outlined"
            onClick={exportCsv}
            disabled={exportState.busy}
            data-testid="audit-export-csv"
          >
            Export CSV
          </Button>
        </Stack>
      </form>
      {exportState.error && (
        <Alert severity="error" data-testid="audit-export-error">
          {isForbidden(exportState.error)
            ? 'You may not export the audit trail (permission audit.read).'
            : `The export failed: ${exportState.error.message}`}
        </Alert>
      )}
      {exportState.truncated && (
        <Alert severity="info" data-testid="audit-export-truncated">
          The export holds the newest records up to the backend’s row limit;
          narrow the filters for the rest.
        </Alert>
      )}
      {page.loading && <Progress />}
      {page.error &&
        (isForbidden(page.error) ? (
          <Alert severity="warning" data-testid="audit-forbidden">
            You may not read the audit trail: ask for the audit.read permission.
          </Alert>
        ) : (
          <Box data-testid="audit-error">
            <ResponseErrorPanel error={page.error} />
          </Box>
        ))}
      {page.value && page.value.items.length === 0 && (
        <Typography data-testid="audit-empty">
          No audit records match these filters.
        </Typography>
      )}
      {page.value && page.value.items.length > 0 && (
        <Table size="small" data-testid="audit-table">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Actor</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Entity</TableCell>
              <TableCell>Outcome</TableCell>
              <TableCell>Plugin</TableCell>
              <TableCell>Correlation</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.value.items.map(record => (
              <RecordRow key={record.id} record={record} />
            ))}
          </TableBody>
        </Table>
      )}
      <Stack direction="row" spacing={2} mt={2}>
        <Button
          disabled={cursors.length === 0 || page.loading}
          onClick={() => {
            setCursor(cursors[cursors.length - 1]);
            setCursors(cursors.slice(0, -1));
          }}
          data-testid="audit-previous-page"
        >
          Newer
        </Button>
        <Button
          disabled={!page.value?.nextCursor || page.loading}
          onClick={() => {
            setCursors([...cursors, cursor]);
            setCursor(page.value?.nextCursor);
          }}
          data-testid="audit-next-page"
        >
          Older
        </Button>
      </Stack>
    </Box>
  );
}
