import {
  SchedulerService,
  ServiceFactory,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  TestDatabaseId,
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  EntityProviderConnection,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import request from 'supertest';
import { createTestDatabases } from '@goldpath/test-utils';
import { fixedSources } from './__testUtils__/services';
import catalogModuleGoldpath from './index';

jest.setTimeout(180_000);

const PROVIDER_LOCATION =
  'url:https://git.example.com/acme/catalog/blob/main/catalog-info.yaml';

/** Feeds entities to the catalog the way an entity provider does. */
function testProvider() {
  let connection: EntityProviderConnection | undefined;
  const entities = new Map<string, Entity>();
  const module = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'goldpath-test-provider',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => 'goldpath-test-provider',
            connect: async c => {
              connection = c;
            },
          });
        },
      });
    },
  });
  return {
    module,
    /** Adds or replaces entities, then applies the whole set (a full mutation). */
    async set(...list: Entity[]) {
      for (const e of list) {
        entities.set(stringifyEntityRef(e), {
          ...e,
          metadata: {
            ...e.metadata,
            annotations: {
              ...e.metadata.annotations,
              'backstage.io/managed-by-location': PROVIDER_LOCATION,
              'backstage.io/managed-by-origin-location': PROVIDER_LOCATION,
            },
          },
        });
      }
      await connection!.applyMutation({
        type: 'full',
        entities: [...entities.values()].map(entity => ({
          entity,
          locationKey: 'goldpath-test-provider',
        })),
      });
    },
  };
}

const component = (
  name: string,
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-a',
    ...spec,
  },
});

const resource = (name: string, contract?: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name },
  spec: {
    type: 'terraform-module',
    owner: 'group:default/team-platform',
    ...(contract && { contract }),
  },
});

const template = (name: string, contract?: object): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name },
  spec: {
    type: 'service',
    owner: 'group:default/team-platform',
    steps: [],
    ...(contract && { contract }),
  },
});

const VPC_V3 = {
  version: '3.0.0',
  constraints: { regions: ['eu-west-1', 'eu-central-1'] },
  compatibility: [{ version: '3.0.0', compatibleWith: ['^2.1.0'] }],
  cost: { bucket: 'medium', monthlyEstimate: { amount: 120, currency: 'EUR' } },
};

const consumer = (
  name: string,
  builtAgainst: string,
  region: string,
  extra: Record<string, string> = {},
) =>
  component(
    name,
    {
      'goldpath.dev/built-against': builtAgainst,
      'goldpath.dev/region': region,
      ...extra,
    },
    { dependsOn: ['resource:default/vpc-module'] },
  );

const FILE_ENTITY = (
  annotations: Record<string, string>,
) => `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: escaper
  annotations: ${JSON.stringify(annotations)}
spec: { type: terraform-module, owner: group:default/team-platform }
`;

