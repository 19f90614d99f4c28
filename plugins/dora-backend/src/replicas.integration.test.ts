import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestBackend,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '@goldpath/test-utils';
import doraPlugin from './index';
import { shuffled } from './__testUtils__/shuffle';

/**
 * Two backend processes ("replicas") of the dora plugin on one PostgreSQL
 * database, as a platform team runs Backstage: each has its own connection
 * pool and its own scheduler, and they share the tables.
 */

const CI_TOKEN = 'ci-token-for-replica-tests-0123456789';
const auth = { Authorization: `Bearer ${CI_TOKEN}` };
const SERVICES = 50;
const EVENTS = 2_000;
const WRITERS = 8;
const BATCH = 250;

const databases = createTestDatabases();
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

function fleetEvents() {
  const start = Date.now() - 30 * 86_400_000;
  return Array.from({ length: EVENTS }, (_, i) => ({
    id: `replica-evt-${String(i).padStart(5, '0')}`,
    type: 'deployment',
    service: `svc-${String(i % SERVICES).padStart(2, '0')}`,
    deploymentId: `dep-${i}`,
    environment: 'production',
    outcome: 'success',
    timestamp: new Date(start + i * 60_000).toISOString(),
  }));
}

async function startReplica(knex: Knex) {
  return startTestBackend({
    features: [
      doraPlugin,
      mockServices.database.factory({ knex }),
      schedulerServiceFactory,
      authServiceFactory,
      httpAuthServiceFactory,
      httpRouterServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7150',
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
              ingestion: { maxEvents: 500, maxBodySize: '1mb' },
            },
          },
        },
      }),
    ],
  });
}

// Two processes cannot share an in-memory SQLite database: PostgreSQL only
// (the project's test command requires one).
const databaseId = postgres[0]?.[0];

(databaseId ? describe : describe.skip)(
  'two dora backends on one PostgreSQL',
  () => {
    let replicas: TestBackend[] = [];
    let knexes: Knex[] = [];
    let shared: Knex;

    beforeAll(async () => {
      shared = await databases.init(databaseId!);
      // One pool per replica, both on the same database.
      knexes = [0, 1].map(() =>
        knexFactory({
          client: 'pg',
          connection: shared.client.config.connection,
          pool: { min: 0, max: 10 },
        }),
      );
      // One after the other, as a rolling deploy starts them; migrations are
      // locked anyway.
      for (const knex of knexes) {
        replicas.push(await startReplica(knex));
      }
    }, 60_000);

    afterAll(async () => {
      await Promise.all(replicas.map(r => r.stop()));
      await Promise.all(knexes.map(k => k.destroy()));
      replicas = [];
      knexes = [];
    });

    it('stores each event once when both ingest the same events concurrently', async () => {
      const events = fleetEvents();
      const statuses: number[] = [];
      let accepted = 0;
      let duplicates = 0;
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          // Half of the writers post to each replica, every one all the events
          // in its own order.
          const server = replicas[w % 2].server;
          const mine = shuffled(events, w + 1);
          for (let i = 0; i < mine.length; i += BATCH) {
            const res = await request(server)
              .post('/api/dora/events')
              .set(auth)
              .send({ events: mine.slice(i, i + BATCH) });
            statuses.push(res.status);
            if (res.status === 200) {
              accepted += res.body.accepted;
              duplicates += res.body.duplicates;
            }
          }
        }),
      );
      expect(statuses.filter(s => s !== 200)).toEqual([]);
      expect(statuses).toHaveLength((WRITERS * EVENTS) / BATCH);
      // Every event accepted by exactly one request, refused as a duplicate by
      // all the others.
      expect(accepted).toBe(EVENTS);
      expect(duplicates).toBe((WRITERS - 1) * EVENTS);

      const [{ n, ids }] = await shared('dora_events')
        .where('id', 'like', 'replica-evt-%')
        .count({ n: '*' })
        .countDistinct({ ids: 'id' });
      expect(Number(n)).toBe(EVENTS);
      expect(Number(ids)).toBe(EVENTS);

      // Both replicas answer from the same data.
      const cards = await Promise.all(
        replicas.map(r =>
          request(r.server)
            .get('/api/dora/scorecards/component/default/svc-07')
            .set(auth),
        ),
      );
      expect(cards.map(c => c.status)).toEqual([200, 200]);
      expect(cards[0].body.deploymentFrequency.deployments).toBe(
        EVENTS / SERVICES,
      );
      expect(cards[1].body.deploymentFrequency.deployments).toBe(
        EVENTS / SERVICES,
      );
    }, 120_000);

    it('registers its scheduled tasks globally, so each runs on one replica at a time', async () => {
      const listed = await Promise.all(
        replicas.map(r =>
          request(r.server)
            .get('/api/dora/.backstage/scheduler/v1/tasks')
            .set(auth),
        ),
      );
      expect(listed.map(l => l.status)).toEqual([200, 200]);
      const tasksOf = (i: number) =>
        (listed[i].body.tasks as Array<{ taskId: string; scope: string }>)
          .filter(t => t.taskId.startsWith('dora-'))
          .sort((a, b) => (a.taskId < b.taskId ? -1 : 1));
      const first = tasksOf(0);
      expect(first.map(t => t.taskId)).toEqual(
        expect.arrayContaining(['dora-rollup-cache', 'dora-weekly-snapshots']),
      );
      expect(first.filter(t => t.scope !== 'global')).toEqual([]);
      expect(tasksOf(1)).toEqual(first);

      // A global task is one row in the scheduler's shared table, whichever
      // replicas scheduled it: the row's lock is what lets one replica run it.
      const rows: Array<{ id: string }> = await shared(
        'backstage_backend_tasks__tasks',
      )
        .where('id', 'like', 'dora-%')
        .select('id');
      expect(rows.map(r => r.id).sort()).toEqual(first.map(t => t.taskId));
    }, 60_000);
  },
);
