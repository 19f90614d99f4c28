import {
  SchedulerService,
  ServiceFactory,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// A test dependency only: the real requests backend stores the request.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import requestsPlugin from '@goldpath/plugin-requests-backend';
import { requestsFulfilmentExtensionPoint } from '@goldpath/plugin-requests-node';
// A test dependency only: the real audit backend stores the audit records.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import auditPlugin from '@goldpath/plugin-audit-backend';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import {
  auditTrailProbe,
  auditorEventsOf,
  storedAuditRecords,
} from '@goldpath/test-utils';
import scaffolderModuleGoldpath from '../index';

/** The example's files, read where they are (repository root). */
const EXAMPLES = resolve(__dirname, '../../../../examples');
const readDocs = (path: string): Entity[] =>
  parseAllDocuments(readFileSync(resolve(EXAMPLES, path), 'utf8'))
    .map(d => d.toJS() as Entity)
    .filter(Boolean);
const exampleTemplates = [
  ...readDocs('templates/request-database-credentials/template.yaml'),
  ...readDocs('templates/request-database-credentials/fulfilment.yaml'),
];
const postgres = readDocs('building-blocks/blocks.yaml').find(
  e => e.metadata.name === 'postgres-composition',
)!;

const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'request-db-test', namespace: 'default' },
  spec: {
    owner: 'group:default/platform',
    type: 'request',
    parameters: [
      {
        type: 'object',
        required: ['database', 'access'],
        properties: {
          database: { type: 'string' },
          access: { type: 'string', enum: ['read-only', 'read-write'] },
        },
      },
    ],
    steps: [
      {
        id: 'request',
        name: 'Request database credentials',
        action: 'goldpath:request:create',
        input: {
          kind: 'database-credentials',
          target: '${{ parameters.database }}',
          parameters: { access: '${{ parameters.access }}' },
          fulfilment: { type: 'action', id: 'db:credentials:issue' },
        },
      },
    ],
    output: {
      links: [
        {
          title: 'Your request',
          url: '${{ steps.request.output.requestUrl }}',
        },
      ],
      requestId: '${{ steps.request.output.requestId }}',
    },
  },
};

const ordersDb: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: {
    type: 'database',
    owner: 'group:default/team-data',
    contract: {
      version: '1.0.0',
      cost: { bucket: 'low', monthlyEstimate: { amount: 25, currency: 'EUR' } },
    },
  },
};

/** The fulfilment action the template names (requests refuses unknown ones). */
const credentialsAction = createBackendModule({
  pluginId: 'requests',
  moduleId: 'test-credentials',
  register(env) {
    env.registerInit({
      deps: { fulfilment: requestsFulfilmentExtensionPoint },
      async init({ fulfilment }) {
        fulfilment.addFulfilmentAction({
          id: 'db:credentials:issue',
          async handler() {
            return { output: {} };
          },
        });
      },
    });
  },
});

