import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@goldpath/test-utils';
import { deployment, event } from '../__testUtils__/events';
import { DatabaseDoraStore } from './DatabaseDoraStore';

const databases = createTestDatabases();

const scaffold = (id: string, timestamp: string, service = 'checkout') =>
  event({
    id,
    type: 'scaffold',
    template: 'service',
    outcome: 'success',
    service,
    timestamp,
  });

describe.each(databases.eachSupportedId())(
  'DatabaseDoraStore adoption reads on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDoraStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('lists the scaffold events of a window only, oldest first', async () => {
      const { store } = await createStore();
      await store.insertEvents({
        events: [
          scaffold('s-late', '2024-05-01T00:00:00Z'), // at `to`: excluded
          scaffold('s-b', '2024-04-10T00:00:00Z', 'payments'),
          scaffold('s-a', '2024-04-10T00:00:00Z'),
          scaffold('s-first', '2024-04-01T00:00:00Z'), // at `from`: included
          scaffold('s-early', '2024-03-31T23:59:59Z'),
          deployment('d1', '2024-04-15T00:00:00Z'),
        ],
        receivedAt: 1,
      });
      const events = await store.listScaffoldEventsBetween({
        from: Date.UTC(2024, 3, 1),
        to: Date.UTC(2024, 4, 1),
      });
      expect(events.map(e => e.id)).toEqual(['s-first', 's-a', 's-b']);
      expect(events[0]).toMatchObject({
        type: 'scaffold',
        template: 'template:default/service',
        service: 'component:default/checkout',
      });
    });

    it('lists services whose newest event before asOf is recent enough', async () => {
      const { store } = await createStore();
      await store.insertEvents({
        events: [
          // newest before asOf is at `since`: active
          deployment('a1', '2024-03-01T00:00:00Z', { service: 'a' }),
          deployment('a2', '2024-04-01T00:00:00Z', { service: 'a' }),
          // old only: not active
          deployment('b1', '2024-03-31T23:59:59Z', { service: 'b' }),
          // only after asOf: not active at asOf
          deployment('c1', '2024-05-01T00:00:00Z', { service: 'c' }),
          // any type counts
          event({
            type: 'incident',
            incidentId: 'i1',
            service: 'd',
            timestamp: '2024-04-20T00:00:00Z',
          }),
          // a ticket without a service is no service
          event({
            type: 'ticket',
            ticketId: 't1',
            status: 'opened',
            service: undefined,
            timestamp: '2024-04-20T00:00:00Z',
          }),
        ],
        receivedAt: 1,
      });
      await expect(
        store.listActiveServices({
          since: Date.UTC(2024, 3, 1),
          before: Date.UTC(2024, 4, 1),
        }),
      ).resolves.toEqual(['component:default/a', 'component:default/d']);
    });
  },
);
