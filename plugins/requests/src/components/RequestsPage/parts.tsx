import { ResponseErrorPanel } from '@backstage/core-components';
import {
  REQUEST_STATUS_LABELS,
  RequestStatus,
  SelfServiceRequest,
  formatCostEstimate,
} from '@goldpath/plugin-requests-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';

const STATUS_COLOURS: Record<
  RequestStatus,
  'default' | 'info' | 'success' | 'warning' | 'error' | 'primary'
> = {
  pending: 'warning',
  approved: 'info',
  fulfilling: 'primary',
  fulfilled: 'success',
  failed: 'error',
  rejected: 'error',
  cancelled: 'default',
};

/** `2026-03-02 09:00 UTC`. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The status of a request as a chip. */
export function StatusChip(props: { status: RequestStatus }) {
  return (
    <Chip
      size="small"
      data-testid="request-status"
      data-status={props.status}
      color={STATUS_COLOURS[props.status]}
      label={REQUEST_STATUS_LABELS[props.status]}
    />
  );
}

/** Every change of a request, oldest first. */
export function RequestHistory(props: { request: SelfServiceRequest }) {
  const history = props.request.history ?? [];
  return (
    <Box component="ol" data-testid="request-history" sx={{ pl: 2, my: 1 }}>
      {history.map((h, i) => (
        <li key={i} data-testid="request-history-entry">
          <Typography variant="body2">
            {formatTime(h.at)}:{' '}
            {h.from ? `${REQUEST_STATUS_LABELS[h.from]} → ` : ''}
            {REQUEST_STATUS_LABELS[h.to]} by {h.actor}
            {h.reason ? ` — ${h.reason}` : ''}
          </Typography>
        </li>
      ))}
    </Box>
  );
}

/** The facts of a request: kind, target, cost, parameters, decision, fulfilment. */
export function RequestFacts(props: { request: SelfServiceRequest }) {
  const r = props.request;
  const params = Object.entries(r.parameters);
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        columnGap: 2,
        rowGap: 0.5,
      }}
    >
      <Typography variant="body2" color="text.secondary">
        Kind
      </Typography>
      <Typography variant="body2">{r.kindTitle}</Typography>
      <Typography variant="body2" color="text.secondary">
        For
      </Typography>
      <Typography variant="body2" data-testid="request-target">
        {r.targetRef}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Requester
      </Typography>
      <Typography variant="body2" data-testid="request-requester">
        {r.requester}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Cost estimate
      </Typography>
      <Typography variant="body2" data-testid="request-cost">
        {r.cost ? formatCostEstimate(r.cost) : 'Not stated by the contract'}
      </Typography>
      {params.length > 0 && (
        <>
          <Typography variant="body2" color="text.secondary">
            Parameters
          </Typography>
          <Typography variant="body2" data-testid="request-parameters">
            {params
              .map(
                ([k, v]) =>
                  `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
              )
              .join(', ')}
          </Typography>
        </>
      )}
      {r.justification && (
        <>
          <Typography variant="body2" color="text.secondary">
            Why
          </Typography>
          <Typography variant="body2">{r.justification}</Typography>
        </>
      )}
      {r.decision && (
        <>
          <Typography variant="body2" color="text.secondary">
            Decision
          </Typography>
          <Typography variant="body2" data-testid="request-decision">
            {REQUEST_STATUS_LABELS[r.decision.outcome]} by {r.decision.by} at{' '}
            {formatTime(r.decision.at)}
            {r.decision.reason ? `: ${r.decision.reason}` : ''}
          </Typography>
        </>
      )}
      {r.fulfilmentState?.lastError && (
        <>
          <Typography variant="body2" color="text.secondary">
            Last error
          </Typography>
          <Typography
            variant="body2"
            color="error"
            data-testid="request-last-error"
          >
            {r.fulfilmentState.lastError}
          </Typography>
        </>
      )}
    </Box>
  );
}

/** The reason dialog of approve, reject and cancel. */
export function DecisionDialog(props: {
  action: 'approve' | 'reject' | 'cancel';
  request: SelfServiceRequest;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const required = props.action === 'reject';
  const verb = {
    approve: 'Approve',
    reject: 'Reject',
    cancel: 'Cancel request',
  }[props.action];
  return (
    <Dialog
      open
      onClose={props.onClose}
      data-testid="request-decision-dialog"
      fullWidth
    >
      <DialogTitle>
        {verb}: {props.request.title}
      </DialogTitle>
      <DialogContent>
        <TextField
          fullWidth
          multiline
          minRows={2}
          margin="dense"
          label={required ? 'Reason (required)' : 'Reason (optional)'}
          value={reason}
          onChange={e => setReason(e.target.value)}
          inputProps={{
            'data-testid': 'request-decision-reason',
            maxLength: 2000,
          }}
        />
        {error && (
          <Box data-testid="request-decision-error" sx={{ mt: 1 }}>
            <ResponseErrorPanel
              error={error}
              title="The request could not be updated"
            />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        <Button
          variant="contained"
          color={props.action === 'approve' ? 'primary' : 'error'}
          disabled={busy || (required && !reason.trim())}
          data-testid="request-decision-confirm"
          onClick={async () => {
            setBusy(true);
            setError(undefined);
            try {
              await props.onConfirm(reason.trim());
            } catch (e) {
              setError(e as Error);
              setBusy(false);
            }
          }}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
