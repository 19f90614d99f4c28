import {
  ServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuditRecord, auditRecordsToCsv } from '@goldpath/plugin-audit-common';
import request from 'supertest';
import {
  AUDITOR_REF,
  SinkEvent,
  auditPolicyModule,
  recordingAuditor,
} from './__testUtils__/backend';
import auditPlugin from './index';
import { pseudonymizeActor } from './service/pseudonym';

const AUDITOR = mockCredentials.user.header(AUDITOR_REF);
const VIEWER = mockCredentials.user.header('user:default/viewer');
const EXTERNAL = mockCredentials.service.header();
/** A token the requests plugin would send (subject plugin:requests). */
const REQUESTS_PLUGIN = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:requests'),
  targetPluginId: 'audit',
});

/** One record of each action Goldpath's plugins record. */
const RECORDS: AuditRecord[] = [
  ['scaffolder.task.run', 'scaffolder', 'component:default/checkout', 1],
  ['dora.ingest.batch', 'dora', undefined, 2],
  ['dora.webhook.delivery', 'dora', undefined, 3],
  ['policy.report.upload', 'policy', 'component:default/checkout', 4],
  ['requests.request.created', 'requests', 'resource:default/orders-db', 5],
  ['requests.request.approved', 'requests', 'resource:default/orders-db', 6],
  ['requests.request.rejected', 'requests', 'resource:default/gpu', 7],
  ['requests.request.fulfilled', 'requests', 'resource:default/orders-db', 8],
  ['requests.request.cancelled', 'requests', 'resource:default/gpu', 9],
].map(([action, plugin, target, minute]) => ({
  id: `rec-${minute}`,
  occurredAt: new Date(
    Date.parse('2026-11-30T10:00:00Z') + Number(minute) * 60_000,
  ).toISOString(),
  actor:
    plugin === 'dora'
      ? { type: 'service' as const, ref: 'plugin:dora' }
      : {
          type: 'user' as const,
          ref: `user:default/${Number(minute) % 2 ? 'jane' : 'approver'}`,
        },
  action: action as string,
  ...(target ? { targetEntityRef: target as string } : {}),
  outcome: action === 'requests.request.rejected' ? 'rejected' : 'succeeded',
  correlationId: plugin === 'requests' ? 'flow-orders' : `flow-${minute}`,
  plugin: plugin as string,
  meta: { minute },
}));

async function start(config: object = {}) {
  const events: SinkEvent[] = [];
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };
  const backend = await startTestBackend({
    features: [
      auditPlugin,
      permissionPlugin,
      auditPolicyModule,
      recordingAuditor(events),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true }, ...config },
      }),
    ],
  });
  return { backend, server: backend.server, events, scheduler };
}

