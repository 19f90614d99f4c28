import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { createTestDatabases } from '@goldpath/test-utils';
import doraPlugin from './index';

const SERVICE = { Authorization: mockCredentials.service.header() };
const JIRA_SECRET = 'jira-webhook-secret-0123456789';
const ISSUES_SECRET = 'issues-webhook-secret-0123456789';
const AS_OF = '2024-06-01T00:00:00.000Z';
const HOUR_S = 3600;
const TEMPLATE = 'template:default/db-credentials';

const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'db-credentials',
    namespace: 'default',
    title: 'Database credentials',
    annotations: {
      // Keyed like tickets: covers `database-credentials`.
      'goldpath.dev/replaces-ticket-category': 'Database Credentials',
    },
  },
  spec: { type: 'service', steps: [] },
};

let n = 0;
const ticket = (
  ticketId: string,
  status: string,
  timestamp: string,
  extra: object = {},
) => ({
  id: `ticket-${++n}`,
  type: 'ticket',
  source: 'rest',
  ticketId,
  status,
  timestamp,
  ...extra,
});
const db = { category: 'database-credentials', team: 'platform' };
const gpu = { category: 'gpu-quota', team: 'ml' };

/*
 * asOf 2024-06-01, window 90 days, triage SLA 8 h.
 *   db-1  05-01 answered after 2 h                 before the template
 *   db-2  05-10 answered after 10 h (breach: late) after
 *   db-3  05-20 never answered (breach: waiting 12 d)
 *   gpu-1 05-02 1 h;  gpu-2 05-03 3 h, labelled template-candidate
 * The template first ran 05-05 and again 05-15: 2 runs and 2 tickets
 * (db-2, db-3) since, a share of 0.5; queue time 2 h before, 10 h after.
 * Candidates: db 3 × 12 h, gpu 2 × 4 h.
 */
const EVENTS = [
  ticket('db-1', 'opened', '2024-05-01T00:00:00Z', db),
  ticket('db-1', 'acknowledged', '2024-05-01T02:00:00Z'),
  ticket('db-1', 'resolved', '2024-05-01T05:00:00Z'),
  ticket('db-2', 'opened', '2024-05-10T00:00:00Z', db),
  ticket('db-2', 'acknowledged', '2024-05-10T10:00:00Z'),
  // Stored as sent, counted with the other database-credentials tickets.
  ticket('db-3', 'opened', '2024-05-20T00:00:00Z', {
    ...db,
    category: 'Database-Credentials',
  }),
  ticket('gpu-1', 'opened', '2024-05-02T00:00:00Z', gpu),
  ticket('gpu-1', 'acknowledged', '2024-05-02T01:00:00Z'),
  ticket('gpu-2', 'opened', '2024-05-03T00:00:00Z', {
    ...gpu,
    labels: ['template-candidate'],
  }),
  ticket('gpu-2', 'acknowledged', '2024-05-03T03:00:00Z'),
  ...['2024-05-05T00:00:00Z', '2024-05-15T00:00:00Z'].map((timestamp, i) => ({
    id: `scaffold-${i}`,
    type: 'scaffold',
    template: TEMPLATE,
    outcome: 'success',
    service: `db-grant-${i}`,
    timestamp,
  })),
];

/** A Jira Cloud `jira:issue_created` body of our own (the adapter tests read the real ones). */
const jiraBody = JSON.stringify({
  timestamp: Date.parse('2024-05-25T09:00:00Z'),
  webhookEvent: 'jira:issue_created',
  issue: {
    id: '20001',
    key: 'PLAT-7',
    fields: {
      created: '2024-05-25T10:00:00.000+0100',
      issuetype: { name: 'Database credentials' },
      status: { name: 'To Do', statusCategory: { key: 'new' } },
      labels: ['team:platform'],
      reporter: { accountId: '557058:abc' },
    },
  },
});

