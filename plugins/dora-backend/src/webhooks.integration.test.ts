import {
  TestBackend,
  createMockDirectory,
  mockServices,
  startTestBackend,
  mockCredentials,
} from '@backstage/backend-test-utils';
import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import examples from '@octokit/webhooks-examples';
import { createHmac } from 'node:crypto';
import request from 'supertest';
// A test dependency only: the real audit backend stores the audit records.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import auditPlugin from '@goldpath/plugin-audit-backend';
import {
  auditTrailProbe,
  auditorEventsOf,
  storedAuditRecords,
} from '@goldpath/test-utils';
import doraPlugin from './index';

const GITHUB_SECRET = 'github-webhook-secret';
const PAGERDUTY_SECRET = 'pagerduty-webhook-secret';

const component = (name: string, annotations: Record<string, string>) => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations: ${JSON.stringify(annotations)}
spec: { type: service, lifecycle: production, owner: team-a }
`;

const CATALOG = `${component('checkout', {
  'github.com/project-slug': 'acme/checkout',
  'pagerduty.com/service-id': 'PSVC001',
})}${component('ledger', {
  'goldpath.dev/aliases': 'cdevents:ledger',
})}${component('vault', {
  'github.com/project-slug': 'acme/vault',
  'goldpath.dev/telemetry': 'disabled',
})}`;

const LATER = `${CATALOG}${component('payments', {
  'github.com/project-slug': 'acme/payments',
})}`;

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

/** GitHub's own deployment_status example, moved to our repo and to now. */
function deploymentStatus(repo: string, id: number) {
  const example = structuredClone(
    examples.find(e => e.name === 'deployment_status')!.examples[0],
  ) as any;
  example.repository.full_name = repo;
  example.repository.name = repo.split('/')[1];
  example.deployment.id = id;
  example.deployment.environment = 'production';
  example.deployment.created_at = minutesAgo(30);
  example.deployment_status.id = id * 10;
  example.deployment_status.state = 'success';
  example.deployment_status.environment = 'production';
  example.deployment_status.created_at = minutesAgo(20);
  return example;
}

function pagerduty(
  type: 'incident.triggered' | 'incident.resolved',
  at: string,
) {
  return {
    event: {
      id: `${type}-01`,
      event_type: type,
      resource_type: 'incident',
      occurred_at: at,
      agent: { id: 'PUSER1', type: 'user_reference', summary: 'On call' },
      data: {
        id: 'PINC001',
        type: 'incident',
        number: 9,
        status: type === 'incident.triggered' ? 'triggered' : 'resolved',
        title: 'Checkout is down',
        service: {
          id: 'PSVC001',
          summary: 'checkout',
          type: 'service_reference',
        },
        urgency: 'high',
        priority: null,
      },
    },
  };
}

const githubSignature = (body: string, secret = GITHUB_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('webhooks and the events bus', () => {
  const dir = createMockDirectory({ content: { 'catalog.yaml': CATALOG } });
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };
  let backend: TestBackend;
  const auditor = mockServices.auditor.mock();
  const probe = auditTrailProbe('dora');
  /** The records of the audit backend (after delivering the dora plugin's outbox). */
  const trail = async (query: Record<string, string>) => {
    await probe.flush();
    return storedAuditRecords(backend.server, query);
  };
  const auditorEventOf = async (recordId: string) =>
    (await auditorEventsOf(auditor)).filter(
      e => e.meta?.auditRecordId === recordId,
    );

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        doraPlugin,
        probe.module,
        auditPlugin,
        auditor.factory,
        eventsPlugin,
        eventsServiceFactory, // one events bus shared by all plugins, as in a real backend
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: [
                { type: 'file', target: dir.resolve('catalog.yaml') },
              ],
              processingInterval: { seconds: 1 },
            },
            events: {
              useEventBus: 'never',
              // plugin-events-backend's HTTP ingress, publishing on "github"
              http: { topics: ['github'] },
            },
            goldpath: {
              dora: {
                catalog: { refreshInterval: '1s' },
                privacy: { excludeRepositories: ['acme/secret-*'] },
                webhooks: {
                  github: { secret: GITHUB_SECRET },
                  pagerduty: { secrets: ['old-secret', PAGERDUTY_SECRET] },
                  cdevents: { token: 'cdevents-token' },
                },
              },
            },
          },
        }),
      ],
    });
    for (let i = 0; i < 100; i++) {
      const res = await request(backend.server).get(
        '/api/catalog/entities?filter=kind=component',
      );
      if (res.body.length === 3) break;
      await new Promise(r => setTimeout(r, 200));
    }
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  const scorecard = async (name: string) =>
    (
      await request(backend.server).get(
        `/api/dora/scorecards/component/default/${name}`,
      )
    ).body;

  const postGithub = (event: string, payload: object, signature?: string) => {
    const body = JSON.stringify(payload);
    return request(backend.server)
      .post('/api/dora/webhooks/github')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', event)
      .set('X-GitHub-Delivery', `delivery-${Math.random()}`)
      .set('X-Hub-Signature-256', signature ?? githubSignature(body))
      .send(body);
  };

  it('stores a signed GitHub deployment, once, and refuses a bad signature', async () => {
    const before = (await scorecard('checkout')).deploymentFrequency
      .deployments;
    const payload = deploymentStatus('acme/checkout', 101);
    const first = await postGithub('deployment_status', payload);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      status: 'accepted',
      accepted: 1,
      unresolved: 0,
    });
    expect((await scorecard('checkout')).deploymentFrequency.deployments).toBe(
      before + 1,
    );

    const again = await postGithub('deployment_status', payload);
    expect(again.body).toMatchObject({
      status: 'accepted',
      accepted: 0,
      duplicates: 1,
    });

    const forged = await postGithub(
      'deployment_status',
      deploymentStatus('acme/checkout', 102),
      githubSignature('{"something":"else"}'),
    );
    expect(forged.status).toBe(401);
    const unsigned = await request(backend.server)
      .post('/api/dora/webhooks/github')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'deployment_status')
      .send(deploymentStatus('acme/checkout', 103));
    expect(unsigned.status).toBe(401);
    expect((await scorecard('checkout')).deploymentFrequency.deployments).toBe(
      before + 1,
    );
  });

  it('attributes a PagerDuty incident pair to the deployment before it', async () => {
    const send = (
      type: 'incident.triggered' | 'incident.resolved',
      at: string,
    ) => {
      const body = JSON.stringify(pagerduty(type, at));
      const signature = createHmac('sha256', PAGERDUTY_SECRET)
        .update(body)
        .digest('hex');
      return request(backend.server)
        .post('/api/dora/webhooks/pagerduty')
        .set('Content-Type', 'application/json')
        .set('X-Webhook-Id', `${type}-delivery`)
        .set('X-PagerDuty-Signature', `v1=${'0'.repeat(64)},v1=${signature}`)
        .send(body);
    };
    expect(
      (await send('incident.triggered', minutesAgo(15))).body,
    ).toMatchObject({
      status: 'accepted',
      accepted: 1,
    });
    expect((await send('incident.resolved', minutesAgo(5))).body).toMatchObject(
      {
        accepted: 1,
      },
    );
    const card = await scorecard('checkout');
    expect(card.changeFailRate.failedDeployments).toBe(1);
    expect(card.failedDeploymentRecoveryTime.recovered).toBe(1);
    expect(card.timeToRestore.incidents).toBe(1);
    // replaying both deliveries changes nothing
    await send('incident.triggered', minutesAgo(15));
    await send('incident.resolved', minutesAgo(5));
    expect(await scorecard('checkout')).toMatchObject({
      changeFailRate: card.changeFailRate,
      timeToRestore: card.timeToRestore,
    });
  });

  it('says why it ignores an event, and 400s a body that is not JSON', async () => {
    const issues = await postGithub('issues', {
      action: 'opened',
      repository: {},
    });
    expect(issues.status).toBe(202);
    expect(issues.body).toEqual({
      status: 'ignored',
      reason: expect.stringContaining('issues'),
    });

    const notJson = 'not json';
    const malformed = await request(backend.server)
      .post('/api/dora/webhooks/github')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'push')
      .set('X-Hub-Signature-256', githubSignature(notJson))
      .send(notJson);
    expect(malformed.status).toBe(400);
    const unknown = await request(backend.server)
      .post('/api/dora/webhooks/jenkins')
      .send({});
    expect(unknown.status).toBe(404);
  });

  it('keeps events of opted-out services and excluded repositories out', async () => {
    const vault = await postGithub(
      'deployment_status',
      deploymentStatus('acme/vault', 201),
    );
    expect(vault.body).toMatchObject({
      status: 'accepted',
      accepted: 0,
      optedOut: 1,
    });
    const secret = await postGithub(
      'deployment_status',
      deploymentStatus('acme/secret-project', 202),
    );
    expect(secret.body).toMatchObject({
      accepted: 0,
      optedOut: 1,
      unresolved: 0,
    });
    const rest = await request(backend.server)
      .post('/api/dora/events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        id: 'rest-vault-1',
        type: 'deployment',
        service: 'vault',
        deploymentId: 'r1',
        environment: 'production',
        outcome: 'success',
        timestamp: minutesAgo(1),
      });
    expect(rest.body).toMatchObject({ accepted: 0, optedOut: 1 });
    expect((await scorecard('vault')).deploymentFrequency.deployments).toBe(0);
  });

  it('keeps unknown repositories unresolved, then attaches them when the catalog learns them', async () => {
    const res = await postGithub(
      'deployment_status',
      deploymentStatus('acme/payments', 301),
    );
    expect(res.body).toMatchObject({
      status: 'accepted',
      accepted: 0,
      unresolved: 1,
    });
    const listed = await request(backend.server).get('/api/dora/unresolved');
    expect(listed.body.identities).toEqual([
      expect.objectContaining({
        annotation: 'github.com/project-slug',
        value: 'acme/payments',
        fallbackName: 'payments',
        sources: ['github'],
        events: 1,
      }),
    ]);

    dir.setContent({ 'catalog.yaml': LATER });
    for (let i = 0; i < 100; i++) {
      const res2 = await request(backend.server).get(
        '/api/catalog/entities?filter=kind=component',
      );
      if (res2.body.length === 4) break;
      await new Promise(r => setTimeout(r, 200));
    }
    await new Promise(r => setTimeout(r, 1100)); // the dora catalog snapshot refreshes every second here
    await scheduler.triggerTask('dora-resolve-unresolved');
    expect((await scorecard('payments')).deploymentFrequency.deployments).toBe(
      1,
    );
    expect(
      (await request(backend.server).get('/api/dora/unresolved')).body,
    ).toEqual({
      identities: [],
    });
  });

  it('links a CDEvents deployment to its change through the packaged artifact', async () => {
    const cdevent = (
      type: string,
      id: string,
      at: string,
      subject: object,
    ) => ({
      context: {
        specversion: '0.5.1',
        id,
        source: '/ci/ledger',
        type: `dev.cdevents.${type}.0.3.0`,
        timestamp: at,
      },
      subject,
    });
    const artifact = 'pkg:oci/ledger@sha256%3Aabc123';
    const send = (body: object) =>
      request(backend.server)
        .post('/api/dora/webhooks/cdevents')
        .set('Authorization', 'Bearer cdevents-token')
        .send(body);
    const first = cdevent('service.deployed', 'd0', minutesAgo(300), {
      id: 'ledger',
      content: {
        environment: { id: 'production' },
        artifactId: 'pkg:oci/ledger@sha256%3Aold',
      },
    });
    expect((await send(first)).body).toMatchObject({ accepted: 1 });
    await send(
      cdevent('change.merged', 'c1', minutesAgo(120), {
        id: 'f00dfeed',
        content: { repository: { id: 'ledger', source: 'git.example/acme' } },
      }),
    ).expect(202);
    await send(
      cdevent('artifact.packaged', 'a1', minutesAgo(90), {
        id: artifact,
        content: {
          change: { id: 'f00dfeed', source: 'git.example/acme/ledger' },
        },
      }),
    ).expect(202);
    await send(
      cdevent('service.deployed', 'd1', minutesAgo(60), {
        id: 'ledger',
        content: { environment: { id: 'production' }, artifactId: artifact },
      }),
    ).expect(202);
    const card = await scorecard('ledger');
    expect(card.deploymentFrequency.deployments).toBe(2);
    // merged 120 minutes ago, deployed 60 minutes ago
    expect(card.changeLeadTime).toMatchObject({ changes: 1 });
    expect(card.changeLeadTime.medianSeconds).toBeCloseTo(3600, -1);
    const wrongToken = await request(backend.server)
      .post('/api/dora/webhooks/cdevents')
      .set('Authorization', 'Bearer nope')
      .send(first);
    expect(wrongToken.status).toBe(401);
  });

  it('takes the same webhook from the Backstage events bus, with the same stored events', async () => {
    const payload = deploymentStatus('acme/checkout', 401);
    const body = JSON.stringify(payload);
    const before = (await scorecard('checkout')).deploymentFrequency
      .deployments;
    // Through plugin-events-backend's HTTP ingress, which publishes on the
    // "github" topic that Goldpath subscribes to (in production its GitHub
    // module checks the signature there, or the event comes from a queue).
    const viaBus = await request(backend.server)
      .post('/api/events/http/github')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'deployment_status')
      .set('X-GitHub-Delivery', 'bus-delivery-1')
      .set('X-Hub-Signature-256', githubSignature(body))
      .send(body);
    expect(viaBus.status).toBe(202);
    for (let i = 0; i < 50; i++) {
      if (
        (await scorecard('checkout')).deploymentFrequency.deployments > before
      )
        break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect((await scorecard('checkout')).deploymentFrequency.deployments).toBe(
      before + 1,
    );
    // The same delivery at Goldpath's own endpoint is the same event: a duplicate.
    const direct = await postGithub('deployment_status', payload);
    expect(direct.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await scorecard('checkout')).deploymentFrequency.deployments).toBe(
      before + 1,
    );

    // The bus event is on the audit trail: the topic acted, the delivery id
    // is the correlation id and (stored) part of the record id.
    const [record] = await trail({ actor: 'events-bus:github' });
    expect(record).toMatchObject({
      id: 'dora.events-bus.event:github:bus-delivery-1',
      actor: { type: 'service', ref: 'events-bus:github' },
      action: 'dora.events-bus.event',
      outcome: 'succeeded',
      correlationId: 'bus-delivery-1',
      plugin: 'dora',
      meta: { topic: 'github', deliveryId: 'bus-delivery-1', attempts: 1 },
    });
    expect(await auditorEventOf(record.id)).toEqual([
      expect.objectContaining({
        eventId: 'dora-events-bus-event',
        status: 'succeeded',
      }),
    ]);
  });

  it('records each webhook delivery on the audit trail: a redelivery as one record, a forged one as rejected', async () => {
    const payload = deploymentStatus('acme/checkout', 501);
    const body = JSON.stringify(payload);
    const deliver = (signature = githubSignature(body)) =>
      request(backend.server)
        .post('/api/dora/webhooks/github')
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'deployment_status')
        .set('X-GitHub-Delivery', 'audit-delivery-1')
        .set('X-Hub-Signature-256', signature)
        .send(body);
    await deliver().expect(202);
    await deliver().expect(202); // GitHub's "Redeliver"
    // A forgery naming the same delivery cannot take its record.
    await deliver(githubSignature('{"forged":true}')).expect(401);
    await request(backend.server)
      .post('/api/dora/webhooks/jenkins')
      .send({})
      .expect(404);

    const records = await trail({ correlationId: 'audit-delivery-1' });
    expect(records).toHaveLength(2);
    const [rejected, delivered] = records;
    expect(delivered).toMatchObject({
      id: 'dora.webhook.delivery:github:audit-delivery-1',
      actor: { type: 'service', ref: 'webhook:github' },
      action: 'dora.webhook.delivery',
      outcome: 'succeeded',
      plugin: 'dora',
      meta: {
        source: 'github',
        deliveryId: 'audit-delivery-1',
        status: 'accepted',
        accepted: 1,
        duplicates: 0,
      },
    });
    expect(rejected).toMatchObject({
      actor: { type: 'service', ref: 'webhook:github' },
      action: 'dora.webhook.delivery',
      outcome: 'rejected',
      meta: { source: 'github', error: 'AuthenticationError' },
    });
    expect(rejected.id).not.toBe(delivered.id);
    // Backstage's auditor got every delivery: both accepted ones, the forgery.
    expect(
      (await auditorEventOf(delivered.id)).map(e => [e.eventId, e.status]),
    ).toEqual([
      ['dora-webhook-delivery', 'succeeded'],
      ['dora-webhook-delivery', 'succeeded'],
    ]);
    expect(await auditorEventOf(rejected.id)).toEqual([
      expect.objectContaining({
        eventId: 'dora-webhook-delivery',
        status: 'failed',
        error: expect.stringContaining('Webhook rejected'),
      }),
    ]);
    // A source that is not enabled is no delivery: not recorded.
    expect(await trail({ actor: 'webhook:jenkins' })).toEqual([]);
  });

  it('records each ingestion batch on the audit trail with its caller, counts and request id', async () => {
    const ingest = (requestId: string, events: object[]) =>
      request(backend.server)
        .post('/api/dora/events')
        .set('Authorization', mockCredentials.service.header())
        .set('X-Request-Id', requestId)
        .send({ events });
    const deployment = {
      type: 'deployment',
      service: 'component:default/checkout',
      deploymentId: 'audit-1',
      environment: 'production',
      outcome: 'success',
      timestamp: minutesAgo(2),
    };
    await ingest('batch-7', [
      { ...deployment, id: 'audit-batch-1' },
      { ...deployment, id: 'audit-batch-1' },
      { type: 'deployment' },
    ]).expect(200);
    await ingest('batch-8', [{ type: 'nonsense' }]).expect(400);
    // A body the JSON parser refuses is a refused batch too.
    await request(backend.server)
      .post('/api/dora/events')
      .set('Authorization', mockCredentials.service.header())
      .set('X-Request-Id', 'batch-9')
      .set('Content-Type', 'application/json')
      .send('{"events": [')
      .expect(400);

    const [accepted] = await trail({ correlationId: 'batch-7' });
    expect(accepted).toMatchObject({
      actor: { type: 'service', ref: 'external:test-service' },
      action: 'dora.ingest.batch',
      outcome: 'succeeded',
      correlationId: 'batch-7',
      plugin: 'dora',
      meta: {
        received: 3,
        accepted: 1,
        duplicates: 1,
        optedOut: 0,
        rejected: 1,
      },
    });
    const [refused] = await trail({ correlationId: 'batch-8' });
    expect(refused).toMatchObject({
      actor: { type: 'service', ref: 'external:test-service' },
      action: 'dora.ingest.batch',
      outcome: 'rejected',
      meta: { rejected: 1, error: 'InputError' },
    });
    const [unparsed] = await trail({ correlationId: 'batch-9' });
    expect(unparsed).toMatchObject({
      actor: { type: 'service', ref: 'external:test-service' },
      action: 'dora.ingest.batch',
      outcome: 'rejected',
    });
    expect(
      [
        ...(await auditorEventOf(accepted.id)),
        ...(await auditorEventOf(refused.id)),
      ].map(e => [e.eventId, e.status]),
    ).toEqual([
      ['dora-ingest-batch', 'succeeded'],
      ['dora-ingest-batch', 'failed'],
    ]);
  });
});
