import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { SelfServiceRequest } from '@goldpath/plugin-requests-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Link as RouterLink, Route, Routes, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { requestsApiRef } from '../../api';
import {
  DecisionDialog,
  RequestFacts,
  RequestHistory,
  StatusChip,
  formatTime,
} from './parts';

type Action = 'approve' | 'reject' | 'cancel';

function LoadError(props: { error: Error; retry: () => void }) {
  return (
    <Box data-testid="requests-error">
      <ResponseErrorPanel
        error={props.error}
        title="Could not load the requests"
      />
      <Button onClick={props.retry} sx={{ mt: 1 }}>
        Retry
      </Button>
    </Box>
  );
}

/** One request as a card, with its actions and (on demand) its history. */
function RequestCard(props: {
  request: SelfServiceRequest;
  actions: Action[];
  onChanged: () => void;
}) {
  const api = useApi(requestsApiRef);
  const [open, setOpen] = useState<Action | undefined>();
  const [history, setHistory] = useState<SelfServiceRequest | undefined>();
  const [historyError, setHistoryError] = useState<Error | undefined>();
  const r = props.request;
  return (
    <Card
      variant="outlined"
      data-testid="request-row"
      data-request-id={r.id}
      data-status={r.status}
    >
      <CardContent>
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="h6" component="h3" data-testid="request-title">
            {r.title}
          </Typography>
          <StatusChip status={r.status} />
          <Typography variant="body2" color="text.secondary">
            {formatTime(r.createdAt)}
          </Typography>
        </Stack>
        <RequestFacts request={r} />
        {history && <RequestHistory request={history} />}
        {historyError && (
          <ResponseErrorPanel
            error={historyError}
            title="Could not load the history"
          />
        )}
      </CardContent>
      <CardActions>
        {props.actions.includes('approve') && (
          <Button
            variant="contained"
            data-testid="request-approve"
            onClick={() => setOpen('approve')}
          >
            Approve
          </Button>
        )}
        {props.actions.includes('reject') && (
          <Button
            color="error"
            data-testid="request-reject"
            onClick={() => setOpen('reject')}
          >
            Reject
          </Button>
        )}
        {props.actions.includes('cancel') && r.status === 'pending' && (
          <Button
            color="error"
            data-testid="request-cancel"
            onClick={() => setOpen('cancel')}
          >
            Cancel request
          </Button>
        )}
        <Button
          data-testid="request-history-toggle"
          onClick={async () => {
            if (history) {
              setHistory(undefined);
              return;
            }
            try {
              setHistoryError(undefined);
              setHistory(await api.getRequest(r.id));
            } catch (e) {
              setHistoryError(e as Error);
            }
          }}
        >
          {history ? 'Hide history' : 'History'}
        </Button>
        <Button
          component={RouterLink}
          to={r.id}
          data-testid="request-details-link"
        >
          Details
        </Button>
      </CardActions>
      {open && (
        <DecisionDialog
          action={open}
          request={r}
          onClose={() => setOpen(undefined)}
          onConfirm={async reason => {
            if (open === 'approve')
              await api.approve(r.id, reason || undefined);
            else if (open === 'reject') await api.reject(r.id, reason);
            else await api.cancel(r.id, reason || undefined);
            setOpen(undefined);
            props.onChanged();
          }}
        />
      )}
    </Card>
  );
}

function RequestList(props: {
  view: 'mine' | 'to-approve';
  reloadKey: number;
  onChanged: () => void;
}) {
  const api = useApi(requestsApiRef);
  const state = useAsyncRetry(
    () => (props.view === 'mine' ? api.listMine() : api.listToApprove()),
    [api, props.view, props.reloadKey],
  );
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <LoadError error={state.error} retry={state.retry} />;
  const items = state.value ?? [];
  if (items.length === 0) {
    return (
      <Typography data-testid={`requests-empty-${props.view}`} sx={{ py: 2 }}>
        {props.view === 'mine'
          ? 'You have no requests yet. Templates of kind "request" create them.'
          : 'Nothing to approve: no pending request is for something you own.'}
      </Typography>
    );
  }
  return (
    <Stack spacing={2} data-testid={`requests-list-${props.view}`}>
      {items.map(r => (
        <RequestCard
          key={r.id}
          request={r}
          actions={props.view === 'mine' ? ['cancel'] : ['approve', 'reject']}
          onChanged={props.onChanged}
        />
      ))}
    </Stack>
  );
}

/** The two lists: "My requests" and "To approve". */
export function RequestsLists() {
  const [tab, setTab] = useState<'mine' | 'to-approve'>('mine');
  const [reloadKey, setReloadKey] = useState(0);
  return (
    <Box data-testid="requests-page">
      <Tabs value={tab} onChange={(_e, v) => setTab(v)} sx={{ mb: 2 }}>
        <Tab value="mine" label="My requests" data-testid="requests-tab-mine" />
        <Tab
          value="to-approve"
          label="To approve"
          data-testid="requests-tab-to-approve"
        />
      </Tabs>
      <RequestList
        view={tab}
        reloadKey={reloadKey}
        onChanged={() => setReloadKey(k => k + 1)}
      />
    </Box>
  );
}

/** One request's page: its facts and full history (`/requests/:id`, the notifications' link). */
export function RequestDetails(props: { id?: string }) {
  const params = useParams();
  const id = props.id ?? params.id ?? '';
  const api = useApi(requestsApiRef);
  const state = useAsyncRetry(() => api.getRequest(id), [api, id]);
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <LoadError error={state.error} retry={state.retry} />;
  const r = state.value!;
  return (
    <Box
      data-testid="request-details"
      data-request-id={r.id}
      data-status={r.status}
    >
      <Button component={RouterLink} to=".." relative="path" sx={{ mb: 1 }}>
        All requests
      </Button>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <Typography variant="h5" component="h2">
          {r.title}
        </Typography>
        <StatusChip status={r.status} />
      </Stack>
      <RequestFacts request={r} />
      <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
        History
      </Typography>
      <RequestHistory request={r} />
    </Box>
  );
}

/**
 * The requests page's content: the lists at the page's root, one request at
 * `/:id` below it.
 *
 * @public
 */
export function RequestsContent() {
  return (
    <Routes>
      <Route path="/" element={<RequestsLists />} />
      <Route path="/:id" element={<RequestDetails />} />
    </Routes>
  );
}
