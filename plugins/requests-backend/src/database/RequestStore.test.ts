import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@goldpath/test-utils';
import { NewRequest, RequestStore } from './RequestStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const T0 = Date.parse('2026-03-02T09:00:00Z');

function newRequest(
  n: number,
  overrides: Partial<NewRequest> = {},
): NewRequest {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    kind: 'database-credentials',
    kindTitle: 'Database credentials',
    title: `Request ${n}`,
    requester: 'user:default/ada',
    createdBy: 'user:default/ada',
    targetRef: 'resource:default/orders-db',
    targetOwnerRef: 'group:default/team-data',
    parameters: { database: 'orders' },
    cost: { amount: 12, currency: 'EUR', period: 'month' },
    fulfilment: { type: 'action', id: 'db:credentials:issue' },
    createdAt: T0 + n * 1000,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('RequestStore on %p', databaseId => {
  let store: RequestStore;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    store = await RequestStore.create({
      database: mockServices.database({ knex }),
    });
    await store.insert(newRequest(1));
    await store.insert(
      newRequest(2, {
        requester: 'user:default/bob',
        targetOwnerRef: 'group:default/team-gpu',
      }),
    );
    await store.insert(newRequest(3, { targetOwnerRef: undefined }));
    await store.insert(newRequest(4, { requester: 'user:default/bob' }));
  });

  it('stores a request with its creation in the history', async () => {
    const r = await store.get(newRequest(1).id, { history: true });
    expect(r).toEqual({
      id: newRequest(1).id,
      kind: 'database-credentials',
      kindTitle: 'Database credentials',
      title: 'Request 1',
      requester: 'user:default/ada',
      createdBy: 'user:default/ada',
      targetRef: 'resource:default/orders-db',
      targetOwnerRef: 'group:default/team-data',
      parameters: { database: 'orders' },
      cost: { amount: 12, currency: 'EUR', period: 'month' },
      fulfilment: { type: 'action', id: 'db:credentials:issue' },
      status: 'pending',
      createdAt: '2026-03-02T09:00:01.000Z',
      updatedAt: '2026-03-02T09:00:01.000Z',
      history: [
        {
          at: '2026-03-02T09:00:01.000Z',
          actor: 'user:default/ada',
          from: null,
          to: 'pending',
        },
      ],
      page: `/requests/${newRequest(1).id}`,
    });
    expect(
      await store.get('00000000-0000-4000-8000-999999999999'),
    ).toBeUndefined();
  });

  it('lists a requester’s requests newest first', async () => {
    const mine = await store.listByRequester('user:default/ada', { limit: 10 });
    expect(mine.map(r => r.title)).toEqual(['Request 3', 'Request 1']);
    expect(
      await store.listByRequester('user:default/ada', {
        limit: 10,
        status: ['fulfilled'],
      }),
    ).toEqual([]);
  });

  it('filters pending requests by permission criteria', async () => {
    const titles = async (filter: any, excludeRequester?: string) =>
      (await store.listPending({ filter, limit: 10, excludeRequester })).map(
        r => r.title,
      );
    expect(await titles('all')).toEqual([
      'Request 1',
      'Request 2',
      'Request 3',
      'Request 4',
    ]);
    expect(
      await titles({
        key: 'target_owner_ref',
        values: ['group:default/team-data', 'user:default/x'],
      }),
    ).toEqual(['Request 1', 'Request 4']);
    expect(await titles({ key: 'target_owner_ref', values: [] })).toEqual([]);
    expect(
      await titles({
        anyOf: [
          { key: 'target_owner_ref', values: ['group:default/team-gpu'] },
          { key: 'requester_ref', values: ['user:default/ada'] },
        ],
      }),
    ).toEqual(['Request 1', 'Request 2', 'Request 3']);
    expect(
      await titles({
        allOf: [
          { key: 'target_owner_ref', values: ['group:default/team-data'] },
          { not: { key: 'requester_ref', values: ['user:default/bob'] } },
        ],
      }),
    ).toEqual(['Request 1']);
    // As the rule's apply(): a request without a target owner is not owned
    // by team-data, so `not` keeps it (Request 3).
    expect(
      await titles({
        not: { key: 'target_owner_ref', values: ['group:default/team-data'] },
      }),
    ).toEqual(['Request 2', 'Request 3']);
    expect(await titles('all', 'user:default/bob')).toEqual([
      'Request 1',
      'Request 3',
    ]);
  });

  it('lets exactly one of two concurrent decisions through', async () => {
    const id = newRequest(5).id;
    await store.insert(newRequest(5));
    const decide = (actor: string, to: 'approved' | 'rejected') =>
      store.transition({
        id,
        from: 'pending',
        to,
        actor,
        at: T0 + 60_000,
        reason: `${actor} says ${to}`,
        decision: to,
      });
    const results = await Promise.all([
      decide('user:default/carol', 'approved'),
      decide('user:default/dave', 'rejected'),
    ]);
    const winners = results.filter(Boolean);
    expect(winners).toHaveLength(1);
    const r = await store.get(id, { history: true });
    expect(r!.history).toHaveLength(2);
    expect(r!.decision!.by).toBe(r!.history![1].actor);
    expect(r!.history![1]).toMatchObject({ from: 'pending', to: r!.status });
  });

  it('cancels only for the requester', async () => {
    const id = newRequest(6).id;
    await store.insert(newRequest(6));
    const cancel = (requester: string) =>
      store.transition({
        id,
        from: 'pending',
        to: 'cancelled',
        actor: requester,
        at: T0 + 70_000,
        requester,
        decision: 'cancelled',
      });
    expect(await cancel('user:default/bob')).toBeUndefined();
    expect((await store.get(id))!.status).toBe('pending');
    expect((await cancel('user:default/ada'))!.decision).toEqual({
      outcome: 'cancelled',
      by: 'user:default/ada',
      at: new Date(T0 + 70_000).toISOString(),
    });
  });

  it('claims due work once and records fulfilment state', async () => {
    const id = newRequest(7).id;
    await store.insert(newRequest(7));
    await store.transition({
      id,
      from: 'pending',
      to: 'approved',
      actor: 'user:default/carol',
      at: T0,
      decision: 'approved',
      patch: { nextAttemptAt: T0 },
    });
    const claim = () =>
      store.claimDue({
        statuses: ['approved', 'fulfilling'],
        now: T0 + 1,
        leaseUntil: T0 + 600_000,
        limit: 10,
      });
    const [a, b] = await Promise.all([claim(), claim()]);
    expect([...a, ...b].map(r => r.id)).toEqual([id]);
    expect(await claim()).toEqual([]);
    await store.transition({
      id,
      from: 'approved',
      to: 'fulfilling',
      actor: 'plugin:requests',
      at: T0 + 2,
    });
    expect(
      await store.patchFulfilment(
        id,
        'fulfilling',
        {
          attempts: 1,
          lastError: 'x'.repeat(3000),
          taskId: 'task-1',
          output: { ok: true },
        },
        T0 + 3,
      ),
    ).toBe(true);
    const r = await store.get(id);
    expect(r!.fulfilmentState).toMatchObject({
      attempts: 1,
      taskId: 'task-1',
      output: { ok: true },
    });
    expect(r!.fulfilmentState!.lastError).toHaveLength(2000);
    expect(
      await store.patchFulfilment(id, 'approved', { attempts: 2 }, T0 + 4),
    ).toBe(false);
  });
});
