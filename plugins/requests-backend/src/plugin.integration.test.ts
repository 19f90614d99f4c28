import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
// A test dependency only: the real audit backend stores the audit records.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import auditPlugin from '@goldpath/plugin-audit-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import {
  ENTITIES,
  TestAction,
  authFactory,
  fulfilmentModule,
  permissionPolicyModule,
  userInfoFactory,
} from './__testUtils__/backend';
import {
  auditTrailProbe,
  auditorEventsOf,
  storedAuditRecords,
} from '@goldpath/test-utils';
import requestsPlugin from './index';

jest.setTimeout(60_000);

const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const SERVICE = mockCredentials.service.header();

const dbRequest = {
  kind: 'database-credentials',
  targetRef: 'resource:default/orders-db',
  parameters: { database: 'orders', access: 'read-only' },
  justification: 'The orders dashboard needs read access',
  fulfilment: {
    type: 'action',
    id: 'test:credentials:issue',
    input: { role: 'reader' },
  },
};

describe('the requests backend with permissions, notifications and the scaffolder', () => {
  let backend: TestBackend;
  const action = new TestAction();
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };
  const auditor = mockServices.auditor.mock();
  const probe = auditTrailProbe('requests');

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        requestsPlugin,
        probe.module,
        auditPlugin,
        fulfilmentModule(action),
        permissionPlugin,
        permissionPolicyModule,
        notificationsPlugin,
        scaffolderPlugin,
        catalogServiceMock.factory({ entities: ENTITIES }),
        userInfoFactory,
        authFactory,
        auditor.factory,
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            goldpath: {
              requests: {
                fulfilment: {
                  maxAttempts: 2,
                  retryBackoff: '1s',
                  pollInterval: '1s',
                },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const api = () => request(backend.server);
  const create = (who: string, body: object = dbRequest) =>
    api()
      .post('/api/requests/requests')
      .set('Authorization', as(who))
      .send(body);
  const get = (who: string, id: string) =>
    api().get(`/api/requests/requests/${id}`).set('Authorization', as(who));
  const decide = (who: string, id: string, verb: string, body: object = {}) =>
    api()
      .post(`/api/requests/requests/${id}/${verb}`)
      .set('Authorization', as(who))
      .send(body);
  const notificationsOf = async (who: string) =>
    (
      await api()
        .get('/api/notifications/notifications')
        .set('Authorization', as(who))
        .expect(200)
    ).body.notifications as Array<{
      payload: { title: string; link?: string };
    }>;
  /**
   * The audit trail of one request: every record reached the audit
   * plugin's store (actor, action, target, outcome, correlated by the
   * request id) and Backstage's auditor (`mockServices.auditor.mock()`).
   */
  const expectAudited = async (
    requestId: string,
    /** `[action, outcome, actor]`: `requests.request.<action>`; a bare actor name is a user. */
    rows: Array<[string, string, string]>,
    target = 'resource:default/orders-db',
  ) => {
    const expected = rows.map(([name, outcome, actor]) => ({
      action: `requests.request.${name}`,
      outcome,
      actor: actor.includes(':') ? actor : `user:default/${actor}`,
    }));
    await probe.flush();
    const stored = await storedAuditRecords(backend.server, {
      correlationId: requestId,
    });
    expect(
      stored.map(r => ({
        action: r.action,
        outcome: r.outcome,
        actor: r.actor.ref,
      })),
    ).toEqual(expect.arrayContaining(expected));
    expect(stored).toHaveLength(expected.length);
    const events = await auditorEventsOf(auditor);
    for (const r of stored) {
      expect(r).toMatchObject({
        plugin: 'requests',
        targetEntityRef: target,
        correlationId: requestId,
        meta: expect.objectContaining({ requestId }),
      });
      expect(events).toContainEqual(
        expect.objectContaining({
          eventId: r.action.replace(/\./g, '-'),
          status: r.outcome === 'succeeded' ? 'succeeded' : 'failed',
          meta: expect.objectContaining({
            auditRecordId: r.id,
            actor: r.actor,
            targetEntityRef: target,
            correlationId: requestId,
          }),
        }),
      );
    }
    return stored;
  };

  it('answers health without credentials and the rest only with them', async () => {
    const health = await api().get('/api/requests/health').expect(200);
    expect(health.body).toEqual({ status: 'ok' });
    const none = await api()
      .get('/api/requests/requests?view=mine')
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    expect(none.body.error.name).toBe('AuthenticationError');
  });

  it('creates a request with the cost of the block’s contract and tells requester and approvers', async () => {
    const res = await create('ada').expect(201);
    expect(res.body).toMatchObject({
      kind: 'database-credentials',
      kindTitle: 'Database credentials',
      title: 'Database credentials for Orders database',
      requester: 'user:default/ada',
      createdBy: 'user:default/ada',
      targetRef: 'resource:default/orders-db',
      targetOwnerRef: 'group:default/team-data',
      status: 'pending',
      cost: {
        amount: 25,
        currency: 'EUR',
        period: 'month',
        bucket: 'low',
        basis: 'db.t3.small',
        sourceRef: 'resource:default/orders-db',
      },
      history: [{ actor: 'user:default/ada', from: null, to: 'pending' }],
      page: `/requests/${res.body.id}`,
    });

    const [receipt] = await notificationsOf('ada');
    expect(receipt.payload).toMatchObject({
      title: 'Request submitted: Database credentials for Orders database',
      link: `/requests/${res.body.id}`,
    });
    const [toApprove] = await notificationsOf('carol');
    expect(toApprove.payload).toMatchObject({
      title: 'Request to approve: Database credentials for Orders database',
      link: `/requests/${res.body.id}`,
    });
    expect(await notificationsOf('erin')).toEqual([]);
    const [record] = await expectAudited(res.body.id, [
      ['created', 'succeeded', 'ada'],
    ]);
    expect(record.actor.type).toBe('user');
    expect(record.meta).toEqual({
      requestId: res.body.id,
      kind: 'database-credentials',
      status: 'pending',
    });
  });

  it('refuses bad input with field-level reasons and creation without the permission', async () => {
    const bad = await create('ada', {
      ...dbRequest,
      targetRef: 'resource:default/nope',
    }).expect(400);
    expect(bad.body.error.message).toBe(
      'Invalid body: body.targetRef resource:default/nope is not in the catalog (or not visible to you)',
    );
    const fields = await create('ada', {
      kind: 'DB',
      targetRef: 'resource:default/orders-db',
      parameters: { token: 'x' },
      fulfilment: { type: 'action', id: 'Bad Id' },
    }).expect(400);
    expect(fields.body.error.message).toContain(
      'body.kind must be a lower-case slug such as database-credentials',
    );
    expect(fields.body.error.message).toContain(
      'body.parameters.token looks like a secret',
    );
    expect(fields.body.error.message).toContain(
      'body.fulfilment.id must be an action id such as db:credentials:issue',
    );
    const before = (
      await api()
        .get('/api/requests/requests?view=mine&limit=500')
        .set('Authorization', as('ada'))
        .expect(200)
    ).body.items.length;
    const unfulfillable = await create('ada', {
      ...dbRequest,
      fulfilment: { type: 'action', id: 'db:credentials:unknown' },
    }).expect(400);
    expect(unfulfillable.body.error.message).toBe(
      'Invalid body: body.fulfilment.id no fulfilment action db:credentials:unknown is registered (requestsFulfilmentExtensionPoint)',
    );
    expect(
      (
        await api()
          .get('/api/requests/requests?view=mine&limit=500')
          .set('Authorization', as('ada'))
          .expect(200)
      ).body.items,
    ).toHaveLength(before);
    await create('ada', {
      ...dbRequest,
      onBehalfOf: 'user:default/bob',
    }).expect(400);
    const denied = await create('dave').expect(403);
    expect(denied.body.error.message).toBe(
      'Not allowed: requests.request.create',
    );
  });

  it('lets a service principal create a request on behalf of a user', async () => {
    const missing = await api()
      .post('/api/requests/requests')
      .set('Authorization', SERVICE)
      .send(dbRequest)
      .expect(400);
    expect(missing.body.error.message).toContain('body.onBehalfOf is required');
    const res = await api()
      .post('/api/requests/requests')
      .set('Authorization', SERVICE)
      .send({
        ...dbRequest,
        onBehalfOf: 'user:default/ada',
        title: 'For the scaffolder',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      requester: 'user:default/ada',
      createdBy: 'external:test-service',
    });
  });

  it('approves as an owner of the target: fulfilled by the action, with history and notifications', async () => {
    const { body: created } = await create('ada', {
      ...dbRequest,
      title: 'Approve me',
    }).expect(201);

    const toApprove = await api()
      .get('/api/requests/requests?view=to-approve')
      .set('Authorization', as('carol'))
      .expect(200);
    expect(toApprove.body.items.map((r: any) => r.id)).toContain(created.id);
    const notOwner = await api()
      .get('/api/requests/requests?view=to-approve')
      .set('Authorization', as('erin'))
      .expect(200);
    expect(notOwner.body.items).toEqual([]);

    const res = await decide('carol', created.id, 'approve', {
      reason: 'Read-only is fine',
    }).expect(200);
    expect(res.body).toMatchObject({
      status: 'fulfilled',
      decision: {
        outcome: 'approved',
        by: 'user:default/carol',
        reason: 'Read-only is fine',
      },
      fulfilmentState: {
        attempts: 1,
        output: { secretPath: `vault:kv/requests/${created.id}` },
      },
    });
    expect(
      res.body.history.map((h: any) => `${h.from}→${h.to} ${h.actor}`),
    ).toEqual([
      'null→pending user:default/ada',
      'pending→approved user:default/carol',
      'approved→fulfilling plugin:requests',
      'fulfilling→fulfilled plugin:requests',
    ]);
    expect(action.calls).toContainEqual({
      requestId: created.id,
      attempt: 1,
      input: { role: 'reader' },
    });

    const mine = await api()
      .get('/api/requests/requests?view=mine')
      .set('Authorization', as('ada'))
      .expect(200);
    expect(mine.body.items.find((r: any) => r.id === created.id).status).toBe(
      'fulfilled',
    );
    const titles = (await notificationsOf('ada')).map(n => n.payload.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Request approved: Approve me',
        'Request fulfilling: Approve me',
        'Request fulfilled: Approve me',
      ]),
    );
    const records = await expectAudited(created.id, [
      ['created', 'succeeded', 'ada'],
      ['approved', 'succeeded', 'carol'],
      // The fulfilment is the plugin's own work.
      ['fulfilled', 'succeeded', 'plugin:requests'],
    ]);
    expect(
      records.find(r => r.action === 'requests.request.approved')?.meta,
    ).toMatchObject({ outcome: 'approved', reason: 'Read-only is fine' });
  });

  it('refuses an approver without the permission with 403 and changes nothing', async () => {
    const { body: created } = await create('ada', {
      ...dbRequest,
      title: 'Not yours',
    }).expect(201);
    const res = await decide('erin', created.id, 'approve').expect(403);
    expect(res.body.error.message).toBe(
      'Not allowed: requests.request.approve',
    );
    await decide('erin', created.id, 'reject', { reason: 'no' }).expect(403);
    // erin may not even see it
    await get('erin', created.id).expect(404);
    const after = await get('ada', created.id).expect(200);
    expect(after.body.status).toBe('pending');
    expect(after.body.history).toHaveLength(1);
    expect(after.body.decision).toBeUndefined();
    // A refused decision is on the trail, as rejected, with who tried.
    await expectAudited(created.id, [
      ['created', 'succeeded', 'ada'],
      ['approved', 'rejected', 'erin'],
      ['rejected', 'rejected', 'erin'],
    ]);
    expect(await auditorEventsOf(auditor)).toContainEqual(
      expect.objectContaining({
        eventId: 'requests-request-approved',
        status: 'failed',
        error: 'Not allowed: requests.request.approve',
      }),
    );
  });

  it('answers a second decision with 409 naming the first', async () => {
    const { body: created } = await create('ada', {
      ...dbRequest,
      title: 'Twice',
    }).expect(201);
    const first = await decide('carol', created.id, 'approve').expect(200);
    const second = await decide('carol', created.id, 'reject', {
      reason: 'changed my mind',
    }).expect(409);
    expect(second.body.error.message).toBe(
      `already decided: approved by user:default/carol at ${first.body.decision.at}`,
    );
    expect((await get('ada', created.id)).body.status).toBe('fulfilled');
  });

  it('rejects with a required reason, and keeps requesters from deciding their own requests', async () => {
    const { body: created } = await create('carol', {
      ...dbRequest,
      title: 'Own',
    }).expect(201);
    const own = await decide('carol', created.id, 'approve').expect(403);
    expect(own.body.error.message).toContain(
      'a requester cannot decide their own request',
    );

    const { body: other } = await create('ada', {
      ...dbRequest,
      title: 'Reject me',
    }).expect(201);
    const noReason = await decide('carol', other.id, 'reject').expect(400);
    expect(noReason.body.error.message).toBe(
      'Invalid body: body.reason Invalid input: expected string, received undefined',
    );
    const res = await decide('carol', other.id, 'reject', {
      reason: 'Use the replica',
    }).expect(200);
    expect(res.body).toMatchObject({
      status: 'rejected',
      decision: {
        outcome: 'rejected',
        by: 'user:default/carol',
        reason: 'Use the replica',
      },
    });
    const [latest] = await notificationsOf('ada');
    expect(latest.payload.title).toBe('Request rejected: Reject me');
    await expectAudited(other.id, [
      ['created', 'succeeded', 'ada'],
      ['rejected', 'succeeded', 'carol'],
    ]);
  });

  it('lets only the requester cancel, and only while pending', async () => {
    const { body: created } = await create('ada', {
      ...dbRequest,
      title: 'Cancel me',
    }).expect(201);
    const notYours = await decide('carol', created.id, 'cancel').expect(403);
    expect(notYours.body.error.message).toBe(
      'Not allowed: only the requester can cancel a request',
    );
    const res = await decide('ada', created.id, 'cancel', {
      reason: 'Not needed any more',
    }).expect(200);
    expect(res.body).toMatchObject({
      status: 'cancelled',
      decision: {
        outcome: 'cancelled',
        by: 'user:default/ada',
        reason: 'Not needed any more',
      },
    });
    const again = await decide('carol', created.id, 'approve').expect(409);
    expect(again.body.error.message).toMatch(
      /^already decided: cancelled by user:default\/ada at /,
    );
    await decide('ada', created.id, 'cancel').expect(409);
    await expectAudited(created.id, [
      ['created', 'succeeded', 'ada'],
      ['cancelled', 'rejected', 'carol'],
      ['cancelled', 'succeeded', 'ada'],
      // Already decided: refused (409).
      ['approved', 'rejected', 'carol'],
      ['cancelled', 'rejected', 'ada'],
    ]);
  });

  it('retries a failing action, then fails the request with the reason', async () => {
    action.failuresLeft = 5;
    const { body: created } = await create('ada', {
      ...dbRequest,
      title: 'Sealed vault',
    }).expect(201);
    const res = await decide('carol', created.id, 'approve').expect(200);
    expect(res.body).toMatchObject({
      status: 'fulfilling',
      fulfilmentState: { attempts: 1, lastError: 'the vault is sealed' },
    });
    // The retry is due after the back-off (1s): the global task retries it.
    await eventually(async () => {
      await scheduler.triggerTask('requests-fulfilment');
      expect((await get('ada', created.id)).body.status).toBe('failed');
    });
    const failed = (await get('ada', created.id)).body;
    expect(failed.fulfilmentState.attempts).toBe(2);
    expect(failed.history.at(-1)).toMatchObject({
      from: 'fulfilling',
      to: 'failed',
      reason: 'fulfilment failed after 2 attempts: the vault is sealed',
    });
    action.failuresLeft = 0;
    // A fulfilment that failed for good: `fulfilled`, outcome failed.
    await expectAudited(created.id, [
      ['created', 'succeeded', 'ada'],
      ['approved', 'succeeded', 'carol'],
      ['fulfilled', 'failed', 'plugin:requests'],
    ]);
  });

  it('fulfils through a scaffolder task and follows it to the end', async () => {
    const { body: created } = await create('ada', {
      kind: 'gpu-quota',
      targetRef: 'resource:default/gpu-pool',
      parameters: { gpus: 8 },
      fulfilment: {
        type: 'scaffolder',
        templateRef: 'template:default/raise-gpu-quota',
        values: { gpus: 8 },
      },
    }).expect(201);
    expect(created.cost).toBeUndefined();
    const res = await decide('erin', created.id, 'approve').expect(200);
    expect(res.body.status).toBe('fulfilling');
    expect(res.body.fulfilmentState.taskId).toEqual(expect.any(String));
    await eventually(async () => {
      await scheduler.triggerTask('requests-fulfilment');
      expect((await get('ada', created.id)).body.status).toBe('fulfilled');
    });
    const task = await api()
      .get(`/api/scaffolder/v2/tasks/${res.body.fulfilmentState.taskId}`)
      .set('Authorization', SERVICE)
      .expect(200);
    expect(task.body).toMatchObject({
      status: 'completed',
      spec: { templateInfo: { entityRef: 'template:default/raise-gpu-quota' } },
    });
  });

  it('lists the pending requests of teams for service principals only', async () => {
    const mine = (
      await create('ada', {
        ...dbRequest,
        title: 'Pending for the digest',
      }).expect(201)
    ).body;
    const res = await api()
      .get('/api/requests/pending?ownerRef=group:default/team-data')
      .set('Authorization', SERVICE)
      .expect(200);
    expect(res.body.items.map((r: any) => r.id)).toContain(mine.id);
    expect(
      res.body.items.every(
        (r: any) =>
          r.status === 'pending' &&
          r.targetOwnerRef === 'group:default/team-data',
      ),
    ).toBe(true);
    await api()
      .get('/api/requests/pending?ownerRef=group:default/team-data')
      .set('Authorization', as('carol'))
      .expect(403);
    await api()
      .get('/api/requests/pending')
      .set('Authorization', SERVICE)
      .expect(400);
  });
});

/** Retries an assertion while the backend works asynchronously (at most ~15s). */
async function eventually(fn: () => Promise<void>) {
  let last: unknown;
  for (let i = 0; i < 75; i++) {
    try {
      await fn();
      return;
    } catch (e) {
      last = e;
      await new Promise(r => setTimeout(r, 200));
    }
  }
  throw last;
}
