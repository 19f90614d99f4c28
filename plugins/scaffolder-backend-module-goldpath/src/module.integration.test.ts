import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// A test dependency only: the real dora backend stores the scaffold events.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import doraPlugin from '@goldpath/plugin-dora-backend';
// A test dependency only: the real audit backend stores the audit records.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import auditPlugin from '@goldpath/plugin-audit-backend';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import {
  auditTrailProbe,
  auditorEventsOf,
  storedAuditRecords,
} from '@goldpath/test-utils';
import { vpcModule } from './__testUtils__/entities';
import scaffolderModuleGoldpath from './index';

const TEMPLATE_REF = 'template:default/vpc-service';

/** A small golden path: check the values, write the entity, attribute it, record the event. */
const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'vpc-service',
    namespace: 'default',
    annotations: {
      'goldpath.dev/template-version': '3.1.0',
      'backstage.io/managed-by-location':
        'url:https://example.com/template.yaml',
    },
  },
  spec: {
    owner: 'group:default/platform',
    type: 'service',
    parameters: [
      {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          cidr: { type: 'string' },
          azCount: { type: 'number' },
        },
      },
    ],
    steps: [
      {
        id: 'contract',
        name: 'Check the VPC inputs',
        action: 'goldpath:contract:validate',
        input: {
          block: 'resource:default/vpc-module',
          values: {
            cidr: '${{ parameters.cidr }}',
            azCount: '${{ parameters.azCount }}',
          },
          region: 'eu-west-1',
        },
      },
      {
        id: 'write',
        name: 'Write the entity',
        action: 'catalog:write',
        input: {
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: '${{ parameters.name }}' },
            spec: {
              type: 'service',
              lifecycle: 'experimental',
              owner: 'group:default/team-a',
            },
          },
        },
      },
      {
        id: 'attribution',
        name: 'Attribute it',
        action: 'goldpath:attribution:write',
      },
      {
        id: 'event',
        name: 'Record the scaffold event',
        action: 'goldpath:event:emit',
        input: {
          service: 'component:default/${{ parameters.name }}',
          outcome: 'success',
        },
      },
    ],
    output: {
      templateVersion: '${{ steps.attribution.output.templateVersion }}',
      eventId: '${{ steps.event.output.eventId }}',
    },
  },
};

/** A template whose event step records an event that is not valid. */
const brokenTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'broken-event', namespace: 'default' },
  spec: {
    owner: 'group:default/platform',
    type: 'service',
    parameters: [],
    steps: [
      {
        id: 'event',
        name: 'Record an incomplete event',
        action: 'goldpath:event:emit',
        input: { event: { type: 'deployment' } },
      },
    ],
  },
};

