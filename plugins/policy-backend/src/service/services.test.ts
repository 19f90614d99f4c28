import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { DAY, component, createTestApp } from '../__testUtils__/app';
import { createTestDatabases } from '@goldpath/test-utils';
import { policyReport, sarif } from '../__testUtils__/reports';
import { SummaryService } from './SummaryService';

const databases = createTestDatabases();
const T0 = Date.UTC(2024, 4, 1);
const SECONDS = T0 / 1000;
const MINUTE = 60_000;

const CHECKOUT = component('checkout', {
  'backstage.io/kubernetes-id': 'checkout',
});
const CART = component('cart', { 'backstage.io/kubernetes-id': 'cart' });
const BUNDLE = (severity: string) =>
  component('admission-policies', {}, 'Resource', {
    type: 'policy-bundle',
    owner: 'team-platform',
    contract: { version: '1.0.0', policies: [{ name: 'a', severity }] },
  });

type Result = Parameters<typeof policyReport>[0]['results'][number];

const report = (
  results: Result[],
  options: { seconds?: number; name?: string; scope?: string } = {},
) =>
  policyReport({
    seconds: options.seconds ?? SECONDS,
    name: options.name,
    scope: {
      kind: 'Deployment',
      name: options.scope ?? 'checkout',
      namespace: 'shop',
    },
    results,
  });

const fail = (policy: string, severity?: string): Result => ({
  policy,
  rule: 'r',
  result: 'fail',
  ...(severity ? { severity } : {}),
});
const pass = (policy: string): Result => ({
  policy,
  rule: 'r',
  result: 'pass',
});

const iso = (ms: number) => new Date(ms).toISOString();

