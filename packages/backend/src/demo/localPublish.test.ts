import {
  TestBackend,
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import doraPlugin from '@goldpath/plugin-dora-backend';
import scaffolderModuleGoldpath from '@goldpath/plugin-scaffolder-backend-module-goldpath';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { localFileLocationsModule, localPublishModule } from './localPublish';

/**
 * The example's offline golden path run for real (not a dry run): a template
 * registered in a real catalog, run as a scaffolder task that templates the
 * files, attributes them, publishes them to a folder, registers that folder's
 * catalog-info.yaml and records the scaffold event.
 */
const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: offline-service
  annotations:
    goldpath.dev/template-version: 1.2.0
spec:
  owner: group:default/team-platform
  type: service
  parameters:
    - required: [name]
      properties:
        name: { type: string }
  steps:
    - id: fetch
      name: Fetch
      action: fetch:template
      input:
        url: ./content
        values: { name: '\${{ parameters.name }}' }
    - id: attribution
      name: Attribute
      action: goldpath:attribution:write
    - id: publish
      name: Publish
      action: example:publish:local
      input: { repoName: '\${{ parameters.name }}' }
    - id: register
      name: Register
      action: example:catalog:register-file
      input:
        catalogInfoPath: \${{ steps.publish.output.catalogInfoPath }}
    - id: event
      name: Report
      action: goldpath:event:emit
      input:
        service: \${{ steps.register.output.entityRef }}
        outcome: success
  output:
    entityRef: \${{ steps.register.output.entityRef }}
`;

const CONTENT = `# The service's catalog entry (comments survive the attribution).
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: \${{ values.name }}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-a
`;

async function eventually<T>(fn: () => Promise<T>, timeoutMs = 60_000) {
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

jest.setTimeout(90_000);

describe('example:publish:local and example:catalog:register-file', () => {
  const dir = createMockDirectory({
    content: {
      'templates/offline-service/template.yaml': TEMPLATE,
      'templates/offline-service/content/catalog-info.yaml': CONTENT,
    },
  });
  const publishDir = dir.resolve('published');
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        scaffolderModuleGoldpath,
        localPublishModule,
        localFileLocationsModule,
        doraPlugin,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            catalog: {
              rules: [{ allow: ['Component', 'Template', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: dir.resolve(
                    'templates/offline-service/template.yaml',
                  ),
                },
              ],
            },
            goldpath: { example: { publishDir } },
          },
        }),
      ],
    });
  });

  afterAll(() => backend?.stop());

  const api = () => request(backend.server);
  const user = () => mockCredentials.user.token();

  const run = async (name: string) => {
    const created = await api()
      .post('/api/scaffolder/v2/tasks')
      .auth(user(), { type: 'bearer' })
      .send({
        templateRef: 'template:default/offline-service',
        values: { name },
      });
    expect(created.status).toBe(201);
    return eventually(async () => {
      const res = await api()
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .auth(user(), { type: 'bearer' });
      if (!['completed', 'failed'].includes(res.body.status)) {
        throw new Error(`task is ${res.body.status}`);
      }
      return { id: created.body.id as string, status: res.body.status };
    });
  };

  it('publishes to a folder, registers the component and records the event', async () => {
    await eventually(async () => {
      const res = await api()
        .get('/api/catalog/entities/by-name/template/default/offline-service')
        .auth(user(), { type: 'bearer' });
      expect(res.status).toBe(200);
    });

    const task = await run('ledger-api');
    expect(task.status).toBe('completed');

    const published = fs.readFileSync(
      path.join(publishDir, 'ledger-api', 'catalog-info.yaml'),
      'utf8',
    );
    expect(published).toContain('# The service');
    expect(parse(published).metadata.annotations).toMatchObject({
      'goldpath.dev/scaffolded-from': 'template:default/offline-service',
      'goldpath.dev/template-version': '1.2.0',
      'goldpath.dev/scaffolder-task-id': task.id,
    });

    const entity = await eventually(async () => {
      const res = await api()
        .get('/api/catalog/entities/by-name/component/default/ledger-api')
        .auth(user(), { type: 'bearer' });
      expect(res.status).toBe(200);
      return res.body;
    });
    expect(
      entity.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(`file:${path.join(publishDir, 'ledger-api', 'catalog-info.yaml')}`);

    const attributions = await api()
      .get('/api/dora/scaffold-attributions')
      .auth(mockCredentials.service.token(), { type: 'bearer' });
    expect(attributions.body.entries).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/ledger-api',
        templateRef: 'template:default/offline-service',
        templateVersion: '1.2.0',
        taskId: task.id,
      }),
    ]);
  });

  it('refuses to publish over an existing repository and leaves nothing half-written', async () => {
    const before = fs.readFileSync(
      path.join(publishDir, 'ledger-api', 'catalog-info.yaml'),
      'utf8',
    );
    const task = await run('ledger-api');
    expect(task.status).toBe('failed');
    const log = await api()
      .get(`/api/scaffolder/v2/tasks/${task.id}/events`)
      .auth(user(), { type: 'bearer' });
    expect(JSON.stringify(log.body)).toContain(
      'repoName: ledger-api is already published',
    );
    expect(
      fs.readFileSync(
        path.join(publishDir, 'ledger-api', 'catalog-info.yaml'),
        'utf8',
      ),
    ).toBe(before);
    expect(fs.readdirSync(publishDir)).toEqual(['ledger-api']);
  });
});
