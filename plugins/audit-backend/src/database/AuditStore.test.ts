import { mockServices } from '@backstage/backend-test-utils';
import { AuditRecord } from '@goldpath/plugin-audit-common';
import { createTestDatabases } from '@goldpath/test-utils';
import {
  AuditStore,
  MIGRATIONS_TABLE,
  decodeCursor,
  encodeCursor,
} from './AuditStore';

const databases = createTestDatabases();

const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const MIN = 60_000;

function record(
  id: string,
  minutes: number,
  extra: Partial<AuditRecord> = {},
): AuditRecord {
  return {
    id,
    occurredAt: new Date(T0 + minutes * MIN).toISOString(),
    actor: { type: 'user', ref: 'user:default/jane' },
    action: 'requests.request.created',
    targetEntityRef: 'resource:default/orders-db',
    outcome: 'succeeded',
    correlationId: `c-${id}`,
    plugin: 'requests',
    ...extra,
  };
}

const ids = (page: { items: AuditRecord[] }) => page.items.map(r => r.id);

describe.each(databases.eachSupportedId())('AuditStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const store = await AuditStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  it('stores records once: a redelivered id is a duplicate and keeps the first', async () => {
    const { knex, store } = await createStore();
    await expect(
      store.insert(
        [record('a', 1, { meta: { n: 1 } }), record('b', 2), record('a', 1)],
        T0,
      ),
    ).resolves.toEqual({ stored: ['a', 'b'], duplicates: ['a'] });
    await expect(
      store.insert([record('a', 9, { outcome: 'failed' }), record('c', 3)], T0),
    ).resolves.toEqual({ stored: ['c'], duplicates: ['a'] });
    const page = await store.query({}, { limit: 10 });
    expect(ids(page)).toEqual(['c', 'b', 'a']);
    expect(page.items[2]).toEqual(record('a', 1, { meta: { n: 1 } }));
    expect(page.next).toBeUndefined();
    expect(
      await knex.migrate.currentVersion({ tableName: MIGRATIONS_TABLE }),
    ).toBe('20261201100000');
  });

  it('filters by actor, entity, action prefix, outcome, correlation id and time', async () => {
    const { store } = await createStore();
    await store.insert(
      [
        record('r1', 1),
        record('r2', 2, {
          actor: { type: 'service', ref: 'plugin:dora' },
          action: 'dora.ingest.batch',
          targetEntityRef: undefined,
        }),
        record('r3', 3, {
          action: 'requests.request.approved',
          actor: { type: 'user', ref: 'user:default/approver' },
        }),
        record('r4', 4, {
          action: 'requestsx.other.thing',
          outcome: 'rejected',
          targetEntityRef: 'component:default/checkout',
        }),
        record('r5', 5, { action: 'dora.webhook.delivery', outcome: 'failed' }),
      ],
      T0,
    );
    const q = async (filter: object) =>
      ids(await store.query(filter, { limit: 50 }));
    expect(await q({ actorRefs: ['user:default/jane'] })).toEqual([
      'r5',
      'r4',
      'r1',
    ]);
    expect(await q({ actorType: 'service' })).toEqual(['r2']);
    expect(await q({ entityRef: 'component:default/checkout' })).toEqual([
      'r4',
    ]);
    expect(await q({ actionPrefix: 'requests' })).toEqual(['r3', 'r1']);
    expect(await q({ actionPrefix: 'requests.request.approved' })).toEqual([
      'r3',
    ]);
    expect(await q({ actionPrefix: 'dora' })).toEqual(['r5', 'r2']);
    expect(await q({ actionPrefix: 'dora.ingest' })).toEqual(['r2']);
    expect(await q({ outcome: 'failed' })).toEqual(['r5']);
    expect(await q({ correlationId: 'c-r3' })).toEqual(['r3']);
    expect(
      await q({ fromMillis: T0 + 2 * MIN, toMillis: T0 + 4 * MIN }),
    ).toEqual(['r3', 'r2']);
    expect(
      await q({ actionPrefix: 'requests', actorRefs: ['user:default/jane'] }),
    ).toEqual(['r1']);
  });

  it('pages newest first with a stable cursor, ties in insertion order', async () => {
    const { store } = await createStore();
    // Seven records, four of them at the same millisecond.
    await store.insert(
      [record('t1', 10), record('t2', 10), record('t3', 10), record('old', 1)],
      T0,
    );
    await store.insert([record('t4', 10), record('new', 20)], T0);
    await store.insert([record('mid', 5)], T0);
    const seen: string[] = [];
    let cursor: ReturnType<typeof decodeCursor>;
    for (let i = 0; i < 10; i++) {
      const page = await store.query(
        {},
        { ...(cursor ? { cursor } : {}), limit: 2 },
      );
      seen.push(...ids(page));
      if (!page.next) break;
      // Records arriving between pages land before the cursor or after it, never in it.
      if (i === 1) await store.insert([record('late', 15)], T0);
      cursor = decodeCursor(encodeCursor(page.next));
    }
    expect(seen).toEqual(['new', 't4', 't3', 't2', 't1', 'mid', 'old']);
  });

  it('purges records older than a time in batches, oldest first', async () => {
    const { store } = await createStore();
    await store.insert(
      Array.from({ length: 7 }, (_, i) => record(`p${i}`, i)),
      T0,
    );
    expect(await store.purgeBatch(T0 + 5 * MIN, 3)).toBe(3);
    expect(await store.purgeBatch(T0 + 5 * MIN, 3)).toBe(2);
    expect(await store.purgeBatch(T0 + 5 * MIN, 3)).toBe(0);
    expect(ids(await store.query({}, { limit: 50 }))).toEqual(['p6', 'p5']);
  });
});

describe('cursors', () => {
  it('round-trip and refuse anything else', () => {
    const cursor = { occurredAt: T0, seq: 42 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('bm9wZQ')).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });
});
