import type {
  PolicyViolation,
  PolicyWaiver,
} from '@goldpath/plugin-policy-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { FormEvent, useState } from 'react';
import { CreatePolicyWaiverRequest } from '../../api';
import { isForbidden } from '../../lib/errors';
import { formatSubject } from '../../lib/format';

const DAY_MS = 86_400_000;

/** A date `days` from now, as `YYYY-MM-DD` (UTC). */
function dateFromNow(days: number, now = Date.now()): string {
  return new Date(now + days * DAY_MS).toISOString().slice(0, 10);
}

/** The end of a `YYYY-MM-DD` day in UTC, as ISO 8601. */
export function endOfDay(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return undefined;
  }
  const end = new Date(`${date}T23:59:59.000Z`);
  return Number.isNaN(end.getTime()) ? undefined : end.toISOString();
}

/** The message of a failed request: the backend's, when it sent one. */
function errorMessage(error: Error): string {
  if (isForbidden(error)) {
    return 'You need the policy.waivers.manage permission to record waivers.';
  }
  const cause = (error as Error & { cause?: { message?: string } }).cause;
  return cause?.message ?? error.message;
}

/**
 * Records a waiver for a violation: for this finding only, or for every
 * finding of its policy (and rule) on the entity; with a reason and an end
 * date (the finding is a violation again after it).
 */
export function WaiveDialog(props: {
  entityRef: string;
  violation: PolicyViolation;
  onClose: () => void;
  onCreated: (waiver: PolicyWaiver) => void;
  createWaiver: (request: CreatePolicyWaiverRequest) => Promise<PolicyWaiver>;
}) {
  const { entityRef, violation, onClose, onCreated, createWaiver } = props;
  const [scope, setScope] = useState<'finding' | 'policy'>('finding');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(dateFromNow(30));
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const expiresAt = endOfDay(until);
  const reasonError = touched && reason.trim() === '' ? 'Say why' : undefined;
  const untilError =
    touched && (!expiresAt || new Date(expiresAt).getTime() <= Date.now())
      ? 'Pick a day in the future'
      : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (
      reason.trim() === '' ||
      !expiresAt ||
      new Date(expiresAt).getTime() <= Date.now()
    ) {
      return;
    }
    setSubmitting(true);
    setError(undefined);
    try {
      const waiver = await createWaiver({
        entityRef,
        policy: violation.policy,
        ...(violation.rule !== undefined && { rule: violation.rule }),
        ...(scope === 'finding' && { findingKey: violation.key }),
        reason: reason.trim(),
        expiresAt,
      });
      onCreated(waiver);
    } catch (e) {
      setError(errorMessage(e as Error));
      setSubmitting(false);
    }
  };

  const policyLabel = `${violation.policy}${
    violation.rule ? ` / ${violation.rule}` : ''
  }`;
  return (
    <Dialog open onClose={onClose} aria-labelledby="policy-waive-title">
      <form onSubmit={submit} noValidate data-testid="policy-waive-dialog">
        <DialogTitle id="policy-waive-title">Waive {policyLabel}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            {formatSubject(violation)} in {violation.source}. A waived finding
            no longer counts as a violation until the waiver ends.
          </Typography>
          <RadioGroup
            aria-label="What to waive"
            value={scope}
            onChange={e => setScope(e.target.value as 'finding' | 'policy')}
          >
            <FormControlLabel
              value="finding"
              control={<Radio />}
              label="This finding only"
            />
            <FormControlLabel
              value="policy"
              control={<Radio />}
              label={`Every finding of ${policyLabel} on this entity`}
            />
          </RadioGroup>
          <TextField
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            required
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            error={Boolean(reasonError)}
            helperText={reasonError}
          />
          <TextField
            label="Until"
            type="date"
            value={until}
            onChange={e => setUntil(e.target.value)}
            required
            margin="normal"
            InputLabelProps={{ shrink: true }}
            inputProps={{ min: dateFromNow(1) }}
            error={Boolean(untilError)}
            helperText={untilError ?? 'The end of that day, UTC'}
          />
          {error && (
            <Alert severity="error" data-testid="policy-waive-error">
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={submitting}>
            Record waiver
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