describe('goldpath:request:create with the scaffolder and requests backends', () => {
  let backend: TestBackend;
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };

  const auditor = mockServices.auditor.mock();
  const scaffolderTrail = auditTrailProbe('scaffolder');
  const requestsTrail = auditTrailProbe('requests');

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleGoldpath,
        scaffolderTrail.module,
        requestsPlugin,
        credentialsAction,
        requestsTrail.module,
        auditPlugin,
        auditor.factory,
        catalogServiceMock.factory({
          entities: [template, ordersDb, ...exampleTemplates, postgres],
        }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'https://portal.example.com' },
            backend: { baseUrl: 'http://localhost:7007' },
            goldpath: { requests: { fulfilment: { pollInterval: '1s' } } },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const api = () => request(backend.server);
  const ADA = mockCredentials.user.token('user:default/ada');

  it('reads the cost in a dry run and creates no request', async () => {
    const res = await api()
      .post('/api/scaffolder/v2/dry-run')
      .auth(ADA, { type: 'bearer' })
      .send({
        template,
        values: { database: 'resource:default/orders-db', access: 'read-only' },
        directoryContents: [],
      });
    expect(res.status).toBe(200);
    expect(res.body.output.requestId).toBe('');
    const mine = await api()
      .get('/api/requests/requests?view=mine')
      .auth(ADA, { type: 'bearer' });
    expect(mine.body.items).toEqual([]);
  });

  it('creates the request for the template’s user, with the cost, and outputs its URL', async () => {
    const created = await api()
      .post('/api/scaffolder/v2/tasks')
      .auth(ADA, { type: 'bearer' })
      .send({
        templateRef: 'template:default/request-db-test',
        values: { database: 'resource:default/orders-db', access: 'read-only' },
      });
    expect(created.status).toBe(201);
    const taskId = created.body.id;
    let task: any;
    for (let i = 0; i < 150; i++) {
      task = (
        await api()
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .auth(ADA, { type: 'bearer' })
      ).body;
      if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
      await new Promise(r => setTimeout(r, 200));
    }
    expect(task.status).toBe('completed');

    const mine = await api()
      .get('/api/requests/requests?view=mine')
      .auth(ADA, { type: 'bearer' });
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        kind: 'database-credentials',
        requester: 'user:default/ada',
        targetRef: 'resource:default/orders-db',
        targetOwnerRef: 'group:default/team-data',
        parameters: { access: 'read-only' },
        cost: {
          amount: 25,
          currency: 'EUR',
          period: 'month',
          bucket: 'low',
          sourceRef: 'resource:default/orders-db',
        },
        status: 'pending',
      }),
    ]);
    const id = mine.body.items[0].id;
    const events = await api()
      .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
      .auth(ADA, { type: 'bearer' });
    const completion = (events.body as any[]).find(
      e => e.type === 'completion',
    );
    expect(completion.body.output).toMatchObject({
      requestId: id,
      links: [
        {
          title: 'Your request',
          url: `https://portal.example.com/requests/${id}`,
        },
      ],
    });

    // On the audit trail: the scaffolder's step (correlated by the task)
    // and the request it created (correlated by the request id), both by ada.
    await scaffolderTrail.flush();
    await requestsTrail.flush();
    const [step] = await storedAuditRecords(backend.server, {
      correlationId: taskId,
    });
    expect(step).toMatchObject({
      id: `scaffolder.request.create:${taskId}:${id}`,
      actor: { type: 'user', ref: 'user:default/ada' },
      action: 'scaffolder.request.create',
      targetEntityRef: 'resource:default/orders-db',
      outcome: 'succeeded',
      plugin: 'scaffolder',
      meta: { kind: 'database-credentials', requestId: id, status: 'pending' },
    });
    const [createdRecord] = await storedAuditRecords(backend.server, {
      correlationId: id,
    });
    expect(createdRecord).toMatchObject({
      actor: { type: 'user', ref: 'user:default/ada' },
      action: 'requests.request.created',
      targetEntityRef: 'resource:default/orders-db',
      outcome: 'succeeded',
      plugin: 'requests',
    });
    expect(await auditorEventsOf(auditor)).toContainEqual(
      expect.objectContaining({
        eventId: 'scaffolder-request-create',
        status: 'succeeded',
        meta: expect.objectContaining({ auditRecordId: step.id }),
      }),
    );
  });

  const runTask = async (
    token: string,
    templateRef: string,
    values: object,
  ) => {
    const created = await api()
      .post('/api/scaffolder/v2/tasks')
      .auth(token, { type: 'bearer' })
      .send({ templateRef, values });
    expect(created.status).toBe(201);
    for (let i = 0; i < 150; i++) {
      const task = (
        await api()
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .auth(token, { type: 'bearer' })
      ).body;
      if (['completed', 'failed', 'cancelled'].includes(task.status)) {
        return task;
      }
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error(`task ${created.body.id} did not finish`);
  };

  it('runs the example template: request, approval by someone else, fulfilment by issue-database-credentials', async () => {
    const GRACE = mockCredentials.user.token('user:default/grace.hopper');
    const task = await runTask(
      GRACE,
      'template:default/request-database-credentials',
      {
        database: 'resource:default/postgres-composition',
        access: 'read-write',
        reason: 'Migrating the ledger',
      },
    );
    expect(task.status).toBe('completed');
    const [mine] = (
      await api()
        .get('/api/requests/requests?view=mine')
        .auth(GRACE, { type: 'bearer' })
    ).body.items;
    expect(mine).toMatchObject({
      kind: 'database-credentials',
      requester: 'user:default/grace.hopper',
      targetOwnerRef: 'group:default/team-platform',
      justification: 'Migrating the ledger',
      cost: { amount: 180, currency: 'USD', period: 'month', bucket: 'medium' },
      fulfilment: {
        type: 'scaffolder',
        templateRef: 'template:default/issue-database-credentials',
        values: {
          database: 'resource:default/postgres-composition',
          access: 'read-write',
        },
      },
    });

    // (the example's permissions allow everyone; a requester never decides
    // their own request)
    const approved = await api()
      .post(`/api/requests/requests/${mine.id}/approve`)
      .auth(mockCredentials.user.token('user:default/ada.lovelace'), {
        type: 'bearer',
      })
      .send({ reason: 'ok' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('fulfilling');
    let status = approved.body.status;
    for (let i = 0; i < 150 && status === 'fulfilling'; i++) {
      await new Promise(r => setTimeout(r, 200));
      await scheduler.triggerTask('requests-fulfilment');
      status = (
        await api()
          .get(`/api/requests/requests/${mine.id}`)
          .auth(GRACE, { type: 'bearer' })
      ).body.status;
    }
    expect(status).toBe('fulfilled');
  });
});
