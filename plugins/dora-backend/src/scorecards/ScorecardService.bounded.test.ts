import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '@goldpath/test-utils';
import { deployment } from '../__testUtils__/events';
import { readDoraBackendConfig } from '../config';
import { DatabaseDoraStore } from '../database/DatabaseDoraStore';
import {
  LOOK_BACK_DAYS,
  MAX_FUTURE_SKEW_MS,
  ScorecardService,
  readEventsFrom,
} from './ScorecardService';
import { CatalogDirectory } from '../catalog/CatalogDirectory';

const databases = createTestDatabases();
const DAY = 86_400_000;

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

const component = (name: string, owner = 'team-a'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

/** The events of the last `n` days: one production deployment a day. */
const recent = (service: string, n: number, now = Date.now()) =>
  Array.from({ length: n }, (_, i) =>
    deployment(`${service}-${i}`, new Date(now - (i + 1) * DAY).toISOString(), {
      service,
    }),
  );

describe.each(databases.eachSupportedId())(
  'ScorecardService bounded cost on %s',
  databaseId => {
    async function setup(
      id: TestDatabaseId,
      services: string[],
      options: { inlineLimit?: number; maxBackground?: number } = {},
    ) {
      const knex = await databases.init(id);
      const store = await DatabaseDoraStore.create({
        database: mockServices.database({ knex }),
      });
      const catalog = catalogServiceMock({
        entities: [group('team-a'), ...services.map(s => component(s))],
      });
      const directory = CatalogDirectory.create({
        catalog,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
      });
      const config = readDoraBackendConfig(new ConfigReader({}));
      const scorecards = ScorecardService.create({
        store,
        engine: config.engine,
        directory,
        logger: mockServices.logger.mock(),
        ...options,
      });
      return { knex, store, scorecards };
    }

    it('counts an event posted now in the team rollup immediately, as of now', async () => {
      const { store, scorecards } = await setup(databaseId, ['checkout']);
      await store.insertEvents({
        events: recent('checkout', 3),
        receivedAt: Date.now(),
      });
      // The cache warmer ran: snapshots as of now.
      await scorecards.snapshot({});
      const before = await scorecards.getEntityRollup({
        entityRef: 'group:default/team-a',
      });
      expect(before.services[0].scorecard.deploymentFrequency.deployments).toBe(
        3,
      );
      const postedAt = Date.now();
      await store.insertEvents({
        events: [
          deployment('just-now', new Date(postedAt - 1).toISOString(), {
            service: 'checkout',
          }),
        ],
        receivedAt: postedAt,
      });
      const after = await scorecards.getEntityRollup({
        entityRef: 'group:default/team-a',
      });
      expect(after.services[0].scorecard.deploymentFrequency.deployments).toBe(
        4,
      );
      // "as of" is when it was computed: not the start of the hour.
      expect(Date.parse(after.asOf)).toBeGreaterThanOrEqual(postedAt);
      const fleet = await scorecards.getRollups({ groupBy: 'owner' });
      expect(fleet.fleet.services).toBe(1);
      expect(Date.parse(fleet.asOf)).toBeGreaterThanOrEqual(postedAt);
    });

    it('refuses an asOf beyond the future skew on every entry point, naming the field', async () => {
      const { scorecards } = await setup(databaseId, ['checkout']);
      const asOf = Date.now() + MAX_FUTURE_SKEW_MS + 60_000;
      const calls = [
        () =>
          scorecards.getServiceScorecard({
            entityRef: 'component:default/checkout',
            asOf,
          }),
        () =>
          scorecards.getTimeline({
            entityRef: 'component:default/checkout',
            asOf,
          }),
        () => scorecards.getRollups({ groupBy: 'owner', asOf }),
        () => scorecards.getEntity({ entityRef: 'group:default/team-a', asOf }),
      ];
      for (const call of calls) {
        const error = await call().catch(e => e);
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toMatch(/^asOf: .*future/);
      }
      // Within the skew is fine.
      await expect(
        scorecards.getRollups({ groupBy: 'owner', asOf: Date.now() + 60_000 }),
      ).resolves.toMatchObject({ groupBy: 'owner' });
    });

    it('answers "computing" for a cold non-default window, then the figures', async () => {
      const names = ['a', 'b', 'c', 'd', 'e'];
      const { store, scorecards } = await setup(databaseId, names, {
        inlineLimit: 2,
        maxBackground: 1,
      });
      await store.insertEvents({
        events: names.flatMap(n => recent(n, 2)),
        receivedAt: Date.now(),
      });
      const asOf = Date.now() - 1000;
      const first = await scorecards.getRollups({
        groupBy: 'owner',
        windowDays: 30,
        asOf,
      });
      expect(first).toMatchObject({ computing: true, groups: [] });
      expect(first.retryAfterSeconds).toBeGreaterThan(0);
      // A second key is refused a computation while the cap is reached.
      const other = await scorecards.getRollups({
        groupBy: 'owner',
        windowDays: 31,
        asOf,
      });
      expect(other.computing).toBe(true);
      await scorecards.whenIdle();
      const second = await scorecards.getRollups({
        groupBy: 'owner',
        windowDays: 30,
        asOf,
      });
      expect(second.computing).toBeUndefined();
      expect(second.fleet.services).toBe(5);
      expect(second.asOf).toBe(new Date(asOf).toISOString());
      // A few services are computed inline, without "computing".
      await store.insertEvents({
        events: [
          deployment('one-more', new Date(asOf - DAY).toISOString(), {
            service: 'a',
          }),
        ],
        receivedAt: Date.now(),
      });
      const third = await scorecards.getRollups({
        groupBy: 'owner',
        windowDays: 30,
        asOf,
      });
      expect(third.computing).toBeUndefined();
      expect(third.fleet.services).toBe(5);
    });

    it('reads a service’s events from the window and the look-back only', async () => {
      const { store, scorecards } = await setup(databaseId, ['checkout']);
      const asOf = Date.UTC(2024, 5, 1);
      const from = readEventsFrom(asOf, 90);
      expect(from).toBeLessThanOrEqual(asOf - (182 + LOOK_BACK_DAYS) * DAY);
      await store.insertEvents({
        events: [
          deployment('ancient', new Date(from - DAY).toISOString()),
          deployment('in-window', new Date(asOf - 10 * DAY).toISOString()),
        ],
        receivedAt: 1,
      });
      const calls: Array<
        Parameters<DatabaseDoraStore['listServiceEvents']>[0]
      > = [];
      const list = store.listServiceEvents.bind(store);
      jest.spyOn(store, 'listServiceEvents').mockImplementation(o => {
        calls.push(o);
        return list(o);
      });
      const card = await scorecards.getServiceScorecard({
        entityRef: 'component:default/checkout',
        asOf,
      });
      expect(calls).toEqual([expect.objectContaining({ from, before: asOf })]);
      const timeline = await scorecards.getTimeline({
        entityRef: 'component:default/checkout',
        asOf,
      });
      expect(timeline.deployments.map(d => d.deploymentId)).toEqual([
        'in-window',
      ]);
      expect(card.deploymentFrequency.deployments).toBe(1);
    });
  },
);