describe('the audit backend', () => {
  const backends: TestBackend[] = [];
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop()));
  });

  async function started(config?: object) {
    const s = await start(config);
    backends.push(s.backend);
    return s;
  }

  it('stores records of every action from service principals and serves them to permitted users with each filter', async () => {
    const { server, events } = await started();
    await request(server)
      .post('/api/audit/records')
      .set('Authorization', EXTERNAL)
      .send({ records: RECORDS })
      .expect(200, {
        stored: RECORDS.map(r => r.id),
        duplicates: [],
      });

    const list = async (query: Record<string, string>) =>
      (
        await request(server)
          .get('/api/audit/records')
          .query(query)
          .set('Authorization', AUDITOR)
          .expect(200)
      ).body;
    const idsOf = async (query: Record<string, string>) =>
      (await list(query)).items.map((r: AuditRecord) => r.id);

    const all = await list({});
    expect(all.items).toEqual([...RECORDS].reverse());
    expect(all.nextCursor).toBeUndefined();
    expect(await idsOf({ actor: 'user:default/jane' })).toEqual([
      'rec-9',
      'rec-7',
      'rec-5',
      'rec-1',
    ]);
    // a user is found by name alone (kind and namespace default)
    expect(await idsOf({ actor: 'approver' })).toEqual([
      'rec-8',
      'rec-6',
      'rec-4',
    ]);
    expect(await idsOf({ actor: 'plugin:dora', actorType: 'service' })).toEqual(
      ['rec-3', 'rec-2'],
    );
    expect(await idsOf({ entity: 'resource:orders-db' })).toEqual([
      'rec-8',
      'rec-6',
      'rec-5',
    ]);
    expect(await idsOf({ action: 'dora' })).toEqual(['rec-3', 'rec-2']);
    expect(await idsOf({ action: 'requests.request.approved' })).toEqual([
      'rec-6',
    ]);
    expect(await idsOf({ outcome: 'rejected' })).toEqual(['rec-7']);
    expect(await idsOf({ correlationId: 'flow-orders' })).toHaveLength(5);
    expect(
      await idsOf({
        from: '2026-11-30T10:03:00Z',
        to: '2026-11-30T10:05:00Z',
      }),
    ).toEqual(['rec-4', 'rec-3']);

    // paging: limit and cursor
    const first = await list({ limit: '4' });
    expect(first.items.map((r: AuditRecord) => r.id)).toEqual([
      'rec-9',
      'rec-8',
      'rec-7',
      'rec-6',
    ]);
    const second = await list({ limit: '4', cursor: first.nextCursor });
    const third = await list({ limit: '4', cursor: second.nextCursor });
    expect(
      [...second.items, ...third.items].map((r: AuditRecord) => r.id),
    ).toEqual(['rec-5', 'rec-4', 'rec-3', 'rec-2', 'rec-1']);
    expect(third.nextCursor).toBeUndefined();

    // the reads reached the audit sink, with the filters
    expect(events).toContainEqual(
      expect.objectContaining({
        plugin: 'audit',
        eventId: 'records-read',
        status: 'succeeded',
        hasRequest: true,
        meta: expect.objectContaining({ filters: { action: 'dora' } }),
      }),
    );
  });

  it('is idempotent by id: a redelivery stores nothing twice', async () => {
    const { server } = await started();
    const post = () =>
      request(server)
        .post('/api/audit/records')
        .set('Authorization', REQUESTS_PLUGIN)
        .send({ records: [RECORDS[4], RECORDS[5]] });
    await post().expect(200, { stored: ['rec-5', 'rec-6'], duplicates: [] });
    await post().expect(200, { stored: [], duplicates: ['rec-5', 'rec-6'] });
    const page = await request(server)
      .get('/api/audit/records')
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(page.body.items).toHaveLength(2);
  });

  it('refuses users, foreign plugins, bad records and large bodies, storing nothing', async () => {
    const { server } = await started({
      goldpath: { audit: { ingestion: { maxBodyBytes: 2048 } } },
    });
    const post = (auth: string, body: unknown) =>
      request(server)
        .post('/api/audit/records')
        .set('Authorization', auth)
        .send(body as object);

    const user = await post(AUDITOR, { records: [RECORDS[0]] }).expect(403);
    expect(user.body.error.name).toBe('NotAllowedError');
    await post(mockCredentials.none.header(), {
      records: [RECORDS[0]],
    }).expect(401);

    // plugin:requests may not record a dora action in dora's name
    const foreign = await post(REQUESTS_PLUGIN, {
      records: [RECORDS[4], RECORDS[1]],
    }).expect(403);
    expect(foreign.body.error.message).toContain(
      'body.records[1].plugin is dora, but plugin requests may record its own actions only',
    );

    const bad = await post(EXTERNAL, {
      records: [{ ...RECORDS[0], outcome: 'maybe', occurredAt: 'now' }],
    }).expect(400);
    expect(bad.body.error.name).toBe('InputError');
    expect(bad.body.error.message).toContain(
      'body.records[0].occurredAt must be an ISO 8601 timestamp',
    );
    expect(bad.body.error.message).toContain(
      'body.records[0].outcome must be one of succeeded, failed, rejected',
    );
    const notJson = await request(server)
      .post('/api/audit/records')
      .set('Authorization', EXTERNAL)
      .set('Content-Type', 'application/json')
      .send('{"records": [')
      .expect(400);
    expect(notJson.body.error.message).toContain('no JSON');

    const large = await post(EXTERNAL, {
      records: Array.from({ length: 10 }, (_, i) => ({
        ...RECORDS[0],
        id: `big-${i}`,
        meta: { text: 'x'.repeat(1000) },
      })),
    }).expect(413);
    expect(large.body.error.message).toContain(
      'goldpath.audit.ingestion.maxBodyBytes',
    );

    const page = await request(server)
      .get('/api/audit/records')
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(page.body.items).toEqual([]);
  });

  it('answers reads and exports without audit.read with 403, and bad queries with field-level 400s', async () => {
    const { server } = await started();
    for (const path of ['/api/audit/records', '/api/audit/records.csv']) {
      const denied = await request(server)
        .get(path)
        .set('Authorization', VIEWER)
        .expect(403);
      expect(denied.body.error.message).toBe('Not allowed: audit.read');
    }
    await request(server)
      .get('/api/audit/records')
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    const bad = await request(server)
      .get('/api/audit/records')
      .query({ limit: '1000', entity: 'no way', cursor: 'zz' })
      .set('Authorization', AUDITOR)
      .expect(400);
    expect(bad.body.error.message).toContain(
      'query.limit must be a whole number from 1 to 500',
    );
    expect(bad.body.error.message).toContain(
      'query.entity must be an entity ref',
    );
    const cursor = await request(server)
      .get('/api/audit/records')
      .query({ cursor: 'bm9wZQ' })
      .set('Authorization', AUDITOR)
      .expect(400);
    expect(cursor.body.error.message).toContain(
      'query.cursor must be a cursor from nextCursor',
    );
    await request(server).get('/api/audit/health').expect(200);
  });

  it('exports CSV with the same filters, records the export, and continues a long export with a cursor', async () => {
    const { server, events } = await started({
      goldpath: { audit: { export: { maxRows: 3 } } },
    });
    await request(server)
      .post('/api/audit/records')
      .set('Authorization', EXTERNAL)
      .send({
        records: [
          ...RECORDS,
          {
            ...RECORDS[0],
            id: 'formula',
            meta: { note: '=HYPERLINK("http://evil")' },
            actor: { type: 'service', ref: '@evil' },
          },
        ],
      })
      .expect(200);

    const res = await request(server)
      .get('/api/audit/records.csv')
      .query({ action: 'requests.request' })
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="audit-records.csv"',
    );
    expect(res.text).toBe(
      auditRecordsToCsv([RECORDS[8], RECORDS[7], RECORDS[6]]),
    );
    const next = res.headers['audit-next-cursor'];
    expect(next).toBeTruthy();
    const rest = await request(server)
      .get('/api/audit/records.csv')
      .query({ action: 'requests.request', cursor: next })
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(rest.text).toBe(auditRecordsToCsv([RECORDS[5], RECORDS[4]]));
    expect(rest.headers['audit-next-cursor']).toBeUndefined();

    const formula = await request(server)
      .get('/api/audit/records.csv')
      .query({ actor: '@evil', actorType: 'service' })
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(formula.text.split('\r\n')[1]).toContain(",service,'@evil,");

    // Each export is in the trail (who took which records out) and at the sink.
    const exports = await request(server)
      .get('/api/audit/records')
      .query({ action: 'audit.records.export' })
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(exports.body.items).toHaveLength(3);
    expect(exports.body.items[2]).toMatchObject({
      actor: { type: 'user', ref: AUDITOR_REF },
      action: 'audit.records.export',
      outcome: 'succeeded',
      plugin: 'audit',
      meta: { filters: { action: 'requests.request' }, rows: 3 },
    });
    expect(
      events.filter(
        e => e.eventId === 'records-export' && e.status === 'succeeded',
      ),
    ).toHaveLength(3);
  });

  it('pseudonymises user actors with the dora plugin’s key, and still finds them by ref', async () => {
    const key = 'audit-test-key';
    const { server } = await started({
      goldpath: { dora: { privacy: { actorHashKey: key } } },
    });
    await request(server)
      .post('/api/audit/records')
      .set('Authorization', EXTERNAL)
      .send({
        records: [
          { ...RECORDS[4], actor: { type: 'user', ref: 'User:Default/Jane' } },
          RECORDS[1],
        ],
      })
      .expect(200);
    const page = await request(server)
      .get('/api/audit/records')
      .set('Authorization', AUDITOR)
      .expect(200);
    const pseudonym = pseudonymizeActor(key, 'user:default/jane');
    expect(page.body.items.map((r: AuditRecord) => r.actor)).toEqual([
      { type: 'user', ref: pseudonym },
      { type: 'service', ref: 'plugin:dora' },
    ]);
    expect(JSON.stringify(page.body)).not.toContain('jane');
    for (const actor of ['user:default/jane', 'jane', pseudonym]) {
      const found = await request(server)
        .get('/api/audit/records')
        .query({ actor })
        .set('Authorization', AUDITOR)
        .expect(200);
      expect(found.body.items.map((r: AuditRecord) => r.id)).toEqual(['rec-5']);
    }
  });

  it('purges records older than goldpath.audit.retention.days in its global daily task', async () => {
    const { server, scheduler } = await started({
      goldpath: { audit: { retention: { days: 30 } } },
    });
    const now = Date.now();
    const at = (days: number) =>
      new Date(now - days * 86_400_000).toISOString();
    await request(server)
      .post('/api/audit/records')
      .set('Authorization', EXTERNAL)
      .send({
        records: [
          { ...RECORDS[0], id: 'old', occurredAt: at(31) },
          { ...RECORDS[0], id: 'recent', occurredAt: at(29) },
        ],
      })
      .expect(200);
    expect(await scheduler.getScheduledTasks()).toContainEqual(
      expect.objectContaining({ id: 'audit-retention', scope: 'global' }),
    );
    await scheduler.triggerTask('audit-retention');
    const page = await request(server)
      .get('/api/audit/records')
      .set('Authorization', AUDITOR)
      .expect(200);
    expect(page.body.items.map((r: AuditRecord) => r.id)).toEqual(['recent']);
  });
});