describe('scaffolder module goldpath, with the scaffolder and dora backends', () => {
  let backend: TestBackend;
  const auditor = mockServices.auditor.mock();
  const probe = auditTrailProbe('scaffolder');
  /** The records of the audit backend (after delivering the scaffolder's outbox). */
  const trail = async (query: Record<string, string>) => {
    await probe.flush();
    return storedAuditRecords(backend.server, query);
  };

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleGoldpath,
        probe.module,
        doraPlugin,
        auditPlugin,
        auditor.factory,
        catalogServiceMock.factory({
          entities: [template, brokenTemplate, vpcModule],
        }),
        mockServices.rootConfig.factory({
          data: { backend: { baseUrl: 'http://localhost:7007' } },
        }),
      ],
    });
  });

  const api = () => request(backend.server);
  const userToken = () => mockCredentials.user.token();

  const dryRun = (values: Record<string, unknown>) =>
    api()
      .post('/api/scaffolder/v2/dry-run')
      .auth(userToken(), { type: 'bearer' })
      .send({
        template: { ...template, metadata: { ...template.metadata } },
        values,
        directoryContents: [],
      });

  const attributions = async () => {
    const res = await api()
      .get('/api/dora/scaffold-attributions')
      .auth(mockCredentials.service.token(), { type: 'bearer' });
    expect(res.status).toBe(200);
    return res.body.entries as Array<Record<string, unknown>>;
  };

  it('lists the four actions with their examples', async () => {
    const res = await api()
      .get('/api/scaffolder/v2/actions')
      .auth(userToken(), { type: 'bearer' });
    expect(res.status).toBe(200);
    const ours = (res.body as Array<{ id: string; examples?: unknown[] }>)
      .filter(a => a.id.startsWith('goldpath:'))
      .map(a => [a.id, a.examples?.length]);
    expect(ours.sort()).toEqual([
      ['goldpath:attribution:write', 2],
      ['goldpath:contract:validate', 2],
      ['goldpath:event:emit', 2],
      ['goldpath:request:create', 2],
    ]);
  });

  it('writes the attribution in a dry run and stores no event', async () => {
    const res = await dryRun({
      name: 'checkout',
      cidr: '10.0.0.0/16',
      azCount: 3,
    });
    expect(res.status).toBe(200);
    const statuses = (
      res.body.log as Array<{ body: { stepId?: string; status?: string } }>
    )
      .filter(l => l.body.status)
      .map(l => `${l.body.stepId}:${l.body.status}`);
    expect(statuses).toEqual(
      expect.arrayContaining([
        'contract:completed',
        'write:completed',
        'attribution:completed',
        'event:completed',
      ]),
    );
    expect(statuses.filter(s => s.endsWith(':failed'))).toEqual([]);
    const file = (
      res.body.directoryContents as Array<{
        path: string;
        base64Content: string;
      }>
    ).find(f => f.path === 'catalog-info.yaml');
    expect(file).toBeDefined();
    const [doc] = parseAllDocuments(
      Buffer.from(file!.base64Content, 'base64').toString('utf8'),
    ).map(d => (d as any).toJS());
    expect(doc.metadata.name).toBe('checkout');
    expect(doc.metadata.annotations).toMatchObject({
      'goldpath.dev/scaffolded-from': 'template:default/dry-run',
      'goldpath.dev/template-version': '3.1.0',
      'goldpath.dev/scaffolded-at': expect.stringMatching(/^\d{4}-/),
      'goldpath.dev/scaffolder-task-id': expect.any(String),
    });
    expect(res.body.output.templateVersion).toBe('3.1.0');
    expect(await attributions()).toEqual([]);
    // A dry run is no run: nothing on the audit trail.
    expect(await trail({ action: 'scaffolder' })).toEqual([]);
  });

  it('fails a dry run on a contract violation, naming the parameter', async () => {
    const res = await dryRun({ name: 'checkout', cidr: 'ten', azCount: 9 });
    // The step's InputError fails the dry run as a 400, before any other step.
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('cidr: must match');
    expect(res.body.error.message).toContain('azCount: must be at most 6');
    expect(await attributions()).toEqual([]);
  });

  it('records the scaffold event once, also after a retry', async () => {
    const created = await api()
      .post('/api/scaffolder/v2/tasks')
      .auth(userToken(), { type: 'bearer' })
      .send({
        templateRef: TEMPLATE_REF,
        values: { name: 'payments', cidr: '10.1.0.0/16', azCount: 2 },
      });
    expect(created.status).toBe(201);
    const taskId = created.body.id as string;

    const waitForCompletion = async () => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const res = await api()
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .auth(userToken(), { type: 'bearer' });
        if (['completed', 'failed', 'cancelled'].includes(res.body.status)) {
          return res.body;
        }
        if (Date.now() > deadline) {
          throw new Error(`task ${taskId} is still ${res.body.status}`);
        }
        await new Promise(r => setTimeout(r, 200));
      }
    };

    const task = await waitForCompletion();
    expect(task.status).toBe('completed');
    const expected = {
      entityRef: 'component:default/payments',
      templateRef: TEMPLATE_REF,
      templateVersion: '3.1.0',
      taskId,
    };
    expect(await attributions()).toEqual([expect.objectContaining(expected)]);

    const retried = await api()
      .post(`/api/scaffolder/v2/tasks/${taskId}/retry`)
      .auth(userToken(), { type: 'bearer' })
      .send({});
    expect(retried.status).toBe(201);
    // The retry reopens the task (status open) and runs every step again.
    expect((await waitForCompletion()).status).toBe('completed');
    const events = await api()
      .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
      .auth(userToken(), { type: 'bearer' });
    const eventStepRuns = (
      events.body as Array<{ body: { stepId?: string; status?: string } }>
    ).filter(e => e.body.stepId === 'event' && e.body.status === 'completed');
    expect(eventStepRuns).toHaveLength(2);
    expect(await attributions()).toEqual([expect.objectContaining(expected)]);

    // The run is on the audit trail once (the retried step is the same
    // record): who ran it, the entity it created, the task as correlation.
    const records = await trail({ correlationId: taskId });
    expect(records).toEqual([
      {
        id: `scaffolder.task.run:${taskId}`,
        occurredAt: expect.any(String),
        actor: { type: 'user', ref: 'user:default/mock' },
        action: 'scaffolder.task.run',
        targetEntityRef: 'component:default/payments',
        outcome: 'succeeded',
        correlationId: taskId,
        plugin: 'scaffolder',
        meta: {
          eventId: `scaffold:${taskId}`,
          eventType: 'scaffold',
          template: TEMPLATE_REF,
          templateVersion: '3.1.0',
          runOutcome: 'success',
          stored: true,
        },
      },
    ]);
    // Backstage's auditor saw both runs of the step.
    const seen = (await auditorEventsOf(auditor)).filter(
      e => e.meta?.auditRecordId === records[0].id,
    );
    expect(seen.map(e => [e.eventId, e.status])).toEqual([
      ['scaffolder-task-run', 'succeeded'],
      ['scaffolder-task-run', 'succeeded'],
    ]);
    expect(seen[0].meta).toMatchObject({
      actor: { type: 'user', ref: 'user:default/mock' },
      targetEntityRef: 'component:default/payments',
      correlationId: taskId,
    });
  });

  it('records a refused run on the audit trail as rejected', async () => {
    const created = await api()
      .post('/api/scaffolder/v2/tasks')
      .auth(userToken(), { type: 'bearer' })
      .send({ templateRef: 'template:default/broken-event', values: {} });
    expect(created.status).toBe(201);
    const taskId = created.body.id as string;
    let status = '';
    for (let i = 0; i < 150 && !['completed', 'failed'].includes(status); i++) {
      await new Promise(r => setTimeout(r, 200));
      status = (
        await api()
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .auth(userToken(), { type: 'bearer' })
      ).body.status;
    }
    expect(status).toBe('failed');

    const [record] = await trail({ correlationId: taskId });
    expect(record).toMatchObject({
      actor: { type: 'user', ref: 'user:default/mock' },
      action: 'scaffolder.task.run',
      outcome: 'rejected',
      plugin: 'scaffolder',
      meta: { error: 'InputError' },
    });
    expect(
      (await auditorEventsOf(auditor)).filter(
        e => e.meta?.auditRecordId === record.id,
      ),
    ).toEqual([
      expect.objectContaining({
        eventId: 'scaffolder-task-run',
        status: 'failed',
        error: expect.stringContaining('not a valid delivery event'),
      }),
    ]);
  });
});
