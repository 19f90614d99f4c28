import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { createHmac } from 'node:crypto';
import { AddressInfo, createServer } from 'node:net';
import request from 'supertest';
import { createTestDatabases } from '@goldpath/test-utils';
import { deployment } from './__testUtils__/events';
import { ALWAYS, failingInserts } from './__testUtils__/failingInserts';
import { DatabaseDoraStore } from './database/DatabaseDoraStore';
import { UnresolvedEvent } from './database/DoraStore';
import doraPlugin from './index';

const databases = createTestDatabases();
const SECRET = 'github-webhook-secret';
const MB = 1024 * 1024;

const count = async (knex: Knex, table: string) =>
  Number((await knex(table).count({ n: '*' }))[0].n);

const unresolved = (id: string): UnresolvedEvent => ({
  id,
  source: 'github',
  identity: {
    annotation: 'github.com/project-slug',
    value: 'acme/unknown',
    fallbackName: 'unknown',
  },
  event: {
    id,
    type: 'deployment',
    timestamp: '2026-11-30T10:00:00.000Z',
    deploymentId: id,
    environment: 'production',
    outcome: 'success',
  },
  occurredAt: Date.parse('2026-11-30T10:00:00.000Z'),
  receivedAt: Date.now(),
});

describe.each(databases.eachSupportedId())(
  'one transaction per delivery on %s',
  databaseId => {
    it('stores the resolved and unresolved events of a delivery together, or neither', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDoraStore.create({
        database: mockServices.database({ knex }),
      });
      const failures = await failingInserts(knex, 'dora_unresolved_events');
      const event = deployment('d-1', '2026-11-30T10:00:00Z');

      // The second part (the unresolved events) fails: the first is undone.
      await failures.set(ALWAYS);
      await expect(
        store.insertDelivery({
          events: [event],
          unresolved: [unresolved('u-1')],
          receivedAt: Date.now(),
        }),
      ).rejects.toMatchObject({
        // Not toThrow: better-sqlite3's SqliteError comes from the Jest worker
        // context that first loaded the native module, so it need not be an
        // instance of this file's Error.
        message: expect.stringMatching(/injected storage failure/),
      });
      expect(await count(knex, 'dora_events')).toBe(0);
      expect(await count(knex, 'dora_unresolved_events')).toBe(0);
      expect(await store.getServiceVersions()).toEqual(new Map());

      await failures.set(0);
      await expect(
        store.insertDelivery({
          events: [event],
          unresolved: [unresolved('u-1')],
          receivedAt: Date.now(),
        }),
      ).resolves.toEqual({ inserted: 1, unresolvedInserted: 1 });
      // Delivered again: nothing new.
      await expect(
        store.insertDelivery({
          events: [event],
          unresolved: [unresolved('u-1')],
          receivedAt: Date.now(),
        }),
      ).resolves.toEqual({ inserted: 0, unresolvedInserted: 0 });
    });
  },
);

describe('webhook body limits', () => {
  const signed = (body: string) =>
    `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

  /** A GitHub ping of exactly `bytes` bytes. */
  const ping = (bytes: number) => {
    const head = '{"zen":"';
    const tail = '","hook_id":1}';
    return `${head}${'x'.repeat(bytes - head.length - tail.length)}${tail}`;
  };

  it('takes GitHub bodies up to 25 MB and refuses larger ones with 413', async () => {
    const backend = await startTestBackend({
      features: [
        doraPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            goldpath: {
              dora: {
                webhooks: {
                  github: { secret: SECRET },
                  cdevents: { token: 'cdevents-token', maxBodySize: '1kb' },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      const post = (body: string) =>
        request(backend.server)
          .post('/api/dora/webhooks/github')
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', 'ping')
          .set('X-GitHub-Delivery', 'delivery-big')
          .set('X-Hub-Signature-256', signed(body))
          .send(body);
      const largest = ping(25 * MB);
      expect(Buffer.byteLength(largest)).toBe(25 * MB);
      const taken = await post(largest);
      expect(taken.status).toBe(202);
      expect(taken.body).toMatchObject({ status: 'ignored' });

      const tooLarge = await post(ping(25 * MB + 1));
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.error.message).toMatch(/26214400 bytes/);

      // A configured limit of another source.
      const cdevents = await request(backend.server)
        .post('/api/dora/webhooks/cdevents')
        .set('Authorization', 'Bearer cdevents-token')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ padding: 'x'.repeat(2048) }));
      expect(cdevents.status).toBe(413);
    } finally {
      await backend.stop();
    }
  }, 60_000);
});

describe('the database unavailable', () => {
  it('answers 503 with Retry-After while the database cannot be reached', async () => {
    // A port nothing listens on.
    const port = await new Promise<number>(resolve => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const p = (server.address() as AddressInfo).port;
        server.close(() => resolve(p));
      });
    });
    const knex = knexFactory({
      client: 'pg',
      connection: {
        host: '127.0.0.1',
        port,
        user: 'nobody',
        password: 'nothing',
        database: 'dora',
      },
      acquireConnectionTimeout: 2_000,
    });
    const backend = await startTestBackend({
      features: [
        doraPlugin,
        // Started against a database that went away after its migrations.
        mockServices.database.factory({ knex, migrations: { skip: true } }),
        catalogServiceMock.factory({ entities: [] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            goldpath: { dora: { webhooks: { github: { secret: SECRET } } } },
          },
        }),
      ],
    });
    try {
      const events = await request(backend.server)
        .post('/api/dora/events')
        .set('Authorization', mockCredentials.service.header())
        .send({ events: [deployment('down-1', '2026-11-30T10:00:00Z')] });
      expect(events.status).toBe(503);
      expect(events.headers['retry-after']).toBe('30');
      expect(events.body.error).toMatchObject({
        name: 'DatabaseUnavailableError',
        message: expect.stringMatching(/database is unavailable/),
      });

      const letters = await request(backend.server)
        .get('/api/dora/dead-letters')
        .set('Authorization', mockCredentials.service.header());
      expect(letters.status).toBe(503);
      expect(letters.headers['retry-after']).toBe('30');
    } finally {
      await backend.stop();
      await knex.destroy();
    }
  }, 60_000);
});
