import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  TestBackend,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '@goldpath/test-utils';
import doraPlugin from './index';

const CI_TOKEN = 'ci-token-for-tests-0123456789';
const NOW = Date.now();
const iso = (daysAgo: number) =>
  new Date(NOW - daysAgo * 86_400_000).toISOString();

function history() {
  const events: object[] = [];
  for (let day = 60; day >= 1; day -= 3) {
    events.push(
      {
        id: `change-${day}`,
        type: 'change',
        service: 'checkout',
        commitSha: `c0ffee${String(day).padStart(4, '0')}`,
        timestamp: iso(day + 0.5),
        commits: [
          {
            sha: `a11ce${String(day).padStart(4, '0')}`,
            authoredAt: iso(day + 1),
          },
        ],
        actor: 'jane.doe@example.com',
      },
      {
        id: `deploy-${day}`,
        type: 'deployment',
        service: 'checkout',
        deploymentId: `d-${day}`,
        environment: 'production',
        outcome: 'success',
        commitSha: `c0ffee${String(day).padStart(4, '0')}`,
        timestamp: iso(day),
      },
    );
  }
  return events;
}

const databases = createTestDatabases();

describe('dora backend plugin', () => {
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  async function start(options: { knex?: Knex } = {}) {
    backend = await startTestBackend({
      features: [
        doraPlugin,
        ...(options.knex
          ? [mockServices.database.factory({ knex: options.knex })]
          : []),
        authServiceFactory,
        httpAuthServiceFactory,
        httpRouterServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: CI_TOKEN, subject: 'ci' },
                  },
                ],
              },
            },
            goldpath: {
              dora: {
                privacy: { actorHashKey: 'test-key' },
                ingestion: { maxEvents: 200, maxBodySize: '64kb' },
              },
            },
          },
        }),
      ],
    });
    return backend.server;
  }

  const auth = { Authorization: `Bearer ${CI_TOKEN}` };

  it('answers health without credentials', async () => {
    const server = await start();
    const res = await request(server).get('/api/dora/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses writes and reads without valid credentials, storing nothing', async () => {
    const server = await start();
    const noAuth = await request(server)
      .post('/api/dora/events')
      .send({ events: history() });
    expect(noAuth.status).toBe(401);
    const badToken = await request(server)
      .post('/api/dora/events')
      .set('Authorization', 'Bearer not-the-token')
      .send({ events: history() });
    expect(badToken.status).toBe(401);
    await request(server)
      .get('/api/dora/scorecards/component/default/checkout')
      .expect(401);
    const card = await request(server)
      .get('/api/dora/scorecards/component/default/checkout')
      .set(auth);
    expect(card.body.deploymentFrequency.deployments).toBe(0);
  });

  it('ingests with a static token, and the scorecard follows; replays change nothing', async () => {
    const server = await start();
    const empty = await request(server)
      .get('/api/dora/scorecards/component/default/checkout')
      .set(auth)
      .expect(200);
    expect(empty.body).toMatchObject({
      entityRef: 'component:default/checkout',
      deploymentFrequency: { deployments: 0 },
      changeFailRate: { ratio: null },
    });

    const first = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .send({ events: history() })
      .expect(200);
    expect(first.body).toEqual({
      received: 40,
      accepted: 40,
      duplicates: 0,
      optedOut: 0,
      rejected: [],
    });
    const card = await request(server)
      .get('/api/dora/scorecards/component/default/checkout')
      .set(auth)
      .expect(200);
    expect(card.body.deploymentFrequency.deployments).toBe(20);
    // every change waited 1 day from its first commit; the first deployment is unmeasured
    expect(card.body.changeLeadTime).toMatchObject({
      changes: 19,
      unattributed: 1,
      medianSeconds: 86_400,
    });
    expect(card.body.changeFailRate).toMatchObject({
      ratio: 0,
      deployments: 20,
    });

    const replay = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .send({ events: history() })
      .expect(200);
    expect(replay.body).toMatchObject({ accepted: 0, duplicates: 40 });
    const again = await request(server)
      .get('/api/dora/scorecards/component/default/checkout')
      .query({ asOf: card.body.asOf })
      .set(auth)
      .expect(200);
    expect(again.body).toEqual(card.body);
  });

  it('accepts NDJSON and single events', async () => {
    const server = await start();
    const ndjson = history()
      .slice(0, 4)
      .map(e => JSON.stringify(e))
      .join('\n');
    const res = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .set('Content-Type', 'application/x-ndjson')
      .send(`${ndjson}\n`)
      .expect(200);
    expect(res.body).toMatchObject({ received: 4, accepted: 4 });
    const single = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .send(history()[5])
      .expect(200);
    expect(single.body).toMatchObject({ received: 1, accepted: 1 });
  });

  it('stores the valid events of a mixed batch and reports the others by index and field', async () => {
    const server = await start();
    const [good] = history();
    const res = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .send({
        events: [
          good,
          { ...good, id: 'bad-1', timestamp: 'yesterday' },
          { ...good, id: 'bad-2', type: 'deploy' },
        ],
      })
      .expect(200);
    expect(res.body).toMatchObject({ received: 3, accepted: 1 });
    expect(res.body.rejected).toEqual([
      {
        index: 1,
        id: 'bad-1',
        errors: [
          { path: 'timestamp', message: expect.stringContaining('ISO 8601') },
        ],
      },
      {
        index: 2,
        id: 'bad-2',
        errors: [{ path: 'type', message: expect.any(String) }],
      },
    ]);
  });

  it('answers 400 with every reason when nothing is valid', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .set('Content-Type', 'application/x-ndjson')
      .send('{"id":"x","type":"deployment"}\nnot json\n')
      .expect(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.rejected).toEqual([
      {
        index: 0,
        id: 'x',
        errors: expect.arrayContaining([
          { path: 'service', message: 'is required' },
          { path: 'deploymentId', message: 'is required' },
        ]),
      },
      {
        index: 1,
        errors: [
          {
            path: '',
            message: expect.stringContaining('line 2 is not valid JSON'),
          },
        ],
      },
    ]);
  });

  it.each([
    ['a malformed JSON body', '{"events": [', 400],
    ['a body that is no event batch', '{"hello": "world"}', 400],
    ['an empty batch', '{"events": []}', 400],
  ])('answers %s with %s', async (_name, body, status) => {
    const server = await start();
    const res = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toBeDefined();
  });

  it('refuses oversized bodies and batches with 413', async () => {
    const server = await start();
    const big = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .send({ events: history(), padding: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    const many = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .send({
        events: Array.from({ length: 201 }, (_, i) => ({ id: `${i}` })),
      });
    expect(many.status).toBe(413);
  });

  it('stores actors only as keyed pseudonyms', async () => {
    const knex = await databases.init('SQLITE_3');
    const server = await start({ knex });
    await request(server)
      .post('/api/dora/events')
      .set(auth)
      .send(history()[0])
      .expect(200);
    const rows = await knex('dora_events').select('event');
    expect(rows).toHaveLength(1);
    expect(rows[0].event).not.toContain('jane.doe');
    expect(JSON.parse(rows[0].event).actor).toMatch(/^anon:[0-9a-f]{32}$/);
  });

  it('validates scorecard queries', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/dora/scorecards/component/default/checkout')
      .query({ window: 'forever', asOf: 'now' })
      .set(auth)
      .expect(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('query.window');
    expect(res.body.error.message).toContain('query.asOf');
    const week = await request(server)
      .get('/api/dora/scorecards/component/default/checkout')
      .query({ window: '7d', asOf: '2024-05-01T00:00:00Z' })
      .set(auth)
      .expect(200);
    expect(week.body.window).toEqual({
      from: '2024-04-24T00:00:00.000Z',
      to: '2024-05-01T00:00:00.000Z',
      days: 7,
    });
  });

  it('answers which template created each service, from scaffold events, to service principals only', async () => {
    const server = await start();
    const scaffold = (id: string, service: string, extra: object) => ({
      id,
      type: 'scaffold',
      service,
      template: 'golden-path-service',
      timestamp: iso(10),
      ...extra,
    });
    await request(server)
      .post('/api/dora/events')
      .set(auth)
      .send({
        events: [
          scaffold('s1', 'cart', { templateVersion: '1.4.0', taskId: 't-1' }),
          scaffold('s0', 'cart', {
            outcome: 'failure',
            template: 'other-template',
            timestamp: iso(11),
          }),
          scaffold('s2', 'web-shop', { timestamp: iso(5) }),
        ],
      })
      .expect(200);

    const all = await request(server)
      .get('/api/dora/scaffold-attributions')
      .set(auth)
      .expect(200);
    expect(all.body.entries).toEqual([
      {
        entityRef: 'component:default/cart',
        templateRef: 'template:default/golden-path-service',
        templateVersion: '1.4.0',
        scaffoldedAt: iso(10),
        taskId: 't-1',
      },
      {
        entityRef: 'component:default/web-shop',
        templateRef: 'template:default/golden-path-service',
        scaffoldedAt: iso(5),
      },
    ]);
    expect(all.body.cursor).toMatch(/^\d+$/);

    // Caught up: the cursor re-reads a short overlap, never less.
    const again = await request(server)
      .get('/api/dora/scaffold-attributions')
      .query({ since: all.body.cursor })
      .set(auth)
      .expect(200);
    expect(again.body.entries).toHaveLength(2);
    const later = await request(server)
      .get('/api/dora/scaffold-attributions')
      .query({ since: String(Number(all.body.cursor) + 120_000) })
      .set(auth)
      .expect(200);
    expect(later.body.entries).toEqual([]);

    await request(server)
      .get('/api/dora/scaffold-attributions')
      .query({ since: 'yesterday' })
      .set(auth)
      .expect(400);
    // Only principals of type service pass `allow: ['service']`; without
    // credentials there is no principal at all.
    await request(server).get('/api/dora/scaffold-attributions').expect(401);
  });
});
