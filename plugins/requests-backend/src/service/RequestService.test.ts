import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '@goldpath/test-utils';
import { RequestStore } from '../database/RequestStore';
import { RequestAudit } from './audit';
import { FulfilmentService } from './FulfilmentService';
import { RequestNotifier } from './notify';
import { RequestService } from './RequestService';

const databases = createTestDatabases();

/** An audit trail whose writes of successes fail (its database went away). */
function failingAudit() {
  const failed: Error[] = [];
  const audit: RequestAudit = {
    async begin() {
      return {
        async success() {
          throw new Error('audit outbox unavailable');
        },
        async fail(error: Error) {
          failed.push(error);
        },
      };
    },
  };
  return { audit, failed };
}

describe.each(databases.eachSupportedId())(
  'RequestService on %p when the audit write fails after the change',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const store = await RequestStore.create({
        database: mockServices.database({ knex }),
      });
      const { audit, failed } = failingAudit();
      const logger = mockServices.logger.mock();
      const notified: string[] = [];
      const service = new RequestService({
        store,
        catalog: catalogServiceMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: { name: 'orders-db', namespace: 'default' },
              spec: { type: 'database', owner: 'group:default/team-data' },
            },
          ],
        }),
        auth: mockServices.auth(),
        permissions: mockServices.permissions(),
        transformConditions: () => ({ key: 'target_owner_ref', values: [] }),
        fulfilment: {
          refusal: () => undefined,
        } as unknown as FulfilmentService,
        notifier: {
          async created(r) {
            notified.push(`created ${r.status}`);
          },
          async changed(r) {
            notified.push(`changed ${r.status}`);
          },
        } as RequestNotifier,
        audit,
        logger,
        allowSelfApproval: false,
      });
      return { store, service, failed, logger, notified };
    }

    it('still answers with the stored request, notifies, and records no failure', async () => {
      const { store, service, failed, logger, notified } = await setup();
      const ada = mockCredentials.user('user:default/ada');
      const created = await service.create(
        {
          kind: 'database-credentials',
          targetRef: 'resource:default/orders-db',
          parameters: { database: 'orders' },
          fulfilment: { type: 'action', id: 'db:credentials:issue' },
        } as Parameters<RequestService['create']>[0],
        ada,
      );
      expect(created).toMatchObject({ status: 'pending' });
      expect((await store.get(created.id))?.status).toBe('pending');

      const cancelled = await service.cancel(created.id, 'not needed', ada);
      expect(cancelled.status).toBe('cancelled');
      expect((await store.get(created.id))?.status).toBe('cancelled');

      expect(notified).toEqual(['created pending', 'changed cancelled']);
      expect(failed).toEqual([]);
      expect(logger.error).toHaveBeenCalledTimes(2);
      expect(logger.error).toHaveBeenCalledWith(
        `Request ${created.id} is stored, but its audit record could not be written`,
        expect.objectContaining({ message: 'audit outbox unavailable' }),
      );
    });
  },
);