async function eventually<T>(
  fn: () => Promise<T>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise(r => setTimeout(r, 250));
    }
  }
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'the module in a real catalog on %s',
  (databaseId: TestDatabaseId) => {
    const dir = createMockDirectory({
      content: {
        'blocks/subnet/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: subnet-module
  annotations:
    goldpath.dev/contract: ./contract.yaml
spec: { type: terraform-module, owner: group:default/team-platform }
`,
        'blocks/subnet/contract.yaml':
          'version: 1.4.0\nconstraints:\n  regions: [eu-west-1]\ncost:\n  bucket: low\n',
        'escape/inner/catalog-info.yaml': FILE_ENTITY({}),
        'escape/outside.yaml': 'version: 1.0.0\n',
      },
    });
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
    };
    const sources = fixedSources();
    const provider = testProvider();
    let backend: TestBackend;

    const entity = async (ref: string) => {
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      const res = await request(backend.server).get(
        `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      );
      expect(res.status).toBe(200);
      return res.body as Entity & { status?: { items?: any[] } };
    };
    const relationsOf = async (ref: string, type: string) =>
      (await entity(ref)).relations
        ?.filter(r => r.type === type)
        .map(r => r.targetRef)
        .sort();

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          catalogPlugin,
          scaffolderEntityModel,
          catalogModuleGoldpath,
          provider.module,
          // Fixed answers for the dora and policy service refs (see fixedSources).
          ...sources.factories,
          mockServices.database.factory({ knex }),
          scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [
                  { allow: ['Component', 'Resource', 'Template', 'Location'] },
                ],
                locations: [
                  {
                    type: 'file',
                    target: dir.resolve('blocks/subnet/catalog-info.yaml'),
                  },
                  {
                    type: 'file',
                    target: dir.resolve('escape/inner/catalog-info.yaml'),
                  },
                ],
                // Long: anything reprocessed in these tests was asked for.
                processingInterval: { minutes: 10 },
              },
            },
          }),
        ],
      });
      await provider.set(
        resource('vpc-module', VPC_V3),
        resource('pg-module', {
          version: '1.0.0',
          inputs: [{ name: 'storage_gb', type: 'integer' }],
        }),
        consumer('checkout', 'vpc-module@2.0.0', 'us-east-1'),
        consumer('ledger', 'vpc-module@2.4.0', 'eu-west-1'),
        component('from-goldpath', {
          'goldpath.dev/scaffolded-from': 'template:default/node-service',
          'goldpath.dev/template-version': '1.4.0',
          'goldpath.dev/scaffolded-at': '2026-03-01T09:00:00Z',
          // Author-written computed values, to be dropped.
          'goldpath.dev/policy-status': 'pass',
          'goldpath.dev/attribution-source': 'scaffold-event',
        }),
        component('from-source-template', {
          'backstage.io/source-template': 'template:default/java-service',
        }),
        component('from-event'),
        template('node-service', {
          version: '1.4.0',
          inputs: [{ name: 'name', type: 'string', required: true }],
        }),
        template('java-service'),
        template('python-service'),
      );
      await eventually(async () => {
        for (const ref of [
          'resource:default/vpc-module',
          'resource:default/pg-module',
          'resource:default/subnet-module',
          'resource:default/escaper',
          'component:default/checkout',
          'component:default/ledger',
          'component:default/from-goldpath',
          'component:default/from-source-template',
          'component:default/from-event',
          'template:default/node-service',
          'template:default/java-service',
          'template:default/python-service',
        ]) {
          await entity(ref);
        }
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('writes a valid inline contract to spec.contract with the computed annotations', async () => {
      const vpc = await entity('resource:default/vpc-module');
      expect(vpc.spec?.contract).toEqual({
        ...VPC_V3,
        inputs: [],
        outputs: [],
      });
      expect(vpc.metadata.annotations).toMatchObject({
        'goldpath.dev/contract-version': '3.0.0',
        'goldpath.dev/regions': 'eu-west-1,eu-central-1',
        'goldpath.dev/cost-bucket': 'medium',
      });
      const filtered = await request(backend.server).get(
        '/api/catalog/entities/by-query?filter=metadata.annotations.goldpath.dev/cost-bucket=medium',
      );
      expect(filtered.body.items.map((e: Entity) => e.metadata.name)).toEqual([
        'vpc-module',
      ]);
    });

    it('reads a contract file next to a file-location entity', async () => {
      const subnet = await entity('resource:default/subnet-module');
      expect(subnet.metadata.annotations).toMatchObject({
        'goldpath.dev/contract': './contract.yaml',
        'goldpath.dev/contract-version': '1.4.0',
        'goldpath.dev/regions': 'eu-west-1',
        'goldpath.dev/cost-bucket': 'low',
      });
      expect(subnet.spec?.contract).toEqual({
        version: '1.4.0',
        inputs: [],
        outputs: [],
        constraints: { regions: ['eu-west-1'] },
        cost: { bucket: 'low' },
      });
    });

    it('accepts spec.contract on a Template (its schema allows unknown spec fields)', async () => {
      const t = await entity('template:default/node-service');
      expect(t.metadata.annotations?.['goldpath.dev/contract-version']).toBe(
        '1.4.0',
      );
      expect(t.spec?.contract).toEqual({
        version: '1.4.0',
        inputs: [{ name: 'name', type: 'string', required: true }],
        outputs: [],
      });
    });

    it('annotates consumers with version and region mismatches; the block lists them through dependencyOf', async () => {
      // Before the block map is loaded, nothing is known about the blocks.
      expect(
        (await entity('component:default/ledger')).metadata.annotations?.[
          'goldpath.dev/compatibility'
        ],
      ).toBe('unknown');
      await scheduler.triggerTask('goldpath-catalog-contracts');
      await eventually(async () => {
        const checkout = await entity('component:default/checkout');
        expect(
          checkout.metadata.annotations?.['goldpath.dev/compatibility'],
        ).toBe('mismatch');
        expect(
          JSON.parse(
            checkout.metadata.annotations!['goldpath.dev/compatibility-issues'],
          ),
        ).toEqual([
          {
            block: 'resource:default/vpc-module',
            kind: 'version',
            message:
              'built against 2.0.0, but resource:default/vpc-module is at contract 3.0.0, and no compatibility row for 3.0.0 accepts 2.0.0',
          },
          {
            block: 'resource:default/vpc-module',
            kind: 'region',
            message:
              'runs in us-east-1, but resource:default/vpc-module supports only eu-west-1, eu-central-1',
          },
        ]);
        const ledger = await entity('component:default/ledger');
        expect(
          ledger.metadata.annotations?.['goldpath.dev/compatibility'],
        ).toBe('ok');
        expect(
          ledger.metadata.annotations?.['goldpath.dev/compatibility-issues'],
        ).toBeUndefined();
      });
      expect(
        await relationsOf('resource:default/vpc-module', 'dependencyOf'),
      ).toEqual(['component:default/checkout', 'component:default/ledger']);
    });

    it("reprocesses a block's consumers when its contract changes, through their refresh keys", async () => {
      await provider.set(
        resource('vpc-module', {
          ...VPC_V3,
          version: '4.0.0',
          compatibility: undefined,
        }),
      );
      await eventually(async () => {
        const vpc = await entity('resource:default/vpc-module');
        expect(
          vpc.metadata.annotations?.['goldpath.dev/contract-version'],
        ).toBe('4.0.0');
      });
      expect(
        (await entity('component:default/ledger')).metadata.annotations?.[
          'goldpath.dev/compatibility'
        ],
      ).toBe('ok');
      await scheduler.triggerTask('goldpath-catalog-contracts');
      await eventually(async () => {
        const ledger = await entity('component:default/ledger');
        expect(
          ledger.metadata.annotations?.['goldpath.dev/compatibility'],
        ).toBe('mismatch');
        expect(
          JSON.parse(
            ledger.metadata.annotations!['goldpath.dev/compatibility-issues'],
          ),
        ).toEqual([
          {
            block: 'resource:default/vpc-module',
            kind: 'version',
            message:
              'built against 2.4.0, but resource:default/vpc-module is at contract 4.0.0, and no compatibility row for 4.0.0 accepts 2.4.0',
          },
        ]);
      });
    });

    it('keeps a block that turns invalid at its last good state, with an error naming the field; others keep processing', async () => {
      await provider.set(
        resource('pg-module', {
          version: '1.1.0',
          inputs: [{ name: 'storage_gb', type: 'text' }],
        }),
        component('newcomer'),
      );
      await eventually(async () => {
        const pg = await entity('resource:default/pg-module');
        const items = pg.status?.items ?? [];
        expect(items).toEqual([
          expect.objectContaining({
            type: 'backstage.io/catalog-processing',
            level: 'error',
            error: expect.objectContaining({
              name: 'InputError',
              message:
                'spec.contract.inputs[0].type: expected one of string|number|integer|boolean|array|object|map|secret',
            }),
          }),
        ]);
        expect(pg.metadata.annotations?.['goldpath.dev/contract-version']).toBe(
          '1.0.0',
        );
      });
      await eventually(() => entity('component:default/newcomer'));
    });

    it("refuses a contract path that leaves the entity's folder", async () => {
      dir.addContent({
        'escape/inner/catalog-info.yaml': FILE_ENTITY({
          'goldpath.dev/contract': '../outside.yaml',
        }),
      });
      const refreshed = await request(backend.server)
        .post('/api/catalog/refresh')
        .send({ entityRef: 'resource:default/escaper' });
      expect(refreshed.status).toBe(200);
      await eventually(async () => {
        const escaper = await entity('resource:default/escaper');
        expect(escaper.status?.items).toEqual([
          expect.objectContaining({
            type: 'backstage.io/catalog-processing',
            error: expect.objectContaining({
              name: 'InputError',
              message: `goldpath.dev/contract: ../outside.yaml is outside the folder of the entity's catalog file (${dir.resolve(
                'escape/inner',
              )})`,
            }),
          }),
        ]);
        expect(escaper.spec?.contract).toBeUndefined();
      });
    });

    it('attributes from each source, with scaffoldedFrom and scaffolderOf visible on both sides', async () => {
      sources.scaffolded({
        entityRef: 'component:default/from-event',
        templateRef: 'template:default/python-service',
        templateVersion: '0.9.0',
        scaffoldedAt: '2026-02-01T09:00:00.000Z',
        taskId: 'task-1',
      });
      await scheduler.triggerTask('goldpath-catalog-scaffold-events');
      await eventually(async () => {
        const fromEvent = await entity('component:default/from-event');
        expect(fromEvent.metadata.annotations).toMatchObject({
          'goldpath.dev/attribution-template':
            'template:default/python-service',
          'goldpath.dev/attribution-version': '0.9.0',
          'goldpath.dev/attribution-at': '2026-02-01T09:00:00.000Z',
          'goldpath.dev/attribution-source': 'scaffold-event',
        });
        expect(
          await relationsOf('template:default/python-service', 'scaffolderOf'),
        ).toEqual(['component:default/from-event']);
      });
      expect(
        await relationsOf('component:default/from-event', 'scaffoldedFrom'),
      ).toEqual(['template:default/python-service']);

      const fromGoldpath = await entity('component:default/from-goldpath');
      expect(fromGoldpath.metadata.annotations).toMatchObject({
        'goldpath.dev/attribution-template': 'template:default/node-service',
        'goldpath.dev/attribution-version': '1.4.0',
        'goldpath.dev/attribution-at': '2026-03-01T09:00:00.000Z',
        'goldpath.dev/attribution-source': 'goldpath',
      });
      expect(
        await relationsOf('component:default/from-goldpath', 'scaffoldedFrom'),
      ).toEqual(['template:default/node-service']);
      expect(
        await relationsOf('template:default/node-service', 'scaffolderOf'),
      ).toEqual(['component:default/from-goldpath']);

      const fromSource = await entity('component:default/from-source-template');
      expect(fromSource.metadata.annotations).toMatchObject({
        'goldpath.dev/attribution-template': 'template:default/java-service',
        'goldpath.dev/attribution-source': 'source-template',
      });
      expect(
        fromSource.metadata.annotations?.['goldpath.dev/attribution-version'],
      ).toBeUndefined();
      expect(
        await relationsOf(
          'component:default/from-source-template',
          'scaffoldedFrom',
        ),
      ).toEqual(['template:default/java-service']);
      expect(
        await relationsOf('template:default/java-service', 'scaffolderOf'),
      ).toEqual(['component:default/from-source-template']);
    });

    it('writes policy annotations from the summary; the catalog filters on them', async () => {
      sources.audited({
        entityRef: 'component:default/checkout',
        status: 'fail',
        violationsBySeverity: {
          critical: 1,
          high: 2,
          medium: 0,
          low: 0,
          info: 0,
          unknown: 0,
        },
        excepted: 1,
        lastAudit: '2026-03-02T10:00:00.000Z',
        updatedAt: '2026-03-02T10:00:01.000Z',
      });
      sources.audited({
        entityRef: 'component:default/ledger',
        status: 'pass',
        violationsBySeverity: {
          critical: 0,
          high: 0,
          medium: 0,
          low: 0,
          info: 0,
          unknown: 0,
        },
        excepted: 0,
        lastAudit: '2026-03-02T10:00:00.000Z',
        updatedAt: '2026-03-02T10:00:01.000Z',
      });
      await scheduler.triggerTask('goldpath-catalog-policy-summary');
      await eventually(async () => {
        const checkout = await entity('component:default/checkout');
        expect(checkout.metadata.annotations).toMatchObject({
          'goldpath.dev/policy-status': 'fail',
          'goldpath.dev/policy-violations':
            'critical:1,high:2,medium:0,low:0,info:0,unknown:0',
          'goldpath.dev/policy-last-audit': '2026-03-02T10:00:00.000Z',
          'goldpath.dev/policy-excepted': '1',
        });
        expect(
          (await entity('component:default/ledger')).metadata.annotations?.[
            'goldpath.dev/policy-status'
          ],
        ).toBe('pass');
      });
      const failing = await request(backend.server).get(
        '/api/catalog/entities/by-query?filter=metadata.annotations.goldpath.dev/policy-status=fail',
      );
      expect(failing.status).toBe(200);
      expect(
        failing.body.items.map((e: Entity) => stringifyEntityRef(e)),
      ).toEqual(['component:default/checkout']);

      // No report: no status, and the author's own "pass" is gone.
      const fromGoldpath = await entity('component:default/from-goldpath');
      expect(
        fromGoldpath.metadata.annotations?.['goldpath.dev/policy-status'],
      ).toBeUndefined();
      expect(
        fromGoldpath.metadata.annotations?.['goldpath.dev/attribution-source'],
      ).toBe('goldpath');
    });

    it('keeps policy annotations while the policy plugin is down, and drops them when the report goes', async () => {
      sources.setPolicyDown(true);
      await scheduler.triggerTask('goldpath-catalog-policy-summary');
      await provider.set(
        consumer('checkout', 'vpc-module@2.0.0', 'us-east-1', {
          'example.com/touched': 'yes',
        }),
      );
      await eventually(async () => {
        const checkout = await entity('component:default/checkout');
        expect(checkout.metadata.annotations?.['example.com/touched']).toBe(
          'yes',
        );
        expect(
          checkout.metadata.annotations?.['goldpath.dev/policy-status'],
        ).toBe('fail');
      });

      sources.setPolicyDown(false);
      sources.pruned('component:default/checkout');
      await scheduler.triggerTask('goldpath-catalog-policy-summary');
      await eventually(async () => {
        const checkout = await entity('component:default/checkout');
        expect(
          checkout.metadata.annotations?.['goldpath.dev/policy-status'],
        ).toBeUndefined();
        expect(
          checkout.metadata.annotations?.['goldpath.dev/policy-violations'],
        ).toBeUndefined();
      });
      const failing = await request(backend.server).get(
        '/api/catalog/entities/by-query?filter=metadata.annotations.goldpath.dev/policy-status=fail',
      );
      expect(failing.body.items).toEqual([]);
    });
  },
);
