import {
  SchedulerService,
  ServiceFactory,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuditRecord } from '@goldpath/plugin-audit-common';
import {
  AuditTrailService,
  auditTrailServiceRef,
} from '@goldpath/plugin-audit-node';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import {
  AUDITOR_REF,
  SinkEvent,
  auditPolicyModule,
  recordingAuditor,
} from '../__testUtils__/backend';
import auditPlugin from '../index';

/**
 * A plugin that records what `POST /act` says it did, as the caller (a user
 * or a service), through its own audit trail, the way Goldpath's plugins do.
 */
function recordingPlugin(
  pluginId: string,
  trails: Map<string, AuditTrailService>,
) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: {
          audit: auditTrailServiceRef,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ audit, httpRouter, httpAuth }) {
          trails.set(pluginId, audit);
          const router = Router();
          router.post('/act', express.json(), async (req, res) => {
            const credentials = await httpAuth.credentials(req);
            res.json(
              await audit.record({
                ...req.body,
                occurredAt: new Date(req.body.occurredAt),
                credentials,
                request: req,
              }),
            );
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

const JANE = mockCredentials.user.header('user:default/jane');
const CI = mockCredentials.service.header(); // external:test-service

describe('the audit trail of two plugins, read back through GET /records', () => {
  let backend: TestBackend;
  const trails = new Map<string, AuditTrailService>();
  const events: SinkEvent[] = [];

  beforeAll(async () => {
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
    };
    backend = await startTestBackend({
      features: [
        recordingPlugin('requests', trails),
        recordingPlugin('dora', trails),
        auditPlugin,
        permissionPlugin,
        auditPolicyModule,
        recordingAuditor(events),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const act = (plugin: string, who: string, body: object) =>
    request(backend.server)
      .post(`/api/${plugin}/act`)
      .set('Authorization', who)
      .send(body)
      .expect(200);
  const at = (minute: number) =>
    new Date(Date.parse('2026-11-30T10:00:00Z') + minute * 60_000);
  const list = async (query: Record<string, string>) => {
    const res = await request(backend.server)
      .get('/api/audit/records')
      .query(query)
      .set('Authorization', mockCredentials.user.header(AUDITOR_REF))
      .expect(200);
    return (res.body.items as AuditRecord[]).map(
      r => `${r.plugin}:${r.action}@${r.occurredAt.slice(11, 16)}`,
    );
  };

  it('finds the records of both plugins by actor, entity, action and time range', async () => {
    // jane's request for orders-db, created and cancelled; dora's batches
    // (one by a CI token, one refused from jane) and a webhook delivery.
    await act('requests', JANE, {
      action: 'requests.request.created',
      outcome: 'succeeded',
      targetEntityRef: 'resource:default/orders-db',
      correlationId: 'req-1',
      occurredAt: at(1),
    });
    await act('dora', CI, {
      action: 'dora.ingest.batch',
      outcome: 'succeeded',
      correlationId: 'batch-1',
      meta: { accepted: 3 },
      occurredAt: at(2),
    });
    await act('dora', JANE, {
      action: 'dora.ingest.batch',
      outcome: 'rejected',
      targetEntityRef: 'component:default/checkout',
      occurredAt: at(3),
    });
    await act('requests', JANE, {
      action: 'requests.request.cancelled',
      outcome: 'succeeded',
      targetEntityRef: 'resource:default/orders-db',
      correlationId: 'req-1',
      occurredAt: at(4),
    });
    await act('dora', CI, {
      action: 'dora.webhook.delivery',
      outcome: 'succeeded',
      targetEntityRef: 'resource:default/orders-db',
      occurredAt: at(5),
      actor: { type: 'service', ref: 'webhook:github' },
    });
    // Delivered by each plugin's own outbox, with its own credentials.
    for (const trail of trails.values()) {
      expect(await trail.flush()).toMatchObject({
        retrying: 0,
        deadLettered: 0,
      });
    }

    expect(await list({})).toEqual([
      'dora:dora.webhook.delivery@10:05',
      'requests:requests.request.cancelled@10:04',
      'dora:dora.ingest.batch@10:03',
      'dora:dora.ingest.batch@10:02',
      'requests:requests.request.created@10:01',
    ]);
    // actor: a user across both plugins (by ref or by name), a service
    expect(await list({ actor: 'user:default/jane' })).toEqual([
      'requests:requests.request.cancelled@10:04',
      'dora:dora.ingest.batch@10:03',
      'requests:requests.request.created@10:01',
    ]);
    expect(await list({ actor: 'jane' })).toHaveLength(3);
    expect(
      await list({ actor: 'external:test-service', actorType: 'service' }),
    ).toEqual(['dora:dora.ingest.batch@10:02']);
    expect(await list({ actor: 'webhook:github' })).toEqual([
      'dora:dora.webhook.delivery@10:05',
    ]);
    // entity: one resource, touched by both plugins
    expect(await list({ entity: 'resource:orders-db' })).toEqual([
      'dora:dora.webhook.delivery@10:05',
      'requests:requests.request.cancelled@10:04',
      'requests:requests.request.created@10:01',
    ]);
    // action: a plugin's prefix, one exact action
    expect(await list({ action: 'dora' })).toEqual([
      'dora:dora.webhook.delivery@10:05',
      'dora:dora.ingest.batch@10:03',
      'dora:dora.ingest.batch@10:02',
    ]);
    expect(await list({ action: 'requests.request.created' })).toEqual([
      'requests:requests.request.created@10:01',
    ]);
    // time range: from inclusive, to exclusive
    expect(
      await list({ from: at(2).toISOString(), to: at(4).toISOString() }),
    ).toEqual(['dora:dora.ingest.batch@10:03', 'dora:dora.ingest.batch@10:02']);
    // filters together: jane at orders-db from 10:02
    expect(
      await list({
        actor: 'jane',
        entity: 'resource:default/orders-db',
        from: at(2).toISOString(),
      }),
    ).toEqual(['requests:requests.request.cancelled@10:04']);
    expect(await list({ outcome: 'rejected' })).toEqual([
      'dora:dora.ingest.batch@10:03',
    ]);
    expect(await list({ correlationId: 'req-1' })).toHaveLength(2);

    // Each plugin's auditor got its own events.
    const closed = events.filter(e => e.status !== 'initiated');
    expect(
      closed
        .filter(e => e.plugin === 'requests' || e.plugin === 'dora')
        .map(e => `${e.plugin}:${e.eventId}:${e.status}`),
    ).toEqual([
      'requests:requests-request-created:succeeded',
      'dora:dora-ingest-batch:succeeded',
      'dora:dora-ingest-batch:failed',
      'requests:requests-request-cancelled:succeeded',
      'dora:dora-webhook-delivery:succeeded',
    ]);
  });
});
