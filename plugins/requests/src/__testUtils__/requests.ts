import type { SelfServiceRequest } from '@goldpath/plugin-requests-common';
import { RequestsApi } from '../api';

export const pendingRequest: SelfServiceRequest = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'database-credentials',
  kindTitle: 'Database credentials',
  title: 'Database credentials for Orders database',
  justification: 'The orders dashboard needs read access',
  requester: 'user:default/ada',
  createdBy: 'user:default/ada',
  targetRef: 'resource:default/orders-db',
  targetOwnerRef: 'group:default/team-data',
  parameters: { access: 'read-only' },
  cost: { amount: 25, currency: 'EUR', period: 'month', bucket: 'low' },
  fulfilment: { type: 'action', id: 'db:credentials:issue' },
  status: 'pending',
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
  page: '/requests/00000000-0000-4000-8000-000000000001',
};

export const fulfilledRequest: SelfServiceRequest = {
  ...pendingRequest,
  id: '00000000-0000-4000-8000-000000000002',
  title: 'GPU/TPU quota for gpu-pool',
  kind: 'gpu-quota',
  kindTitle: 'GPU/TPU quota',
  targetRef: 'resource:default/gpu-pool',
  cost: undefined,
  status: 'fulfilled',
  decision: {
    outcome: 'approved',
    by: 'user:default/carol',
    at: '2026-03-02T10:00:00.000Z',
    reason: 'Fine',
  },
  history: [
    {
      at: '2026-03-02T09:00:00.000Z',
      actor: 'user:default/ada',
      from: null,
      to: 'pending',
    },
    {
      at: '2026-03-02T10:00:00.000Z',
      actor: 'user:default/carol',
      from: 'pending',
      to: 'approved',
      reason: 'Fine',
    },
    {
      at: '2026-03-02T10:00:01.000Z',
      actor: 'plugin:requests',
      from: 'approved',
      to: 'fulfilling',
    },
    {
      at: '2026-03-02T10:00:02.000Z',
      actor: 'plugin:requests',
      from: 'fulfilling',
      to: 'fulfilled',
    },
  ],
  page: '/requests/00000000-0000-4000-8000-000000000002',
};

/** An in-memory requests API that applies decisions like the backend. */
export function mockRequestsApi(
  options: {
    mine?: SelfServiceRequest[];
    toApprove?: SelfServiceRequest[];
    fail?: Error;
  } = {},
) {
  const mine = [...(options.mine ?? [])];
  const toApprove = [...(options.toApprove ?? [])];
  const calls: string[] = [];
  const find = (id: string) => [...mine, ...toApprove].find(r => r.id === id)!;
  const change = (
    id: string,
    status: SelfServiceRequest['status'],
    by: string,
    reason?: string,
  ) => {
    const r = find(id);
    const outcome = status as 'approved' | 'rejected' | 'cancelled';
    Object.assign(r, {
      status,
      decision: {
        outcome,
        by,
        at: '2026-03-02T11:00:00.000Z',
        ...(reason ? { reason } : {}),
      },
    });
    const i = toApprove.indexOf(r);
    if (i >= 0) toApprove.splice(i, 1);
    return { ...r };
  };
  const api: RequestsApi = {
    async listMine() {
      if (options.fail) throw options.fail;
      return mine.map(r => ({ ...r }));
    },
    async listToApprove() {
      if (options.fail) throw options.fail;
      return toApprove.map(r => ({ ...r }));
    },
    async getRequest(id) {
      const r = find(id);
      return {
        ...r,
        history: r.history ?? [
          { at: r.createdAt, actor: r.requester, from: null, to: 'pending' },
        ],
      };
    },
    async approve(id, reason) {
      calls.push(`approve ${id} ${reason ?? ''}`.trim());
      return change(id, 'approved', 'user:default/carol', reason);
    },
    async reject(id, reason) {
      calls.push(`reject ${id} ${reason}`);
      return change(id, 'rejected', 'user:default/carol', reason);
    },
    async cancel(id, reason) {
      calls.push(`cancel ${id} ${reason ?? ''}`.trim());
      return change(id, 'cancelled', 'user:default/ada', reason);
    },
  };
  return { api, calls };
}
