import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { emptyCounts } from '@goldpath/plugin-policy-common';
import { createTestDatabases } from '@goldpath/test-utils';
import { DatabasePolicyStore } from './DatabasePolicyStore';
import { FindingRow, NewAudit, WaiverRow } from './PolicyStore';

const databases = createTestDatabases();

const E1 = 'component:default/checkout';
const E2 = 'component:default/cart';

function audit(overrides: Partial<NewAudit> = {}): NewAudit {
  return {
    entityRef: E1,
    source: 'prod-eu',
    ingestId: '00000000-0000-0000-0000-000000000001',
    format: 'wgpolicy',
    producer: 'kyverno',
    auditedAt: 1000,
    lastAuditAt: 1000,
    receivedAt: 1001,
    fingerprint: 'f'.repeat(64),
    counts: { ...emptyCounts(), pass: 1 },
    results: [{ policy: 'p', status: 'pass', key: 'k' }],
    ...overrides,
  };
}

function finding(overrides: Partial<FindingRow> = {}): FindingRow {
  return {
    entityRef: E1,
    source: 'prod-eu',
    key: 'prod-eu|p|r|pod/ns/a',
    policy: 'p',
    rule: 'r',
    status: 'fail',
    severity: 'high',
    resource: { kind: 'Pod', namespace: 'ns', name: 'a' },
    firstSeen: 10,
    occurrences: 1,
    ...overrides,
  };
}

