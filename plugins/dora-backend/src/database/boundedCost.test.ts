import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { ServiceScorecard } from '@goldpath/plugin-dora-common';
import { Knex } from 'knex';
import { createTestDatabases } from '@goldpath/test-utils';
import { deployment } from '../__testUtils__/events';
import { DatabaseDoraStore } from './DatabaseDoraStore';

const databases = createTestDatabases();
const DAY = 86_400_000;
const HOUR = 3_600_000;

async function indexNames(knex: Knex, table: string): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const { rows } = await knex.raw(
      'select indexname from pg_indexes where tablename = ?',
      [table],
    );
    return rows.map((r: { indexname: string }) => r.indexname);
  }
  const rows = await knex.raw(`pragma index_list(${table})`);
  return rows.map((r: { name: string }) => r.name);
}

describe.each(databases.eachSupportedId())(
  'DatabaseDoraStore bounded cost on %s',
  databaseId => {
    async function createStore(id: TestDatabaseId) {
      const knex = await databases.init(id);
      const store = await DatabaseDoraStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('indexes the filters of findArtifactChange, purge and pruning', async () => {
      const { knex } = await createStore(databaseId);
      const events = await indexNames(knex, 'dora_events');
      expect(events).toEqual(
        expect.arrayContaining([
          'dora_events_type_subject_time_idx',
          'dora_events_occurred_idx',
        ]),
      );
      // Its (type, subject_id) prefix serves findArtifactChange: no copy.
      expect(events).not.toContain('dora_events_type_subject_idx');
      expect(await indexNames(knex, 'dora_scorecard_snapshots')).toEqual(
        expect.arrayContaining(['dora_snapshots_computed_idx']),
      );
    });

    it('reads a service’s events in [from, before)', async () => {
      const { store } = await createStore(databaseId);
      await store.insertEvents({
        events: [
          deployment('d1', '2024-01-01T00:00:00Z'),
          deployment('d2', '2024-03-01T00:00:00Z'),
          deployment('d3', '2024-05-01T00:00:00Z'),
        ],
        receivedAt: 1,
      });
      const events = await store.listServiceEvents({
        service: 'component:default/checkout',
        from: Date.UTC(2024, 2, 1),
        before: Date.UTC(2024, 4, 1),
      });
      expect(
        events.map(e => e.type === 'deployment' && e.deploymentId),
      ).toEqual(['d2']);
    });

    it('finds the newest snapshot of each service in a range', async () => {
      const { store } = await createStore(databaseId);
      const snap = (service: string, asOf: number, version: number) => ({
        service,
        windowDays: 90,
        asOf,
        optionsKey: 'k',
        version,
        scorecard: { score: asOf } as unknown as ServiceScorecard,
      });
      await store.putSnapshots([
        snap('component:default/a', 1000, 1),
        snap('component:default/a', 2000, 2),
        snap('component:default/a', 9000, 3),
        snap('component:default/b', 1500, 1),
      ]);
      const latest = await store.getLatestSnapshots({
        windowDays: 90,
        since: 1000,
        before: 5000,
        services: ['component:default/a', 'component:default/b'],
      });
      expect(latest.sort((x, y) => (x.service < y.service ? -1 : 1))).toEqual([
        snap('component:default/a', 2000, 2),
        snap('component:default/b', 1500, 1),
      ]);
    });

    it('prunes every key: past, future, other windows, stale live ones', async () => {
      const { knex, store } = await createStore(databaseId);
      const now = Date.UTC(2024, 4, 8, 13, 47); // a Wednesday
      const monday = Date.UTC(2024, 4, 6);
      const snap = (windowDays: number, asOf: number) => ({
        service: 'component:default/checkout',
        windowDays,
        asOf,
        optionsKey: 'k',
        version: 1,
        scorecard: {} as ServiceScorecard,
      });
      await store.putSnapshots([
        snap(90, monday), // weekly of the default window: kept
        snap(90, now - HOUR), // recent live one: kept
        snap(90, now - 3 * DAY), // old hourly: pruned
        snap(30, monday), // weekly of another window: pruned
        snap(30, now - 10 * 60_000), // another window, computed long ago
        snap(90, now + DAY), // future instant (before the skew check)
      ]);
      // All were computed "now" (the real clock); the other-window one long ago.
      await knex('dora_scorecard_snapshots')
        .where({ window_days: 30, as_of: now - 10 * 60_000 })
        .update({ computed_at: now - 2 * HOUR });
      await knex('dora_scorecard_snapshots')
        .where({ window_days: 30, as_of: monday })
        .update({ computed_at: now - 3 * DAY });
      const pruned = await store.pruneSnapshots({
        before: now - 2 * DAY,
        keepWeeklyAfter: now - 53 * 7 * DAY,
        weeklyWindowDays: 90,
        otherWindowsBefore: now - HOUR,
        futureAfter: now + 5 * 60_000,
      });
      expect(pruned).toBe(4);
      const left = await knex('dora_scorecard_snapshots')
        .select('window_days', 'as_of')
        .orderBy('as_of');
      expect(left.map(r => [Number(r.window_days), Number(r.as_of)])).toEqual([
        [90, monday],
        [90, now - HOUR],
      ]);
    });

    it('purges in bounded batches, bumping the versions of affected services', async () => {
      const { knex, store } = await createStore(databaseId);
      const events = [];
      for (let i = 0; i < 23; i++) {
        events.push(
          deployment(
            `old-${i}`,
            new Date(Date.UTC(2023, 0, 1) + i).toISOString(),
            {
              service: i % 2 ? 'checkout' : 'payments',
            },
          ),
        );
      }
      events.push(deployment('new', '2024-05-01T00:00:00Z'));
      await store.insertEvents({ events, receivedAt: 1 });
      await store.insertUnresolved(
        Array.from({ length: 7 }, (_, i) => ({
          id: `u${i}`,
          source: 'github',
          identity: {
            annotation: 'github.com/project-slug',
            value: 'acme/x',
            fallbackName: 'x',
          },
          event: {
            id: `u${i}`,
            type: 'deployment',
            timestamp: '2024-05-01T00:00:00Z',
          },
          occurredAt: 1,
          receivedAt: 10 + i,
        })),
      );
      // The transaction of every delete statement, by table.
      const deletes = {
        events: new Set<string>(),
        unresolved: new Set<string>(),
      };
      const onQuery = (q: { sql: string; __knexTxId?: string }) => {
        const table =
          /^delete from [`"]?(dora_events|dora_unresolved_events)/i.exec(
            q.sql,
          )?.[1];
        if (table && q.__knexTxId) {
          deletes[table === 'dora_events' ? 'events' : 'unresolved'].add(
            q.__knexTxId,
          );
        }
      };
      knex.on('query', onQuery);
      const result = await store.purge({
        eventsBefore: Date.UTC(2024, 0, 1),
        unresolvedBefore: 100,
        batchSize: 5,
      });
      knex.off('query', onQuery);
      expect(result).toEqual({ events: 23, unresolved: 7 });
      // ceil(23 / 5) = 5 event transactions, ceil(7 / 5) = 2 unresolved ones.
      expect(deletes.events.size).toBe(5);
      expect(deletes.unresolved.size).toBe(2);
      const [{ n }] = await knex('dora_events').count({ n: '*' });
      expect(Number(n)).toBe(1);
      const versions = await store.getServiceVersions();
      expect(versions.get('component:default/checkout')).toBeGreaterThan(1);
      expect(versions.get('component:default/payments')).toBeGreaterThan(1);
      // Nothing left: one more purge is one empty batch of each.
      await expect(
        store.purge({ eventsBefore: Date.UTC(2024, 0, 1), batchSize: 5 }),
      ).resolves.toEqual({ events: 0, unresolved: 0 });
    });
  },
);
