import {
  TestBackend,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { DefaultAuditTrailService } from '@goldpath/plugin-audit-node';
import {
  AuditorEvent,
  closedBaseUrl,
  recordingAuditorService,
  startAuditBackend,
} from '../__testUtils__/auditBackend';
import { createTestDatabases } from '@goldpath/test-utils';

const databases = createTestDatabases();
const T0 = Date.parse('2026-12-01T09:00:00.000Z');
const JANE = mockCredentials.user('user:default/jane');

describe.each(databases.eachSupportedId())(
  'DefaultAuditTrailService on %s',
  databaseId => {
    const backends: TestBackend[] = [];
    afterEach(async () => {
      await Promise.all(backends.splice(0).map(b => b.stop()));
    });

    async function setup(options: { maxAttempts?: number } = {}) {
      const knex: Knex = await databases.init(databaseId);
      const clock = { now: T0 };
      const target = { baseUrl: await closedBaseUrl() };
      const events: AuditorEvent[] = [];
      const trail = await DefaultAuditTrailService.create({
        pluginId: 'requests',
        auditor: recordingAuditorService(events),
        database: mockServices.database({ knex }),
        discovery: {
          getBaseUrl: async () => target.baseUrl,
          getExternalBaseUrl: async () => target.baseUrl,
        },
        auth: mockServices.auth({ pluginId: 'requests' }),
        logger: mockServices.logger.mock(),
        now: () => clock.now,
        ...options,
      });
      const outbox = () => knex('audit_trail_outbox').orderBy('id').select('*');
      async function auditBackendUp(config?: object) {
        const audit = await startAuditBackend(config);
        backends.push(audit.backend);
        target.baseUrl = audit.baseUrl;
        return audit;
      }
      return { knex, clock, trail, events, outbox, auditBackendUp };
    }

    it('keeps records while the audit backend is absent, retries with backoff, and delivers them once it is present', async () => {
      const { knex, clock, trail, events, outbox, auditBackendUp } =
        await setup();
      const created = await trail.record({
        id: 'req-1-created',
        action: 'requests.request.created',
        outcome: 'succeeded',
        credentials: JANE,
        targetEntityRef: 'resource:default/orders-db',
        correlationId: 'req-1',
        meta: { estimate: { monthly: 120, currency: 'EUR' } },
      });
      expect(created).toEqual({
        id: 'req-1-created',
        occurredAt: new Date(T0).toISOString(),
        actor: { type: 'user', ref: 'user:default/jane' },
        action: 'requests.request.created',
        targetEntityRef: 'resource:default/orders-db',
        outcome: 'succeeded',
        correlationId: 'req-1',
        plugin: 'requests',
        meta: { estimate: { monthly: 120, currency: 'EUR' } },
      });
      await trail.record({
        id: 'req-1-rejected',
        action: 'requests.request.rejected',
        outcome: 'rejected',
        credentials: mockCredentials.user('user:default/approver'),
        targetEntityRef: 'resource:default/orders-db',
        correlationId: 'req-1',
        error: new Error('over budget'),
      });

      // Both reached the auditor at once, whatever the audit backend does.
      expect(events).toEqual([
        expect.objectContaining({
          eventId: 'requests-request-created',
          severityLevel: 'medium',
          status: 'succeeded',
          meta: expect.objectContaining({
            auditRecordId: 'req-1-created',
            actor: { type: 'user', ref: 'user:default/jane' },
            targetEntityRef: 'resource:default/orders-db',
          }),
        }),
        expect.objectContaining({
          eventId: 'requests-request-rejected',
          status: 'failed',
          error: 'over budget',
        }),
      ]);

      // Absent: each was tried once (in the background) and waits 30 s.
      await trail.flush();
      let rows = await outbox();
      expect(
        rows.map(r => [
          r.id,
          r.attempts,
          Number(r.next_attempt_at) - T0,
          r.dead_at,
        ]),
      ).toEqual([
        ['req-1-created', 1, 30_000, null],
        ['req-1-rejected', 1, 30_000, null],
      ]);
      expect(rows[0].last_error).toContain(
        'the audit plugin could not be reached',
      );

      clock.now = T0 + 29_000;
      await expect(trail.flush()).resolves.toEqual({
        delivered: 0,
        retrying: 0,
        deadLettered: 0,
      });
      clock.now = T0 + 30_000;
      await expect(trail.flush()).resolves.toEqual({
        delivered: 0,
        retrying: 2,
        deadLettered: 0,
      });
      rows = await outbox();
      // the second failure doubles the wait
      expect(rows.map(r => [r.attempts, Number(r.next_attempt_at)])).toEqual([
        [2, T0 + 30_000 + 60_000],
        [2, T0 + 30_000 + 60_000],
      ]);

      // Present: the next due flush delivers both, and the outbox empties.
      const audit = await auditBackendUp();
      clock.now = T0 + 90_000;
      await expect(trail.flush()).resolves.toEqual({
        delivered: 2,
        retrying: 0,
        deadLettered: 0,
      });
      expect(await outbox()).toEqual([]);
      const stored = await audit.list({ correlationId: 'req-1' });
      expect(stored.map(r => [r.id, r.actor.ref, r.outcome])).toEqual([
        ['req-1-rejected', 'user:default/approver', 'rejected'],
        ['req-1-created', 'user:default/jane', 'succeeded'],
      ]);
      expect(stored[1]).toEqual(created);

      // A redelivery (say the process died after the POST, before the
      // delete) is confirmed as a duplicate and stores nothing twice.
      await knex('audit_trail_outbox').insert({
        id: created.id,
        plugin_id: 'requests',
        record: JSON.stringify(created),
        created_at: clock.now,
        attempts: 0,
        next_attempt_at: clock.now,
      });
      await expect(trail.flush()).resolves.toEqual({
        delivered: 1,
        retrying: 0,
        deadLettered: 0,
      });
      expect(await outbox()).toEqual([]);
      expect(await audit.list({ correlationId: 'req-1' })).toHaveLength(2);
    });

    it('delivers at once when the audit backend is up, the plugin itself being the actor without credentials', async () => {
      const { trail, outbox, auditBackendUp } = await setup();
      const audit = await auditBackendUp();
      await trail.record({
        action: 'requests.request.fulfilled',
        outcome: 'succeeded',
      });
      await trail.flush();
      expect(await outbox()).toEqual([]);
      const [stored] = await audit.list();
      expect(stored).toMatchObject({
        actor: { type: 'service', ref: 'plugin:requests' },
        action: 'requests.request.fulfilled',
        plugin: 'requests',
      });
      expect(stored.correlationId).toBe(stored.id);
    });

    it('keeps what cannot be delivered as dead letters: refused for good at once, unreachable after the last attempt; both can be requeued', async () => {
      const { clock, trail, outbox, auditBackendUp } = await setup({
        maxAttempts: 2,
      });
      // Unreachable: tried once now, once more after 30 s, then dead.
      await trail.record({
        id: 'unreachable',
        action: 'requests.request.cancelled',
        outcome: 'succeeded',
        credentials: JANE,
      });
      await trail.flush();
      clock.now = T0 + 30_000;
      await expect(trail.flush()).resolves.toEqual({
        delivered: 0,
        retrying: 0,
        deadLettered: 1,
      });
      expect((await outbox())[0]).toMatchObject({
        id: 'unreachable',
        attempts: 2,
      });

      // Too large for this audit backend (413): dead at once, while a small
      // record of the same batch goes through.
      const audit = await auditBackendUp({
        goldpath: { audit: { ingestion: { maxBodyBytes: 1500 } } },
      });
      clock.now = T0 + 60_000;
      await trail.record({
        id: 'huge',
        action: 'requests.request.created',
        outcome: 'succeeded',
        credentials: JANE,
        meta: { note: 'x'.repeat(3000) },
      });
      await trail.record({
        id: 'small',
        action: 'requests.request.created',
        outcome: 'succeeded',
        credentials: JANE,
      });
      await trail.flush();
      expect((await audit.list()).map(r => r.id)).toEqual(['small']);
      const dead = await trail.listDeadLetters();
      expect(dead.map(d => [d.record.id, d.attempts, d.lastError])).toEqual([
        [
          'unreachable',
          2,
          expect.stringContaining('the audit plugin could not be reached'),
        ],
        [
          'huge',
          0,
          expect.stringContaining(
            'the audit plugin answered 413: The request body is larger than 1500 bytes',
          ),
        ],
      ]);

      // Requeued (say after the limit was raised), the reachable one is delivered.
      await expect(trail.requeueDeadLetters()).resolves.toBe(2);
      await trail.flush();
      expect((await audit.list()).map(r => r.id)).toEqual([
        'small',
        'unreachable',
      ]);
      expect((await trail.listDeadLetters()).map(d => d.record.id)).toEqual([
        'huge',
      ]);
    });

    it('refuses an invalid record with field-level reasons and keeps nothing', async () => {
      const { trail, events, outbox } = await setup();
      const error = await trail
        .record({
          action: 'Requests Created',
          outcome: 'succeeded',
          targetEntityRef: 'not a ref',
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('record.action must be a dotted');
      expect(error.message).toContain('record.targetEntityRef must be');
      expect(await outbox()).toEqual([]);
      expect(events).toEqual([]);
    });
  },
);
