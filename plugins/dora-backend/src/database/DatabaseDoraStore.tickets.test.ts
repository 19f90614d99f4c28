import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '@goldpath/test-utils';
import { event } from '../__testUtils__/events';
import { DatabaseDoraStore } from './DatabaseDoraStore';

const databases = createTestDatabases();

const ticket = (
  id: string,
  ticketId: string,
  status: string,
  timestamp: string,
) =>
  event({
    id,
    type: 'ticket',
    service: undefined,
    ticketId,
    status,
    timestamp,
  });

const scaffold = (id: string, template: string, timestamp: string) =>
  event({ id, type: 'scaffold', template, outcome: 'success', timestamp });

/** The plan of a query names the index (PostgreSQL: EXPLAIN; SQLite: EXPLAIN QUERY PLAN). */
async function plan(knex: Knex, query: Knex.QueryBuilder): Promise<string> {
  const { sql, bindings } = query.toSQL();
  if (knex.client.config.client === 'pg') {
    // Without statistics the planner may scan a tiny table: ask it not to.
    await knex.raw('set enable_seqscan = off');
    const { rows } = await knex.raw(`explain ${sql}`, bindings as any);
    await knex.raw('set enable_seqscan = on');
    return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  }
  const rows = await knex.raw(`explain query plan ${sql}`, bindings as any);
  return rows.map((r: { detail: string }) => r.detail).join('\n');
}

describe.each(databases.eachSupportedId())(
  'DatabaseDoraStore ticket reads on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDoraStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('reads the whole history, up to `to`, of each ticket active in [from, to)', async () => {
      const { store } = await createStore();
      await store.insertEvents({
        events: [
          // T1: opened before the window, answered in it: whole history.
          ticket('t1-open', 'T1', 'opened', '2024-03-25T00:00:00Z'),
          ticket('t1-ack', 'T1', 'acknowledged', '2024-04-02T00:00:00Z'),
          // T2: in the window; its event after `to` is not read.
          ticket('t2-open', 'T2', 'opened', '2024-04-10T00:00:00Z'),
          ticket('t2-done', 'T2', 'resolved', '2024-05-02T00:00:00Z'),
          // T3: no activity in the window: not read at all.
          ticket('t3-open', 'T3', 'opened', '2024-03-01T00:00:00Z'),
          // T4: at `from` (included); T5 at `to` (excluded).
          ticket('t4-open', 'T4', 'opened', '2024-04-01T00:00:00Z'),
          ticket('t5-open', 'T5', 'opened', '2024-05-01T00:00:00Z'),
          scaffold('s1', 'db', '2024-04-03T00:00:00Z'),
        ],
        receivedAt: 1,
      });
      const events = await store.listTicketEvents({
        from: Date.UTC(2024, 3, 1),
        to: Date.UTC(2024, 4, 1),
      });
      expect(events.map(e => e.id)).toEqual([
        't1-open',
        't4-open',
        't1-ack',
        't2-open',
      ]);
      expect(events[0]).toMatchObject({ type: 'ticket', ticketId: 'T1' });
      expect(events[0].service).toBeUndefined();
    });

    it('reads the scaffold events of some templates before an instant', async () => {
      const { store } = await createStore();
      await store.insertEvents({
        events: [
          scaffold('s-db-1', 'db', '2023-01-01T00:00:00Z'),
          scaffold('s-db-2', 'db', '2024-04-03T00:00:00Z'),
          scaffold('s-db-late', 'db', '2024-05-01T00:00:00Z'),
          scaffold('s-gpu', 'gpu', '2024-04-03T00:00:00Z'),
          scaffold('s-other', 'other', '2024-04-03T00:00:00Z'),
        ],
        receivedAt: 1,
      });
      const events = await store.listTemplateScaffoldEvents({
        templates: ['template:default/db', 'template:default/gpu'],
        before: Date.UTC(2024, 4, 1),
      });
      expect(events.map(e => e.id)).toEqual(['s-db-1', 's-db-2', 's-gpu']);
      expect(
        await store.listTemplateScaffoldEvents({ templates: [], before: 1 }),
      ).toEqual([]);
    });

    it('reads tickets through the (type, subject_id, occurred_at) index', async () => {
      const { knex } = await createStore();
      const active = knex('dora_events')
        .where('type', 'ticket')
        .where('occurred_at', '>=', 1)
        .where('occurred_at', '<', 2)
        .whereNotNull('subject_id')
        .distinct('subject_id');
      const text = await plan(
        knex,
        knex('dora_events')
          .where('type', 'ticket')
          .whereIn('subject_id', active)
          .where('occurred_at', '<', 2)
          .select('event'),
      );
      // The tickets' histories by (type, ticket id, time), no full scan.
      expect(text).toMatch(/dora_events_type_subject_time_idx/);
      expect(text).not.toMatch(/Seq Scan|SCAN dora_events\b(?! USING)/);
    });
  },
);