describe.each(databases.eachSupportedId())(
  'policy services on %s',
  databaseId => {
    const setup = (entities: Entity[] = [CHECKOUT, CART], now = T0 + DAY) =>
      createTestApp({ databases, databaseId, entities, now });
    type App = Awaited<ReturnType<typeof setup>>;

    const ingest = (
      t: App,
      body: string,
      options: { source?: string; entityRef?: string } = {},
    ) => t.ingestion.ingest(body, { source: 'prod-eu', ...options });

    const state = async (t: App, name = 'checkout') =>
      (
        await request(t.app)
          .get(`/entities/component/default/${name}`)
          .expect(200)
      ).body;

    it('stores the reports of one request for one entity as one audit, and keeps sources apart', async () => {
      const t = await setup();
      const body = [
        report([fail('a', 'high')], { name: 'r1' }),
        report(
          [
            {
              ...pass('b'),
              resource: {
                kind: 'ReplicaSet',
                name: 'checkout-7d9f8b6c5d',
                namespace: 'shop',
              },
            },
          ],
          { name: 'r2', scope: 'elsewhere' },
        ),
      ]
        .map(r => `---\n${r}`)
        .join('\n');
      const res = await ingest(t, body);
      expect(res).toMatchObject({
        reports: 2,
        results: 2,
        entities: ['component:default/checkout'],
      });
      await ingest(
        t,
        sarif({ results: [{ ruleId: 'CKV_1', file: 'main.tf' }] }),
        {
          source: 'ci',
          entityRef: 'component:default/checkout',
        },
      );
      const s = await state(t);
      expect(
        s.sources.map((x: any) => [x.source, x.counts.fail + x.counts.pass]),
      ).toEqual([
        ['ci', 1],
        ['prod-eu', 2],
      ]);
      expect(s.history).toHaveLength(2);
      expect(s.status).toBe('fail');
    });

    it('resolves everything with a report that has no results', async () => {
      const t = await setup();
      await ingest(t, report([fail('a')]));
      const empty = await ingest(t, report([], { seconds: SECONDS + 60 }));
      expect(empty.entities).toEqual(['component:default/checkout']);
      const s = await state(t);
      expect(s.status).toBe('pass');
      expect(s.drift[0].resolved).toEqual([
        expect.objectContaining({ policy: 'a' }),
      ]);
    });

    it('takes a report that claims a time far in the future as received now', async () => {
      const t = await setup();
      await ingest(t, report([fail('a')], { seconds: SECONDS + 30 * 86_400 }));
      expect((await state(t)).lastAudit).toBe(iso(T0 + DAY));
    });

    it('keeps the summary right when two sources report the same entity at once', async () => {
      const t = await setup();
      await Promise.all([
        ingest(t, report([fail('a', 'high')]), { source: 'prod-eu' }),
        ingest(t, report([fail('b', 'low')]), { source: 'prod-us' }),
        ingest(t, report([fail('c', 'low')]), { source: 'staging' }),
      ]);
      const summary = await t.summary.read({});
      expect(summary.entries).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/checkout',
          violationsBySeverity: expect.objectContaining({ high: 1, low: 2 }),
        }),
      ]);
    });

    it('joins late-mapped results to the audit of their own request, and drops superseded ones', async () => {
      const t = await setup([CHECKOUT]);
      // One request: a Kubernetes report that maps, and a SARIF file whose
      // repository no entity claims yet.
      const body = `${report([fail('a')])}\n---\n${sarif({
        repository: 'https://github.com/acme/checkout',
        results: [{ ruleId: 'CKV_9', file: 'main.tf' }],
      })}`;
      const first = await ingest(t, body);
      expect(first).toMatchObject({
        entities: ['component:default/checkout'],
        unmapped: 1,
      });

      t.catalog.setEntities([
        component('checkout', {
          'backstage.io/kubernetes-id': 'checkout',
          'github.com/project-slug': 'acme/checkout',
        }),
      ]);
      expect(await t.attachment.attach()).toEqual({
        attached: 1,
        dropped: 0,
        entities: ['component:default/checkout'],
      });
      const s = await state(t);
      expect(s.history).toHaveLength(1); // the same audit, not a new one
      expect(s.violations.map((v: any) => v.policy).sort()).toEqual([
        'CKV_9',
        'a',
      ]);

      // Unmapped results older than the current audit are dropped.
      await ingest(
        t,
        report([fail('x')], { scope: 'cart', seconds: SECONDS - 3600 }),
        { source: 'prod-eu' },
      );
      await ingest(
        t,
        report([pass('x')], { scope: 'cart', seconds: SECONDS }),
        {
          source: 'prod-eu',
          entityRef: 'component:default/cart',
        },
      );
      t.catalog.setEntities([CHECKOUT, CART]);
      expect(await t.attachment.attach()).toMatchObject({
        attached: 0,
        dropped: 1,
      });
      expect((await state(t, 'cart')).status).toBe('pass');
    });

    it('moves the summary cursor forward, staying an overlap behind the present', async () => {
      const t = await setup([CHECKOUT, CART], T0);
      const summary = SummaryService.create({
        store: t.store,
        now: () => t.clock.now,
        overlapMillis: 2 * MINUTE,
        pageSize: 1,
      });
      await ingest(t, report([fail('a')]));
      await ingest(t, report([pass('a')], { scope: 'cart' }));

      t.clock.now = T0 + 10 * MINUTE;
      const page1 = await summary.read({});
      expect(page1.entries).toHaveLength(1);
      const page2 = await summary.read({ since: page1.cursor });
      expect(page2.entries).toHaveLength(1);
      expect(page2.entries[0].entityRef).not.toBe(page1.entries[0].entityRef);
      const done = await summary.read({ since: page2.cursor });
      expect(done).toEqual({ entries: [], removed: [], cursor: page2.cursor });

      // A change now: read at once, and again while it is inside the overlap.
      t.clock.now = T0 + 20 * MINUTE;
      await ingest(t, report([fail('b')], { seconds: SECONDS + 60 }));
      t.clock.now += 1000;
      const fresh = await summary.read({ since: done.cursor });
      expect(fresh.entries.map(e => [e.entityRef, e.status])).toEqual([
        ['component:default/checkout', 'fail'],
      ]);
      const repeat = await summary.read({ since: fresh.cursor });
      expect(repeat.entries.map(e => e.entityRef)).toEqual([
        'component:default/checkout',
      ]);
      t.clock.now = T0 + 30 * MINUTE;
      const settled = await summary.read({ since: repeat.cursor });
      expect(settled.entries.map(e => e.entityRef)).toEqual([
        'component:default/checkout',
      ]);
      expect((await summary.read({ since: settled.cursor })).entries).toEqual(
        [],
      );

      // A transaction that stamped its row before the reader looked but
      // committed after: still read, because the cursor stayed behind.
      t.clock.now = T0 + 40 * MINUTE;
      const before = await summary.read({ since: settled.cursor });
      await t.store.putSummary({
        entityRef: 'component:default/late',
        status: 'warn',
        excepted: 0,
        lastAuditAt: T0,
        updatedAt: T0 + 40 * MINUTE - 30_000,
      });
      const after = await summary.read({ since: before.cursor });
      expect(after.entries.map(e => e.entityRef)).toEqual([
        'component:default/late',
      ]);

      // A removed entity comes as `removed`.
      await t.store.putSummary({
        entityRef: 'component:default/late',
        status: null,
        excepted: 0,
        updatedAt: T0 + 50 * MINUTE,
      });
      t.clock.now = T0 + 60 * MINUTE;
      const gone = await summary.read({ since: after.cursor });
      expect(gone).toMatchObject({
        entries: [],
        removed: ['component:default/late'],
      });
    });

    it('recomputes summaries when a waiver expires and when a bundle’s severity changes', async () => {
      const t = await setup([CHECKOUT], T0 + DAY);
      await ingest(t, report([fail('a')]));
      await request(t.app)
        .post('/waivers')
        .set('Authorization', mockCredentials.user.header('user:default/jane'))
        .send({
          entityRef: 'component:default/checkout',
          policy: 'a',
          reason: 'later',
          expiresAt: iso(T0 + 3 * DAY),
        })
        .expect(201);
      const waived = await t.summary.read({});
      expect(waived.entries[0]).toMatchObject({ status: 'pass', excepted: 1 });

      t.clock.now = T0 + 4 * DAY;
      expect(await t.maintenance.refreshSummaries()).toBeGreaterThanOrEqual(1);
      const expired = await t.summary.read({});
      expect(expired.entries[0]).toMatchObject({
        status: 'fail',
        excepted: 0,
        violationsBySeverity: expect.objectContaining({ unknown: 1 }),
      });
      // nothing due: nothing recomputed
      expect(await t.maintenance.refreshSummaries()).toBe(0);

      t.catalog.setEntities([CHECKOUT, BUNDLE('critical')]);
      expect(await t.maintenance.refreshSummaries()).toBe(1);
      expect(
        (await t.summary.read({})).entries[0].violationsBySeverity,
      ).toMatchObject({
        critical: 1,
        unknown: 0,
      });
    });

    it('prunes old audits, unmapped results and expired waivers, and forgets entities the catalog lost', async () => {
      const t = await setup([CHECKOUT, CART], T0);
      for (let i = 0; i < 4; i++) {
        await ingest(t, report([fail(`p${i}`)], { seconds: SECONDS + i * 60 }));
      }
      await ingest(t, report([fail('a')], { scope: 'cart' }));
      await ingest(t, report([fail('a')], { scope: 'nobody' }));
      await t.store.insertWaiver({
        id: '33333333-3333-3333-3333-333333333333',
        entityRef: 'component:default/checkout',
        policy: 'p3',
        reason: 'r',
        grantedBy: 'user:default/jane',
        createdAt: T0,
        expiresAt: T0 + DAY,
      });

      t.clock.now = T0 + 100 * DAY;
      t.catalog.setEntities([CHECKOUT]); // cart is gone
      expect(await t.maintenance.prune()).toEqual({
        audits: 2,
        unmapped: 1,
        waivers: 1,
        entities: 1,
      });
      const s = await state(t);
      expect(s.history).toHaveLength(2); // the current and the previous audit stay
      expect(s.drift[0].resolved).toEqual([
        expect.objectContaining({ policy: 'p2' }),
      ]);
      expect((await state(t, 'cart')).status).toBeNull();
      const summary = await t.summary.read({});
      expect(summary.removed).toEqual(['component:default/cart']);
    });

    it('filters the overview to what the user may see, and leaves waived findings out', async () => {
      const t = await setup();
      await ingest(t, report([fail('a', 'high'), fail('b', 'low')]));
      await ingest(t, report([fail('a', 'high')], { scope: 'cart' }));
      await request(t.app)
        .post('/waivers')
        .set('Authorization', mockCredentials.user.header('user:default/jane'))
        .send({
          entityRef: 'component:default/checkout',
          policy: 'b',
          reason: 'accepted',
          expiresAt: iso(T0 + 5 * DAY),
        })
        .expect(201);
      t.catalog.hide('user:default/outsider', ['component:default/cart']);

      const all = await request(t.app)
        .get('/overview')
        .set('Authorization', mockCredentials.user.header('user:default/jane'))
        .expect(200);
      expect(all.body).toMatchObject({
        entities: { total: 2, fail: 2, pass: 0, warn: 0 },
        violationsBySeverity: { high: 2, low: 0 },
        excepted: 1,
        byPolicy: [
          { policy: 'a', severity: 'high', violations: 2, entities: 2 },
        ],
        unmapped: 0,
      });
      expect(
        all.body.oldestOpen.map((v: any) => [v.entityRef, v.policy]).sort(),
      ).toEqual([
        ['component:default/cart', 'a'],
        ['component:default/checkout', 'a'],
      ]);

      const outsider = await request(t.app)
        .get('/overview?limit=5')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/outsider'),
        )
        .expect(200);
      expect(outsider.body).toMatchObject({
        entities: { total: 1, fail: 1 },
        worstOffenders: [{ entityRef: 'component:default/checkout' }],
        byPolicy: [{ policy: 'a', violations: 1, entities: 1 }],
      });
      expect(outsider.body.oldestOpen.map((v: any) => v.entityRef)).toEqual([
        'component:default/checkout',
      ]);
    });
  },
);
