/*
 * EXAMPLE ONLY: shows what an invalid building-block contract looks like in
 * the catalog. Not part of any Goldpath package.
 *
 * The catalog keeps the last valid version of an entity and shows the
 * processing error of the newer one on its page (an entity that was never
 * valid does not appear at all). So this provider first offers a valid
 * `resource:default/legacy-queue-module`, waits until the catalog has it, and
 * then offers a version whose contract breaks the schema. Its page then shows
 * the error, naming the field paths.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  EntityProvider,
  EntityProviderConnection,
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';

const LOCATION = 'goldpath-example:contract-error-demo';
const ENTITY_REF = 'resource:default/legacy-queue-module';

function queueModule(contract: JsonObject): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'legacy-queue-module',
      title: 'Legacy queue module (invalid contract demo)',
      description:
        'Example only: its second version has a contract that breaks the schema, so the catalog shows a processing error and keeps the last valid version.',
      annotations: {
        'backstage.io/managed-by-location': LOCATION,
        'backstage.io/managed-by-origin-location': LOCATION,
      },
      tags: ['building-block'],
    },
    spec: {
      type: 'terraform-module',
      owner: 'team-platform',
      system: 'platform',
      contract,
    },
  };
}

const validContract = {
  version: '0.9.0',
  inputs: [
    { name: 'queue_name', type: 'string', required: true },
    { name: 'retention_hours', type: 'integer', default: 24 },
  ],
  outputs: [{ name: 'queue_url', type: 'string' }],
  cost: { bucket: 'low' },
};

const invalidContract = {
  version: '1.0',
  inputs: [
    { name: 'queue_name', type: 'string', required: true },
    { name: 'retention_hours', type: 'int', default: 24 },
  ],
  outputs: [{ name: 'queue_url', type: 'string' }],
  cost: { bucket: 'cheap' },
};

class ContractErrorDemoProvider implements EntityProvider {
  constructor(private readonly whenValidIsStored: () => Promise<void>) {}

  getProviderName() {
    return 'goldpath-example-contract-error-demo';
  }

  async connect(connection: EntityProviderConnection) {
    const apply = (contract: JsonObject) =>
      connection.applyMutation({
        type: 'full',
        entities: [{ entity: queueModule(contract), locationKey: LOCATION }],
      });
    await apply(validContract);
    this.whenValidIsStored().then(
      () => apply(invalidContract),
      () => undefined,
    );
  }
}

export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'goldpath-example-contract-error-demo',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, catalog, auth, lifecycle, processing }) {
        if (!config.getOptionalBoolean('goldpath.demo.enabled')) {
          return;
        }
        let stopped = false;
        lifecycle.addShutdownHook(() => {
          stopped = true;
        });
        const whenValidIsStored = async () => {
          for (let attempt = 0; attempt < 120 && !stopped; attempt++) {
            await new Promise(resolve => setTimeout(resolve, 2_000));
            try {
              const entity = await catalog.getEntityByRef(ENTITY_REF, {
                credentials: await auth.getOwnServiceCredentials(),
              });
              if (entity) return;
            } catch {
              // the catalog is still starting
            }
          }
          throw new Error('gave up');
        };
        processing.addEntityProvider(
          new ContractErrorDemoProvider(whenValidIsStored),
        );
      },
    });
  },
});