const sign = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'GET /api/dora/tickets on %s',
  databaseId => {
    let backend: TestBackend;
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          doraPlugin,
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          catalogServiceMock.factory({ entities: [template] }),
          mockServices.rootConfig.factory({
            data: {
              goldpath: {
                dora: {
                  privacy: { actorHashKey: 'test-key' },
                  tickets: { triageSla: { hours: 8 } },
                  webhooks: {
                    jira: { secret: JIRA_SECRET },
                    'github-issues': { secret: ISSUES_SECRET },
                  },
                },
              },
            },
          }),
        ],
      });
      const res = await request(backend.server)
        .post('/api/dora/events')
        .set(SERVICE)
        .send({ events: EVENTS });
      if (res.body.accepted !== EVENTS.length) {
        throw new Error(`events not stored: ${JSON.stringify(res.body)}`);
      }
    }, 60_000);

    afterAll(async () => {
      await backend?.stop();
    });

    const get = (query: Record<string, string>) =>
      request(backend.server)
        .get('/api/dora/tickets')
        .set(SERVICE)
        .query(query);

    const ticketRows = async () =>
      Number(
        (await knex('dora_events').where('type', 'ticket').count({ n: '*' }))[0]
          .n,
      );

    it('answers queue time, SLA breaches, candidates and before/after', async () => {
      const res = await get({ asOf: AS_OF, window: '90d' });
      expect(res.status).toBe(200);
      const body = res.body;
      expect(body.window).toEqual({
        from: '2024-03-03T00:00:00.000Z',
        to: AS_OF,
        days: 90,
      });
      expect(body.triageSlaSeconds).toBe(8 * HOUR_S);
      expect(body.groupBy).toBe('category');
      expect(body.totals).toMatchObject({
        tickets: 5,
        waiting: 1,
        queueTime: { n: 4, meanSeconds: 4 * HOUR_S },
      });
      expect(
        body.groups.map((g: any) => [
          g.key,
          g.tickets,
          g.queueTime.n,
          g.queueTime.meanSeconds,
          g.slaBreaches,
        ]),
      ).toEqual([
        ['database-credentials', 3, 2, 6 * HOUR_S, 2],
        ['gpu-quota', 2, 2, 2 * HOUR_S, 0],
      ]);
      expect(
        body.slaBreaches.tickets.map((b: any) => [b.ticketId, b.kind]),
      ).toEqual([
        ['db-3', 'waiting'],
        ['db-2', 'late'],
      ]);
      expect(body.slaBreaches.count).toBe(2);
      expect(
        body.candidates.map((c: any) => [
          c.category,
          c.score,
          c.labelledTickets,
          c.coveredBy,
        ]),
      ).toEqual([
        ['database-credentials', 3 * 12 * HOUR_S, 0, TEMPLATE],
        ['gpu-quota', 2 * 4 * HOUR_S, 1, null],
      ]);
      expect(body.beforeAfter).toEqual([
        expect.objectContaining({
          template: TEMPLATE,
          title: 'Database credentials',
          category: 'database-credentials',
          firstUsedAt: '2024-05-05T00:00:00.000Z',
          before: expect.objectContaining({ n: 1, meanSeconds: 2 * HOUR_S }),
          after: expect.objectContaining({ n: 1, meanSeconds: 10 * HOUR_S }),
          meanDeltaSeconds: 8 * HOUR_S,
          templateRuns: 2,
          ticketsSince: 2,
          templateShare: 0.5,
        }),
      ]);
    });

    it('groups by team and month, and filters by category and team', async () => {
      const byTeam = await get({ asOf: AS_OF, groupBy: 'team' });
      expect(byTeam.body.groups.map((g: any) => [g.key, g.tickets])).toEqual([
        ['ml', 2],
        ['platform', 3],
      ]);
      const byMonth = await get({
        asOf: AS_OF,
        groupBy: 'month',
        timeZone: 'Europe/Berlin',
      });
      expect(byMonth.body.timeZone).toBe('Europe/Berlin');
      expect(byMonth.body.groups.map((g: any) => g.key)).toEqual(['2024-05']);
      const filtered = await get({ asOf: AS_OF, category: 'GPU-Quota' });
      expect(filtered.body.filters).toEqual({
        category: 'gpu-quota',
        team: null,
      });
      expect(filtered.body.totals.tickets).toBe(2);
    });

    it('answers 400 with field-level reasons for bad queries', async () => {
      const cases: Array<[Record<string, string>, RegExp]> = [
        [
          { groupBy: 'owner' },
          /query\.groupBy must be one of category, team, month/,
        ],
        [{ window: '5y' }, /query\.window must be whole days or weeks/],
        [{ window: '400d' }, /up to 366 days/],
        [{ asOf: 'yesterday' }, /query\.asOf must be an ISO 8601/],
        [
          { timeZone: 'Mars/Olympus' },
          /query\.timeZone must be an IANA time zone/,
        ],
        [{ category: ' ' }, /query\.category must not be empty/],
        [{ color: 'red' }, /unknown query parameter color/],
      ];
      for (const [query, message] of cases) {
        const res = await get(query);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
    });

    it('stores signed Jira deliveries, and nothing of a bad signature (401)', async () => {
      const before = await ticketRows();
      const forged = await request(backend.server)
        .post('/api/dora/webhooks/jira')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature', sign('not-the-secret', jiraBody))
        .send(jiraBody);
      expect(forged.status).toBe(401);
      const unsigned = await request(backend.server)
        .post('/api/dora/webhooks/jira')
        .set('Content-Type', 'application/json')
        .send(jiraBody);
      expect(unsigned.status).toBe(401);
      expect(await ticketRows()).toBe(before);

      const signed = await request(backend.server)
        .post('/api/dora/webhooks/jira')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature', sign(JIRA_SECRET, jiraBody))
        .set('X-Atlassian-Webhook-Identifier', '42')
        .send(jiraBody);
      expect(signed.status).toBe(202);
      expect(signed.body).toMatchObject({ status: 'accepted', accepted: 1 });
      expect(await ticketRows()).toBe(before + 1);
      const res = await get({ asOf: AS_OF, category: 'database-credentials' });
      expect(res.body.totals.tickets).toBe(4);
      expect(res.body.waiting.map((w: any) => w.ticketId)).toEqual([
        'db-3',
        'PLAT-7',
      ]);
      // Redelivered: counted as a duplicate, stored once.
      const again = await request(backend.server)
        .post('/api/dora/webhooks/jira')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature', sign(JIRA_SECRET, jiraBody))
        .send(jiraBody);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    });

    it('stores signed GitHub Issues deliveries as tickets', async () => {
      const body = JSON.stringify({
        action: 'opened',
        issue: {
          number: 12,
          title: 'Raise my GPU quota',
          state: 'open',
          created_at: '2024-05-28T08:00:00Z',
          updated_at: '2024-05-28T08:00:00Z',
          user: { login: 'requester', type: 'User' },
          labels: [{ name: 'category:gpu-quota' }, { name: 'team:ml' }],
        },
        repository: {
          full_name: 'acme/platform-requests',
          name: 'platform-requests',
        },
        sender: { login: 'requester' },
      });
      const send = (signature: string) =>
        request(backend.server)
          .post('/api/dora/webhooks/github-issues')
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', 'issues')
          .set('X-GitHub-Delivery', 'issues-1')
          .set('X-Hub-Signature-256', signature)
          .send(body);
      const before = await ticketRows();
      expect((await send(sign('wrong', body))).status).toBe(401);
      expect(await ticketRows()).toBe(before);
      const res = await send(sign(ISSUES_SECRET, body));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ accepted: 1, unresolved: 0 });
      const figures = await get({ asOf: AS_OF, category: 'gpu-quota' });
      expect(figures.body.waiting.map((w: any) => w.ticketId)).toEqual([
        'acme/platform-requests#12',
      ]);
    });
  },
);
