import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  EventsService,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '@goldpath/test-utils';
import { ALWAYS, failingInserts } from './__testUtils__/failingInserts';
import doraPlugin from './index';

const databases = createTestDatabases();

/** A plugin that hands the test the backend's (shared) events service. */
function eventsProbe() {
  const captured: { events?: EventsService } = {};
  const plugin = createBackendPlugin({
    pluginId: 'probe',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          captured.events = events;
        },
      });
    },
  });
  return { plugin, captured };
}

const deployment = (id: string) => ({
  id,
  type: 'deployment',
  service: 'component:default/checkout',
  deploymentId: id,
  environment: 'production',
  outcome: 'success',
  timestamp: new Date(Date.now() - 60_000).toISOString(),
});

/**
 * A policy that grants users nothing; service principals are allowed, as
 * Backstage's permissions service does for other plugins (and for external
 * tokens their accessRestrictions allow).
 */
function denyUsersPermissions() {
  return mockServices.permissions.mock({
    authorize: (async (
      requests: unknown[],
      options: { credentials: BackstageCredentials },
    ) =>
      requests.map(() => ({
        result:
          (options.credentials.principal as { type: string }).type === 'service'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }))) as any,
  });
}

/** The permissions service of a test backend: the default, allow-all, or deny users. */
function permissionsFeature(
  result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  if (result === AuthorizeResult.DENY) return [denyUsersPermissions().factory];
  if (result) return [mockServices.permissions.factory({ result })];
  return [];
}

async function start(options: {
  knex: Knex;
  permissions?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  config?: object;
}) {
  const probe = eventsProbe();
  const scheduler = mockServices.scheduler.mock();
  const backend = await startTestBackend({
    features: [
      doraPlugin,
      probe.plugin,
      eventsServiceFactory, // one events bus shared by all plugins
      mockServices.database.factory({ knex: options.knex }),
      scheduler.factory,
      catalogServiceMock.factory({ entities: [] }),
      ...permissionsFeature(options.permissions),
      mockServices.rootConfig.factory({
        data: {
          events: { useEventBus: 'never' },
          goldpath: { dora: options.config ?? {} },
        },
      }),
    ],
  });
  const tasks = scheduler.scheduleTask.mock.calls.map(([t]) => t);
  const replayTask = tasks.find(t => t.id === 'dora-dead-letter-replay');
  return {
    backend,
    events: probe.captured.events!,
    replayTask,
    replay: () => replayTask!.fn(new AbortController().signal as any),
  };
}

const storedIds = async (knex: Knex) =>
  (await knex('dora_events').select('id').orderBy('id')).map(r => r.id);

describe.each(databases.eachSupportedId())(
  'events-bus dead letters on %s',
  databaseId => {
    let backend: TestBackend | undefined;
    afterEach(async () => {
      await backend?.stop();
      backend = undefined;
    });

    it('retries an event the store refused, and stores it', async () => {
      const knex = await databases.init(databaseId);
      const started = await start({ knex });
      backend = started.backend;
      const failures = await failingInserts(knex, 'dora_events');
      await failures.set(2);

      await started.events.publish({
        topic: 'goldpath.dora',
        eventPayload: { events: [deployment('retried-1')] },
      });

      expect(await storedIds(knex)).toEqual(['retried-1']);
      const [{ n }] = await knex('dora_dead_letters').count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('keeps an event that cannot be stored as a dead letter, lists it, and replays it once', async () => {
      const knex = await databases.init(databaseId);
      const started = await start({ knex });
      backend = started.backend;
      expect(started.replayTask).toMatchObject({
        scope: 'global',
        frequency: { milliseconds: 5 * 60_000 },
      });
      const failures = await failingInserts(knex, 'dora_events');
      await failures.set(ALWAYS);

      await started.events.publish({
        topic: 'goldpath.dora',
        eventPayload: [deployment('dead-1')],
      });
      await started.events.publish({
        topic: 'goldpath.dora',
        eventPayload: [deployment('dead-2')],
        metadata: { 'x-request-id': 'abc' },
      });
      expect(await storedIds(knex)).toEqual([]);

      const server = started.backend.server;
      const list = await request(server)
        .get('/api/dora/dead-letters')
        .set('Authorization', mockCredentials.service.header());
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      expect(list.body.items[0]).toMatchObject({
        source: 'canonical',
        topic: 'goldpath.dora',
        attempts: 3,
        reason: expect.stringContaining('injected storage failure'),
      });
      expect(list.body.items[0].payloadBytes).toBeGreaterThan(0);
      expect(list.body.nextCursor).toBeUndefined();

      // Paged by cursor.
      const first = await request(server)
        .get('/api/dora/dead-letters?limit=1')
        .set('Authorization', mockCredentials.user.header());
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(1);
      const second = await request(server)
        .get(`/api/dora/dead-letters?limit=1&cursor=${first.body.nextCursor}`)
        .set('Authorization', mockCredentials.user.header());
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeUndefined();
      expect([first.body.items[0].id, second.body.items[0].id].sort()).toEqual(
        list.body.items.map((i: { id: string }) => i.id).sort(),
      );
      const bad = await request(server)
        .get('/api/dora/dead-letters?limit=0&cursor=nope')
        .set('Authorization', mockCredentials.service.header());
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/query\.limit/);
      expect(bad.body.error.message).toMatch(/query\.cursor/);

      // Still failing: the entries stay, with one more attempt.
      await started.replay();
      const again = await request(server)
        .get('/api/dora/dead-letters')
        .set('Authorization', mockCredentials.service.header());
      expect(
        again.body.items.map((i: { attempts: number }) => i.attempts),
      ).toEqual([4, 4]);
      expect(again.body.items[0].replayedAt).toBeDefined();

      // The database takes them again: stored, and the entries are gone.
      await failures.set(0);
      await started.replay();
      expect(await storedIds(knex)).toEqual(['dead-1', 'dead-2']);
      const empty = await request(server)
        .get('/api/dora/dead-letters')
        .set('Authorization', mockCredentials.service.header());
      expect(empty.body.items).toEqual([]);
      // A second run has nothing to do; the events were stored once.
      await started.replay();
      expect(await storedIds(knex)).toEqual(['dead-1', 'dead-2']);
    }, 30_000);

    it('lists dead letters to service principals, and to users only with dora.deadletters.read', async () => {
      const knex = await databases.init(databaseId);
      const started = await start({ knex, permissions: AuthorizeResult.DENY });
      backend = started.backend;
      const server = started.backend.server;
      const user = await request(server)
        .get('/api/dora/dead-letters')
        .set('Authorization', mockCredentials.user.header());
      expect(user.status).toBe(403);
      expect(user.body.error.message).toMatch(/dora\.deadletters\.read/);
      const service = await request(server)
        .get('/api/dora/dead-letters')
        .set('Authorization', mockCredentials.service.header());
      expect(service.status).toBe(200);
    });

    it('replays on the configured frequency', async () => {
      const knex = await databases.init(databaseId);
      const started = await start({
        knex,
        config: { eventsBus: { deadLetters: { replayFrequency: '2m' } } },
      });
      backend = started.backend;
      expect(started.replayTask).toMatchObject({
        scope: 'global',
        frequency: { milliseconds: 120_000 },
      });
    });
  },
);
