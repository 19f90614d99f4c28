import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DeliveryStore, MIGRATIONS_TABLE } from './DeliveryStore';
import { createTestDatabases } from '@goldpath/test-utils';

const databases = createTestDatabases();
const WEEK = '2026-W48';
const RED = { digest: 'team' as const, teamRef: 'group:default/red' };
const BLUE = { digest: 'team' as const, teamRef: 'group:default/blue' };
const FLEET = { digest: 'fleet' as const, teamRef: 'group:default/platform' };

async function createStore(knex: Knex) {
  return DeliveryStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
}

describe.each(databases.eachSupportedId())(
  'DeliveryStore on %s',
  databaseId => {
    it('migrates with its own migrations table, next to the dora plugin', async () => {
      const knex = await databases.init(databaseId);
      await createStore(knex);
      expect(await knex.schema.hasTable('dora_digest_deliveries')).toBe(true);
      expect(await knex.schema.hasTable(MIGRATIONS_TABLE)).toBe(true);
      expect(await knex.schema.hasTable('dora_knex_migrations')).toBe(false);
      // a second start migrates nothing more
      await createStore(knex);
    });

    it('lets one claim hold a digest of a week; sent digests are never claimed again', async () => {
      const knex = await databases.init(databaseId);
      const store = await createStore(knex);
      const now = 1_000_000;
      const staleBefore = now - 3_600_000;
      const a = await store.claim({
        keys: [RED, FLEET, BLUE],
        week: WEEK,
        claim: 'a',
        now,
        staleBefore,
      });
      // in key order: fleet before team, then by ref
      expect(a).toEqual([FLEET, BLUE, RED]);
      // another replica, same week: nothing left to claim
      expect(
        await store.claim({
          keys: [RED, BLUE, FLEET],
          week: WEEK,
          claim: 'b',
          now,
          staleBefore,
        }),
      ).toEqual([]);
      // another week is another digest
      expect(
        await store.claim({
          keys: [RED],
          week: '2026-W49',
          claim: 'b',
          now,
          staleBefore,
        }),
      ).toEqual([RED]);

      await store.markSent(RED, { week: WEEK, claim: 'a', now: now + 1 });
      await store.markSent(BLUE, { week: WEEK, claim: 'a', now: now + 2 });
      await store.markSent(FLEET, { week: WEEK, claim: 'a', now: now + 3 });
      // even with every claim stale, a sent digest stays sent
      expect(
        await store.claim({
          keys: [RED, BLUE, FLEET],
          week: WEEK,
          claim: 'c',
          now: now + 10 * 3_600_000,
          staleBefore: now + 9 * 3_600_000,
        }),
      ).toEqual([]);
      expect(await store.list({ week: WEEK })).toEqual([
        {
          ...FLEET,
          week: WEEK,
          status: 'sent',
          attempts: 0,
          claimedAt: now,
          sentAt: now + 3,
        },
        {
          ...BLUE,
          week: WEEK,
          status: 'sent',
          attempts: 0,
          claimedAt: now,
          sentAt: now + 2,
        },
        {
          ...RED,
          week: WEEK,
          status: 'sent',
          attempts: 0,
          claimedAt: now,
          sentAt: now + 1,
        },
      ]);
    });

    it('retries a failed send next run and keeps it as a dead letter after the last attempt', async () => {
      const knex = await databases.init(databaseId);
      const store = await createStore(knex);
      const staleBefore = 0;
      let status;
      for (let attempt = 1; attempt <= 3; attempt++) {
        const claim = `run-${attempt}`;
        expect(
          await store.claim({
            keys: [RED],
            week: WEEK,
            claim,
            now: attempt,
            staleBefore,
          }),
        ).toEqual([RED]);
        status = await store.markFailed(RED, {
          week: WEEK,
          claim,
          now: attempt,
          error: `boom ${attempt}`,
          maxAttempts: 3,
        });
        expect(status).toBe(attempt < 3 ? 'pending' : 'dead');
      }
      expect(
        await store.claim({
          keys: [RED],
          week: WEEK,
          claim: 'run-4',
          now: 4,
          staleBefore,
        }),
      ).toEqual([]);
      expect(await store.list({ week: WEEK, status: 'dead' })).toEqual([
        {
          ...RED,
          week: WEEK,
          status: 'dead',
          attempts: 3,
          claimedAt: 3,
          lastError: 'boom 3',
        },
      ]);
    });

    it('takes over a stale claim, and a released digest without counting an attempt', async () => {
      const knex = await databases.init(databaseId);
      const store = await createStore(knex);
      await store.claim({
        keys: [RED, BLUE],
        week: WEEK,
        claim: 'died',
        now: 100,
        staleBefore: 0,
      });
      // not stale yet
      expect(
        await store.claim({
          keys: [RED, BLUE],
          week: WEEK,
          claim: 'early',
          now: 200,
          staleBefore: 50,
        }),
      ).toEqual([]);
      // the run that died is an hour old
      expect(
        await store.claim({
          keys: [RED],
          week: WEEK,
          claim: 'late',
          now: 5000,
          staleBefore: 150,
        }),
      ).toEqual([RED]);
      // the dead run cannot mark what it no longer holds
      await store.markSent(RED, { week: WEEK, claim: 'died', now: 5001 });
      expect(
        (await store.list({ week: WEEK })).find(r => r.teamRef === RED.teamRef),
      ).toMatchObject({
        status: 'claimed',
      });
      await store.release(RED, { week: WEEK, claim: 'late', now: 5002 });
      expect(
        await store.claim({
          keys: [RED],
          week: WEEK,
          claim: 'next',
          now: 6000,
          staleBefore: 150,
        }),
      ).toEqual([RED]);
      expect(
        (await store.list({ week: WEEK })).find(r => r.teamRef === RED.teamRef),
      ).toMatchObject({
        status: 'claimed',
        attempts: 0,
      });
    });

    it('lets exactly one of several concurrent runs claim each digest', async () => {
      const knex = await databases.init(databaseId);
      const store = await createStore(knex);
      const keys = Array.from({ length: 20 }, (_, i) => ({
        digest: 'team' as const,
        teamRef: `group:default/t${String(i).padStart(2, '0')}`,
      }));
      const claims = await Promise.all(
        ['x', 'y', 'z'].map(claim =>
          store.claim({ keys, week: WEEK, claim, now: 1, staleBefore: 0 }),
        ),
      );
      const all = claims
        .flat()
        .map(k => k.teamRef)
        .sort();
      expect(all).toEqual(keys.map(k => k.teamRef));
    });
  },
);
