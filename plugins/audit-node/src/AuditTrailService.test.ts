import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { AddressInfo } from 'node:net';
import http from 'node:http';
import { createTestDatabases } from '@goldpath/test-utils';
import { DefaultAuditTrailService } from './AuditTrailService';

// With the real audit backend (absent, then present; refusals; the default
// factory in a test backend), this service is tested in
// @goldpath/plugin-audit-backend, src/trail/.

const databases = createTestDatabases();
const T0 = Date.parse('2026-12-01T09:00:00.000Z');

/** A base URL nothing listens on (a port taken, then released). */
async function closedBaseUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  await new Promise(r => server.close(r));
  return `http://127.0.0.1:${port}/api/audit`;
}

describe.each(databases.eachSupportedId())(
  'DefaultAuditTrailService on %s',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const baseUrl = await closedBaseUrl();
      const auditor = mockServices.auditor.mock();
      const trail = await DefaultAuditTrailService.create({
        pluginId: 'policy',
        auditor,
        database: mockServices.database({ knex }),
        discovery: {
          getBaseUrl: async () => baseUrl,
          getExternalBaseUrl: async () => baseUrl,
        },
        auth: mockServices.auth({ pluginId: 'policy' }),
        logger: mockServices.logger.mock(),
        now: () => T0,
      });
      return { knex, trail, auditor };
    }

    it('keeps an accepted record in its own prefixed table while the audit plugin is unreachable', async () => {
      const { knex, trail } = await setup();
      await trail.record({
        id: 'upload-1',
        action: 'policy.report.upload',
        outcome: 'succeeded',
        credentials: mockCredentials.service('external:ci'),
        targetEntityRef: 'component:default/checkout',
      });
      await trail.flush();
      const rows = await knex('audit_trail_outbox').select('*');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: 'upload-1', attempts: 1 });
      expect(JSON.parse(rows[0].record)).toMatchObject({
        actor: { type: 'service', ref: 'external:ci' },
        plugin: 'policy',
        correlationId: 'upload-1',
      });
      expect(await knex('audit_trail_knex_migrations').pluck('name')).toEqual([
        '20261201110000_audit_trail_outbox.js',
      ]);
    });

    it('shares one database between plugins: one migration, and a plugin never flushes the records of another', async () => {
      const knex = await databases.init(databaseId);
      const baseUrl = await closedBaseUrl();
      const create = (pluginId: string) =>
        DefaultAuditTrailService.create({
          pluginId,
          auditor: mockServices.auditor.mock(),
          database: mockServices.database({ knex }),
          discovery: {
            getBaseUrl: async () => baseUrl,
            getExternalBaseUrl: async () => baseUrl,
          },
          auth: mockServices.auth({ pluginId }),
          logger: mockServices.logger.mock(),
          now: () => T0,
        });
      // Both start at once on the same database: the outbox migrates once.
      const [policy] = await Promise.all([create('policy'), create('dora')]);
      expect(await knex('audit_trail_knex_migrations').pluck('name')).toEqual([
        '20261201110000_audit_trail_outbox.js',
      ]);
      // A due record of another plugin in the shared table.
      const record = {
        id: 'batch-2',
        occurredAt: new Date(T0).toISOString(),
        actor: { type: 'service', ref: 'external:ci' },
        action: 'dora.ingest.batch',
        outcome: 'succeeded',
        correlationId: 'batch-2',
        plugin: 'dora',
      };
      await knex('audit_trail_outbox').insert({
        id: record.id,
        plugin_id: 'dora',
        record: JSON.stringify(record),
        created_at: T0,
        attempts: 0,
        next_attempt_at: T0,
      });
      await expect(policy.flush()).resolves.toEqual({
        delivered: 0,
        retrying: 0,
        deadLettered: 0,
      });
      expect(
        await knex('audit_trail_outbox').select('id', 'plugin_id', 'attempts'),
      ).toEqual([{ id: 'batch-2', plugin_id: 'dora', attempts: 0 }]);
      expect(await policy.listDeadLetters()).toEqual([]);
    });

    it('refuses an invalid record with field-level reasons and keeps nothing', async () => {
      const { knex, trail, auditor } = await setup();
      const error = await trail
        .record({
          action: 'Policy Upload',
          outcome: 'succeeded',
          meta: { big: 'x'.repeat(5000) },
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('record.action must be a dotted');
      expect(error.message).toContain(
        'record.meta must be at most 4096 bytes as JSON',
      );
      expect(await knex('audit_trail_outbox').select('*')).toEqual([]);
      expect(auditor.createEvent).not.toHaveBeenCalled();
    });
  },
);
