import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { DeliveryEvent } from '@goldpath/plugin-dora-common';
import knexFactory, { Knex } from 'knex';
import { createTestDatabases } from '@goldpath/test-utils';
import { deployment, event } from '../__testUtils__/events';
import { DatabaseDoraStore } from './DatabaseDoraStore';
import { eventToRow } from './mappers';
import { ScorecardSnapshot } from './DoraStore';
import { shuffled } from '../__testUtils__/shuffle';

const databases = createTestDatabases();

const WRITERS = 8;
const SERVICES = 50;
const EVENTS = 2_000;

const serviceName = (i: number) =>
  `svc-${String(i % SERVICES).padStart(2, '0')}`;

function fleetEvents(): DeliveryEvent[] {
  const events: DeliveryEvent[] = [];
  for (let i = 0; i < EVENTS; i++) {
    events.push(
      event({
        id: `evt-${String(i).padStart(5, '0')}`,
        type: 'deployment',
        service: serviceName(i),
        deploymentId: `dep-${i}`,
        environment: 'production',
        outcome: 'success',
        timestamp: new Date(Date.UTC(2024, 4, 1) + i * 60_000).toISOString(),
      }),
    );
  }
  return events;
}

/** The failures of settled writes, short: a driver error prints its whole SQL. */
function failuresOf(results: readonly PromiseSettledResult<unknown>[]) {
  return results.flatMap(r =>
    r.status === 'rejected'
      ? [
          `${(r.reason as { code?: string })?.code ?? ''} ${String(
            (r.reason as Error)?.message ?? r.reason,
          ).slice(-120)}`,
        ]
      : [],
  );
}

