import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { DeliveryEvent, ServiceScorecard } from '@goldpath/plugin-dora-common';
import { createTestDatabases } from '@goldpath/test-utils';
import { deployment, event } from '../__testUtils__/events';
import { DatabaseDoraStore } from './DatabaseDoraStore';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseDoraStore on %s',
  databaseId => {
    async function createStore(id: TestDatabaseId) {
      const knex = await databases.init(id);
      const store = await DatabaseDoraStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('stores events and ignores ids it already has (first write wins)', async () => {
      const { knex, store } = await createStore(databaseId);
      const first = deployment('d1', '2024-05-01T10:00:00Z', { id: 'same' });
      const second = deployment('d2', '2024-05-02T10:00:00Z', { id: 'same' });
      await expect(
        store.insertEvents({ events: [first], receivedAt: 1 }),
      ).resolves.toEqual({ inserted: 1 });
      await expect(
        store.insertEvents({
          events: [second, deployment('d3', '2024-05-03T10:00:00Z')],
          receivedAt: 2,
        }),
      ).resolves.toEqual({ inserted: 1 });
      const rows = await knex('dora_events').orderBy('occurred_at');
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        id: 'same',
        type: 'deployment',
        service_ref: 'component:default/checkout',
        subject_id: 'd1',
      });
      expect(Number(rows[0].occurred_at)).toBe(Date.UTC(2024, 4, 1, 10));
      expect(Number(rows[0].received_at)).toBe(1);
    });

    it('stores a batch all or nothing', async () => {
      const { knex, store } = await createStore(databaseId);
      const events: DeliveryEvent[] = [];
      for (let i = 0; i < 700; i++) {
        events.push(deployment(`d${i}`, '2024-05-01T10:00:00Z'));
      }
      // An event that cannot be stored (no instant) in the second chunk of 500.
      events.push({ ...events[0], id: 'broken', timestamp: 'not a time' });
      // (not toThrow: the driver's error may come from another realm than jest's Error)
      await expect(
        store.insertEvents({ events, receivedAt: 1 }),
      ).rejects.toHaveProperty('message', expect.stringMatching(/null/i));
      const [{ n }] = await knex('dora_events').count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('lists one service’s events before an instant, oldest first, by type', async () => {
      const { store } = await createStore(databaseId);
      await store.insertEvents({
        events: [
          deployment('late', '2024-05-03T00:00:00Z'),
          deployment('early', '2024-05-01T00:00:00Z'),
          event({
            type: 'change',
            commitSha: 'abc1234',
            timestamp: '2024-05-02T00:00:00Z',
          }),
          event({
            type: 'build',
            pipelineId: 7,
            timestamp: '2024-05-02T00:00:00Z',
          }),
          deployment('other', '2024-05-01T00:00:00Z', { service: 'payments' }),
        ],
        receivedAt: 1,
      });
      const all = await store.listServiceEvents({
        service: 'component:default/checkout',
      });
      expect(all).toHaveLength(4);
      expect(all[0]).toMatchObject({ deploymentId: 'early' });
      expect(all[3]).toMatchObject({ deploymentId: 'late' });
      const some = await store.listServiceEvents({
        service: 'component:default/checkout',
        before: Date.UTC(2024, 4, 3),
        types: ['deployment', 'change'],
      });
      expect(some.map(e => e.type)).toEqual(['deployment', 'change']);
      await expect(store.getServiceVersions()).resolves.toEqual(
        new Map([
          ['component:default/checkout', 1],
          ['component:default/payments', 1],
        ]),
      );
    });

    it('bumps a service’s version whenever it gains events, and only then', async () => {
      const { store } = await createStore(databaseId);
      const first = deployment('d1', '2024-05-01T00:00:00Z');
      await store.insertEvents({ events: [first], receivedAt: 1 });
      await store.insertEvents({ events: [first], receivedAt: 2 }); // duplicate only
      const version = async () =>
        (await store.getServiceVersions()).get('component:default/checkout');
      expect(await version()).toBe(1);
      await store.insertEvents({
        events: [deployment('d2', '2024-05-02T00:00:00Z')],
        receivedAt: 3,
      });
      expect(await version()).toBe(2);
    });

    it('stores, replaces and prunes scorecard snapshots', async () => {
      const { store } = await createStore(databaseId);
      const monday = Date.UTC(2024, 4, 6); // a Monday, 00:00 UTC
      const tuesday = monday + 86_400_000;
      const snap = (asOf: number, version: number, score = 5) => ({
        service: 'component:default/checkout',
        windowDays: 90,
        asOf,
        optionsKey: 'k',
        version,
        scorecard: { score } as unknown as ServiceScorecard,
      });
      await store.putSnapshots([snap(monday, 1), snap(tuesday, 1)]);
      await store.putSnapshots([snap(tuesday, 2, 7)]);
      expect(
        await store.getSnapshots({ windowDays: 90, asOf: tuesday }),
      ).toEqual([snap(tuesday, 2, 7)]);
      expect(
        await store.getSnapshots({
          windowDays: 90,
          asOf: tuesday,
          services: ['component:default/other'],
        }),
      ).toEqual([]);
      // Everything before Wednesday goes, except the weekly (Monday) snapshot.
      await expect(
        store.pruneSnapshots({
          before: tuesday + 86_400_000,
          keepWeeklyAfter: 0,
        }),
      ).resolves.toBe(1);
      expect(
        await store.getSnapshots({ windowDays: 90, asOf: monday }),
      ).toHaveLength(1);
      // Weekly snapshots older than keepWeeklyAfter go too.
      await expect(
        store.pruneSnapshots({ before: tuesday, keepWeeklyAfter: tuesday }),
      ).resolves.toBe(1);
    });

    it('keeps unresolved events per identity, and forgets them on request', async () => {
      const { store } = await createStore(databaseId);
      const pending = (id: string, value: string, receivedAt: number) => ({
        id,
        source: 'github',
        identity: {
          annotation: 'github.com/project-slug',
          value,
          fallbackName: value.split('/')[1],
        },
        event: {
          id,
          type: 'deployment',
          timestamp: '2024-05-01T00:00:00.000Z',
        },
        occurredAt: Date.UTC(2024, 4, 1),
        receivedAt,
      });
      await expect(
        store.insertUnresolved([
          pending('u1', 'Acme/Payments', 10),
          pending('u2', 'acme/payments', 20),
          pending('u3', 'acme/other', 30),
        ]),
      ).resolves.toEqual({ inserted: 3 });
      await expect(
        store.insertUnresolved([pending('u1', 'acme/payments', 40)]),
      ).resolves.toEqual({ inserted: 0 });
      // An event already stored for its service is not kept again.
      await store.insertEvents({
        events: [deployment('d9', '2024-05-01T00:00:00Z', { id: 'u9' })],
        receivedAt: 5,
      });
      await expect(
        store.insertUnresolved([
          pending('u9', 'acme/payments', 45),
          pending('u4', 'acme/other', 46),
        ]),
      ).resolves.toEqual({ inserted: 1 });
      await expect(store.deleteUnresolved(['u4'])).resolves.toBe(1);
      expect(await store.listUnresolvedIdentities()).toEqual([
        expect.objectContaining({ value: 'acme/other', events: 1 }),
        {
          annotation: 'github.com/project-slug',
          value: 'acme/payments',
          fallbackName: 'Payments',
          sources: ['github'],
          events: 2,
          firstReceivedAt: 10,
          lastReceivedAt: 20,
        },
      ]);
      const events = await store.getUnresolved({
        annotation: 'github.com/project-slug',
        value: 'ACME/payments',
      });
      expect(events.map(e => e.id)).toEqual(['u1', 'u2']);
      expect(events[0].event).toEqual({
        id: 'u1',
        type: 'deployment',
        timestamp: '2024-05-01T00:00:00.000Z',
      });
      await expect(store.deleteUnresolved(['u1', 'u2'])).resolves.toBe(2);
      await expect(store.purge({ unresolvedBefore: 31 })).resolves.toEqual({
        events: 0,
        unresolved: 1,
      });
      expect(await store.listUnresolvedIdentities()).toEqual([]);
    });

    it('purges old events, bumping versions, and forgets opted-out services', async () => {
      const { knex, store } = await createStore(databaseId);
      await store.insertEvents({
        events: [
          deployment('old', '2023-01-01T00:00:00Z'),
          deployment('new', '2024-05-01T00:00:00Z'),
          deployment('p1', '2024-05-01T00:00:00Z', { service: 'payments' }),
        ],
        receivedAt: 1,
      });
      await expect(
        store.purge({ eventsBefore: Date.UTC(2024, 0, 1) }),
      ).resolves.toEqual({ events: 1, unresolved: 0 });
      expect(
        (await store.getServiceVersions()).get('component:default/checkout'),
      ).toBe(2);
      await expect(
        store.deleteServices(['component:default/payments']),
      ).resolves.toBe(1);
      expect([...(await store.getServiceVersions()).keys()]).toEqual([
        'component:default/checkout',
      ]);
      const [{ n }] = await knex('dora_events').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });

    it('finds the change a packaged artifact was built from', async () => {
      const { store } = await createStore(databaseId);
      await store.insertEvents({
        events: [
          event({
            type: 'build',
            pipelineId: 'pkg:oci/app@sha256%3Aabc',
            outcome: 'success',
            timestamp: '2024-05-01T00:00:00Z',
            attributes: {
              artifactId: 'pkg:oci/app@sha256%3Aabc',
              changeId: 'c0ffee1',
            },
          }),
        ],
        receivedAt: 1,
      });
      await expect(
        store.findArtifactChange('pkg:oci/app@sha256%3Aabc'),
      ).resolves.toBe('c0ffee1');
      await expect(
        store.findArtifactChange('pkg:oci/other'),
      ).resolves.toBeUndefined();
    });
  },
);