function waiver(overrides: Partial<WaiverRow> = {}): WaiverRow {
  return {
    id: '11111111-1111-1111-1111-111111111111',
    entityRef: E1,
    policy: 'p',
    reason: 'accepted risk',
    grantedBy: 'user:default/jane',
    createdAt: 1,
    expiresAt: 5000,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabasePolicyStore on %s',
  databaseId => {
    async function createStore(id: TestDatabaseId) {
      const knex = await databases.init(id);
      const store = await DatabasePolicyStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('stores audits with their results, and lists their headers newest first', async () => {
      const { store } = await createStore(databaseId);
      const a = await store.insertAudit(audit({ auditedAt: 1000 }));
      const b = await store.insertAudit(
        audit({ auditedAt: 2000, lastAuditAt: 2000, producer: undefined }),
      );
      await store.insertAudit(audit({ source: 'ci', auditedAt: 3000 }));
      expect(a).not.toBe(b);
      const [stored] = await store.getAudits([a]);
      expect(stored).toEqual({ ...audit({ auditedAt: 1000 }), id: a });
      await store.updateAudit(b, { lastAuditAt: 2500 });
      const headers = await store.listAuditHeaders({
        entityRef: E1,
        source: 'prod-eu',
        limit: 1,
      });
      expect(headers).toEqual([
        expect.objectContaining({ id: b, auditedAt: 2000, lastAuditAt: 2500 }),
      ]);
      expect(headers[0]).not.toHaveProperty('results');
      expect(headers[0]).not.toHaveProperty('producer');
    });

    it('keeps one current audit per entity and source', async () => {
      const { store } = await createStore(databaseId);
      await store.putSource({
        entityRef: E1,
        source: 'prod-eu',
        latestAuditId: 1,
        lastAuditAt: 10,
      });
      await store.putSource({
        entityRef: E1,
        source: 'prod-eu',
        latestAuditId: 2,
        previousAuditId: 1,
        lastAuditAt: 20,
      });
      await store.putSource({
        entityRef: E1,
        source: 'ci',
        latestAuditId: 3,
        lastAuditAt: 30,
      });
      expect(await store.listSources(E1)).toEqual([
        { entityRef: E1, source: 'ci', latestAuditId: 3, lastAuditAt: 30 },
        {
          entityRef: E1,
          source: 'prod-eu',
          latestAuditId: 2,
          previousAuditId: 1,
          lastAuditAt: 20,
        },
      ]);
      expect(await store.getSource(E2, 'ci')).toBeUndefined();
    });

    it('locks an entity through a placeholder that no reader sees, and drops it on request', async () => {
      const { store } = await createStore(databaseId);
      await store.transaction(async tx => {
        expect(await tx.lockEntity(E1)).toBeUndefined();
        expect(await tx.listSummaryChanges({ limit: 10 })).toEqual([]);
        expect(await tx.listSummaries()).toEqual([]);
        await tx.deleteSummary(E1);
      });
      await store.transaction(async tx => {
        expect(await tx.lockEntity(E1)).toBeUndefined();
        await tx.putSummary({
          entityRef: E1,
          status: 'fail',
          violationsBySeverity: {
            critical: 0,
            high: 1,
            medium: 0,
            low: 0,
            info: 0,
            unknown: 0,
          },
          excepted: 2,
          lastAuditAt: 100,
          updatedAt: 200,
        });
      });
      const locked = await store.transaction(tx => tx.lockEntity(E1));
      expect(locked).toEqual({
        entityRef: E1,
        status: 'fail',
        violationsBySeverity: expect.objectContaining({ high: 1 }),
        excepted: 2,
        lastAuditAt: 100,
        updatedAt: 200,
      });
    });

    it('serialises transactions that lock the same entity', async () => {
      const { store } = await createStore(databaseId);
      const order: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>(r => (release = r));
      const first = store.transaction(async tx => {
        await tx.lockEntity(E1);
        order.push('first locked');
        await gate;
        await tx.putSummary({
          entityRef: E1,
          status: 'pass',
          excepted: 0,
          lastAuditAt: 1,
          updatedAt: 5,
        });
        order.push('first done');
      });
      await new Promise(r => setTimeout(r, 50));
      const second = store.transaction(async tx => {
        const seen = await tx.lockEntity(E1);
        order.push(`second saw ${seen?.status}`);
      });
      await new Promise(r => setTimeout(r, 100));
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first locked', 'first done', 'second saw pass']);
    });

    it('stores all of a transaction or none of it', async () => {
      const { store } = await createStore(databaseId);
      await expect(
        store.transaction(async tx => {
          await tx.insertAudit(audit());
          await tx.insertWaiver(waiver());
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(
        await store.listAuditHeaders({
          entityRef: E1,
          source: 'prod-eu',
          limit: 5,
        }),
      ).toEqual([]);
      expect(await store.listWaivers(E1)).toEqual([]);
    });

    it('streams summary changes in (updatedAt, entityRef) order after a position, tombstones included', async () => {
      const { store } = await createStore(databaseId);
      const row = (
        entityRef: string,
        updatedAt: number,
        status: 'pass' | null = 'pass',
      ) => ({
        entityRef,
        status,
        excepted: 0,
        ...(status ? { lastAuditAt: 1 } : {}),
        updatedAt,
      });
      await store.putSummary(row('component:default/b', 10));
      await store.putSummary(row('component:default/a', 10));
      await store.putSummary(row('component:default/c', 20, null));
      const all = await store.listSummaryChanges({ limit: 10 });
      const refs = all.map(r => r.entityRef);
      expect(refs.slice(2)).toEqual(['component:default/c']);
      expect(new Set(refs.slice(0, 2))).toEqual(
        new Set(['component:default/a', 'component:default/b']),
      );
      const page = await store.listSummaryChanges({
        after: { updatedAt: all[0].updatedAt, entityRef: all[0].entityRef },
        limit: 10,
      });
      expect(page.map(r => r.entityRef)).toEqual(refs.slice(1));
      expect(page[1]).toMatchObject({ status: null });
      expect(
        (await store.listSummaries()).map(r => r.entityRef).sort(),
      ).toEqual(['component:default/a', 'component:default/b']);
      await expect(store.pruneTombstones({ before: 21 })).resolves.toBe(1);
      expect(await store.listSummaryChanges({ limit: 10 })).toHaveLength(2);
    });

    it('finds summaries by waiver expiry and by age', async () => {
      const { store } = await createStore(databaseId);
      await store.putSummary({
        entityRef: E1,
        status: 'warn',
        excepted: 1,
        lastAuditAt: 100,
        nextWaiverExpiry: 500,
        updatedAt: 1,
      });
      await store.putSummary({
        entityRef: E2,
        status: 'pass',
        excepted: 0,
        lastAuditAt: 900,
        updatedAt: 1,
      });
      expect(await store.listSummariesDueForExpiry(499, 10)).toEqual([]);
      expect(await store.listSummariesDueForExpiry(500, 10)).toEqual([E1]);
      expect(await store.listStaleEntities({ before: 200, limit: 10 })).toEqual(
        [E1],
      );
      expect((await store.listEntityRefs({ limit: 10 })).sort()).toEqual(
        [E2, E1].sort(),
      );
    });

    it('replaces findings, lists the oldest first and sums them per policy', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceFindings(E1, 'prod-eu', [
        finding({ key: 'k1', firstSeen: 30 }),
        finding({
          key: 'k2',
          firstSeen: 10,
          occurrences: 2,
          severity: undefined,
        }),
      ]);
      await store.replaceFindings(E2, 'prod-eu', [
        finding({
          entityRef: E2,
          key: 'k1',
          firstSeen: 20,
          policy: 'q',
          rule: undefined,
        }),
      ]);
      const oldest = await store.listOldestFindings({ offset: 0, limit: 2 });
      expect(oldest.map(f => [f.entityRef, f.key])).toEqual([
        [E1, 'k2'],
        [E2, 'k1'],
      ]);
      expect(oldest[1]).toEqual({
        entityRef: E2,
        source: 'prod-eu',
        key: 'k1',
        policy: 'q',
        status: 'fail',
        severity: 'high',
        resource: { kind: 'Pod', namespace: 'ns', name: 'a' },
        firstSeen: 20,
        occurrences: 1,
      });
      const sums = await store.aggregateFindings();
      expect(
        sums.sort((a, b) =>
          `${a.policy}${a.entityRef}${a.severity}` <
          `${b.policy}${b.entityRef}${b.severity}`
            ? -1
            : 1,
        ),
      ).toEqual([
        { policy: 'p', entityRef: E1, severity: 'high', occurrences: 1 },
        { policy: 'p', entityRef: E1, occurrences: 2 },
        { policy: 'q', entityRef: E2, severity: 'high', occurrences: 1 },
      ]);
      await store.replaceFindings(E1, 'prod-eu', []);
      expect(
        (await store.listFindings([E1, E2])).map(f => f.entityRef),
      ).toEqual([E2]);
    });

    it('prunes old audits in batches, never the current or previous one of a source', async () => {
      const { store } = await createStore(databaseId);
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          await store.insertAudit(
            audit({ auditedAt: i * 10, lastAuditAt: i * 10 }),
          ),
        );
      }
      await store.putSource({
        entityRef: E1,
        source: 'prod-eu',
        latestAuditId: ids[4],
        previousAuditId: ids[3],
        lastAuditAt: 40,
      });
      await expect(store.pruneAudits({ before: 100, limit: 2 })).resolves.toBe(
        2,
      );
      await expect(store.pruneAudits({ before: 100, limit: 2 })).resolves.toBe(
        1,
      );
      await expect(store.pruneAudits({ before: 100, limit: 2 })).resolves.toBe(
        0,
      );
      expect(
        (await store.getAudits(ids)).map(a => a.id).sort((a, b) => a - b),
      ).toEqual([ids[3], ids[4]]);
    });

    it('keeps waivers, lists the active ones and prunes expired ones', async () => {
      const { store } = await createStore(databaseId);
      await store.insertWaiver(waiver());
      await store.insertWaiver(
        waiver({
          id: '22222222-2222-2222-2222-222222222222',
          rule: 'r',
          findingKey: 'k',
          expiresAt: 100,
        }),
      );
      expect((await store.listWaivers(E1)).map(w => w.expiresAt)).toEqual([
        5000, 100,
      ]);
      expect(
        await store.getWaiver('22222222-2222-2222-2222-222222222222'),
      ).toEqual(
        waiver({
          id: '22222222-2222-2222-2222-222222222222',
          rule: 'r',
          findingKey: 'k',
          expiresAt: 100,
        }),
      );
      expect(
        (await store.listActiveWaivers(100, 10)).map(w => w.expiresAt),
      ).toEqual([5000]);
      await expect(store.pruneWaivers({ expiredBefore: 101 })).resolves.toBe(1);
      await expect(store.deleteWaiver(waiver().id)).resolves.toBe(true);
      await expect(store.deleteWaiver(waiver().id)).resolves.toBe(false);
    });

    it('keeps unmapped results, pages through them and prunes old ones', async () => {
      const { store } = await createStore(databaseId);
      const row = (name: string, receivedAt: number) => ({
        ingestId: '00000000-0000-0000-0000-000000000009',
        source: 'prod-eu',
        format: 'wgpolicy' as const,
        auditedAt: 5,
        receivedAt,
        target: { resource: { kind: 'Pod', name } },
        result: { policy: 'p', status: 'fail' as const },
      });
      await store.insertUnmapped([row('a', 10), row('b', 20), row('c', 30)]);
      const first = await store.listUnmapped({ limit: 2 });
      expect(first.map(r => r.target.resource?.name)).toEqual(['a', 'b']);
      const rest = await store.listUnmapped({ afterId: first[1].id, limit: 2 });
      expect(rest.map(r => r.target.resource?.name)).toEqual(['c']);
      expect((await store.listRecentUnmapped(1))[0].target.resource?.name).toBe(
        'c',
      );
      await expect(store.countUnmapped()).resolves.toBe(3);
      await expect(store.deleteUnmapped([first[0].id])).resolves.toBe(1);
      await expect(store.pruneUnmapped({ receivedBefore: 25 })).resolves.toBe(
        1,
      );
      await expect(store.countUnmapped()).resolves.toBe(1);
    });

    it('forgets everything of an entity, and keeps small facts', async () => {
      const { store } = await createStore(databaseId);
      const id = await store.insertAudit(audit());
      await store.putSource({
        entityRef: E1,
        source: 'prod-eu',
        latestAuditId: id,
        lastAuditAt: 1,
      });
      await store.replaceFindings(E1, 'prod-eu', [finding()]);
      await store.insertWaiver(waiver());
      await store.insertAudit(audit({ entityRef: E2 }));
      await store.deleteEntityState(E1);
      expect(await store.listSources(E1)).toEqual([]);
      expect(await store.getAudits([id])).toEqual([]);
      expect(await store.listFindings([E1])).toEqual([]);
      expect(await store.listWaivers(E1)).toEqual([]);
      expect(
        await store.listAuditHeaders({
          entityRef: E2,
          source: 'prod-eu',
          limit: 5,
        }),
      ).toHaveLength(1);
      await expect(store.getMeta('x')).resolves.toBeUndefined();
      await store.putMeta('x', 'one');
      await store.putMeta('x', 'two');
      await expect(store.getMeta('x')).resolves.toBe('two');
    });
  },
);