describe.each(databases.eachSupportedId())(
  'DatabaseDoraStore under concurrent writers on %s',
  databaseId => {
    const extra: Knex[] = [];
    afterAll(async () => {
      await Promise.all(extra.map(k => k.destroy()));
    }, 60_000);

    /**
     * A store whose pool lets every writer hold a transaction at once on
     * PostgreSQL (the test pool allows 5); SQLite in memory is one
     * connection, so there the writers queue.
     */
    async function createStore(id: TestDatabaseId) {
      const knex = await databases.init(id);
      let client = knex;
      if (knex.client.config.client === 'pg') {
        client = knexFactory({
          client: 'pg',
          connection: knex.client.config.connection,
          pool: { min: 0, max: WRITERS + 2 },
        });
        extra.push(client);
      }
      const store = await DatabaseDoraStore.create({
        database: mockServices.database({ knex: client }),
      });
      return { knex, store };
    }

    // PostgreSQL only: SQLite has one writer at a time, never a deadlock.
    if (databaseId.startsWith('POSTGRES')) {
      it('runs a batch again when PostgreSQL breaks a deadlock by aborting it', async () => {
        const { knex, store } = await createStore(databaseId);
        const a = deployment('a', '2024-05-01T10:00:00Z', { id: 'lock-a' });
        const z = deployment('z', '2024-05-01T11:00:00Z', { id: 'lock-z' });
        // Another writer that takes the locks in the other order (as the
        // store did before it sorted): it holds "z" ...
        const other = await knex.transaction();
        await other('dora_events').insert(eventToRow(z, 1));
        // ... the store takes "a" and waits for "z" ...
        const batch = store.insertEvents({ events: [z, a], receivedAt: 2 });
        for (;;) {
          const [{ waiting }] = await knex('pg_stat_activity')
            .where({ datname: knex.raw('current_database()') })
            .where('wait_event_type', 'Lock')
            .count({ waiting: '*' });
          if (Number(waiting) > 0) break;
          await new Promise(resolve => setImmediate(resolve));
        }
        // ... and the other writer now wants "a": a cycle, which PostgreSQL
        // breaks by aborting one of the two (40P01).
        const otherOutcome = await other('dora_events')
          .insert(eventToRow(a, 1))
          .then(
            async () => {
              await other.commit();
              return 'committed';
            },
            async error => {
              await other.rollback().catch(() => {});
              return String(error.code);
            },
          );
        // Whichever was aborted, the store's caller sees no error, and each
        // event is stored once.
        await expect(batch).resolves.toEqual({
          inserted: otherOutcome === 'committed' ? 0 : 2,
        });
        expect(['committed', '40P01']).toContain(otherOutcome);
        const ids = await knex('dora_events').orderBy('id').pluck('id');
        expect(ids).toEqual(['lock-a', 'lock-z']);
      }, 60_000);
    }

    it('stores every event once when overlapping batches arrive in different orders', async () => {
      const { knex, store } = await createStore(databaseId);
      const events = fleetEvents();
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, w) =>
          store.insertEvents({
            events: shuffled(events, w + 1),
            receivedAt: 1_000 + w,
          }),
        ),
      );
      expect(failuresOf(results)).toEqual([]);
      const inserted = results.reduce(
        (sum, r) => sum + (r.status === 'fulfilled' ? r.value.inserted : 0),
        0,
      );
      // Each event is counted by exactly one writer: the one that stored it.
      expect(inserted).toBe(EVENTS);

      const [{ n, ids }] = await knex('dora_events')
        .count({ n: '*' })
        .countDistinct({ ids: 'id' });
      expect(Number(n)).toBe(EVENTS);
      expect(Number(ids)).toBe(EVENTS);
      const perService: Array<{ service_ref: string; n: number | string }> =
        await knex('dora_events')
          .select('service_ref')
          .count({ n: '*' })
          .groupBy('service_ref');
      expect(perService).toHaveLength(SERVICES);
      expect(perService.every(r => Number(r.n) === EVENTS / SERVICES)).toBe(
        true,
      );

      // Every service gained events, so every one has a version, bumped
      // once per writer that stored some of its events.
      const versions = await store.getServiceVersions();
      expect(versions.size).toBe(SERVICES);
      for (const version of versions.values()) {
        expect(version).toBeGreaterThanOrEqual(1);
        expect(version).toBeLessThanOrEqual(WRITERS);
      }
    }, 60_000);

    it('stores every event once when writers send overlapping batches in pieces', async () => {
      const { knex, store } = await createStore(databaseId);
      const events = fleetEvents();
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, async (_, w) => {
          const mine = shuffled(events, 100 + w);
          let inserted = 0;
          // Batches of different sizes per writer, so chunks overlap unevenly.
          const size = 150 + 70 * w;
          for (let i = 0; i < mine.length; i += size) {
            const r = await store.insertEvents({
              events: mine.slice(i, i + size),
              receivedAt: 2_000 + w,
            });
            inserted += r.inserted;
          }
          return inserted;
        }),
      );
      expect(failuresOf(results)).toEqual([]);
      expect(
        results.reduce(
          (sum, r) => sum + (r.status === 'fulfilled' ? r.value : 0),
          0,
        ),
      ).toBe(EVENTS);
      const [{ n }] = await knex('dora_events').count({ n: '*' });
      expect(Number(n)).toBe(EVENTS);
    }, 60_000);

    it('replaces snapshots without error when writers put them in different orders', async () => {
      const { knex, store } = await createStore(databaseId);
      const asOfs = [Date.UTC(2024, 4, 6), Date.UTC(2024, 4, 13)];
      const windows = [7, 30];
      const snapshotsOf = (writer: number): ScorecardSnapshot[] => {
        const all: ScorecardSnapshot[] = [];
        for (let s = 0; s < SERVICES; s++) {
          for (const windowDays of windows) {
            for (const asOf of asOfs) {
              for (const optionsKey of ['', 'env=staging']) {
                all.push({
                  service: `component:default/${serviceName(s)}`,
                  windowDays,
                  asOf,
                  optionsKey,
                  version: writer,
                  scorecard: { writer } as any,
                });
              }
            }
          }
        }
        return shuffled(all, 500 + writer);
      };
      const expected = SERVICES * windows.length * asOfs.length * 2;
      // Two rounds, so the second replaces rows the first stored.
      for (const round of [0, 1]) {
        const results = await Promise.allSettled(
          Array.from({ length: WRITERS }, (_, w) =>
            store.putSnapshots(snapshotsOf(round * WRITERS + w + 1)),
          ),
        );
        expect(failuresOf(results)).toEqual([]);
      }
      const rows: Array<{ version: number | string; scorecard: string }> =
        await knex('dora_scorecard_snapshots').select('version', 'scorecard');
      expect(rows).toHaveLength(expected);
      for (const row of rows) {
        // A row is one writer's whole snapshot, from the second round.
        const { writer } = JSON.parse(row.scorecard);
        expect(Number(row.version)).toBe(writer);
        expect(writer).toBeGreaterThan(WRITERS);
      }
    }, 60_000);

    it('keeps the last of repeated snapshot keys in one call', async () => {
      const { knex, store } = await createStore(databaseId);
      const key = {
        service: 'component:default/svc-00',
        windowDays: 30,
        asOf: Date.UTC(2024, 4, 6),
        optionsKey: '',
      };
      await store.putSnapshots([
        { ...key, version: 1, scorecard: { n: 1 } as any },
        { ...key, version: 2, scorecard: { n: 2 } as any },
      ]);
      const rows = await knex('dora_scorecard_snapshots').select('version');
      expect(rows.map(r => Number(r.version))).toEqual([2]);
    }, 60_000);

    it('ingests while services are deleted, purged and snapshotted, without error', async () => {
      const { knex, store } = await createStore(databaseId);
      const events = fleetEvents();
      await store.insertEvents({
        events: events.slice(0, 1_000),
        receivedAt: 1,
      });
      const doomed = Array.from(
        { length: 10 },
        (_, i) => `component:default/${serviceName(i)}`,
      );
      const results = await Promise.allSettled([
        ...Array.from({ length: 4 }, (_, w) =>
          store.insertEvents({
            events: shuffled(events.slice(500), 900 + w),
            receivedAt: 3_000 + w,
          }),
        ),
        store.deleteServices(shuffled(doomed, 7)),
        store.deleteServices(shuffled(doomed, 8)),
        store.purge({ eventsBefore: Date.UTC(2024, 4, 1, 2) }),
        store.insertUnresolved(
          shuffled(
            events.slice(0, 200).map(e => ({
              id: e.id,
              source: 'github',
              identity: {
                annotation: 'github.com/project-slug',
                value: `acme/${e.id}`,
                fallbackName: e.id,
              },
              event: e as any,
              occurredAt: 1,
              receivedAt: 1,
            })),
            9,
          ),
        ),
      ]);
      expect(failuresOf(results)).toEqual([]);
      // Whatever the interleaving, no id is stored twice.
      const [{ n, ids }] = await knex('dora_events')
        .count({ n: '*' })
        .countDistinct({ ids: 'id' });
      expect(Number(n)).toBe(Number(ids));
      expect(Number(n)).toBeLessThanOrEqual(EVENTS);
    }, 60_000);
  },
);
