import {
  SchedulerService,
  ServiceFactory,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AUDIT_TRAIL_FLUSH_TASK_ID,
  AuditTrailService,
  auditTrailServiceRef,
} from '@goldpath/plugin-audit-node';
import Router from 'express-promise-router';
import request from 'supertest';
import {
  AUDITOR_REF,
  SinkEvent,
  auditPolicyModule,
  recordingAuditor,
} from '../__testUtils__/backend';
import auditPlugin from '../index';

/** A plugin that records an action on each POST /approve, as the requests plugin would. */
let trail: AuditTrailService | undefined;
const consumerPlugin = createBackendPlugin({
  pluginId: 'requests',
  register(env) {
    env.registerInit({
      deps: {
        audit: auditTrailServiceRef,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ audit, httpRouter, httpAuth }) {
        trail = audit;
        const router = Router();
        router.post('/approve', async (req, res) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user'],
          });
          const record = await audit.record({
            action: 'requests.request.approved',
            outcome: 'succeeded',
            credentials,
            request: req,
            targetEntityRef: 'resource:default/orders-db',
            correlationId: 'req-7',
            meta: { reason: 'within budget' },
          });
          res.json(record);
        });
        httpRouter.use(router);
      },
    });
  },
});

describe('auditTrailServiceRef', () => {
  it('records through the calling plugin’s auditor and into the audit plugin, with the plugin’s own credentials', async () => {
    const events: SinkEvent[] = [];
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
    };
    const backend = await startTestBackend({
      features: [
        consumerPlugin,
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
    try {
      const approved = await request(backend.server)
        .post('/api/requests/approve')
        .set('Authorization', mockCredentials.user.header('user:default/lead'))
        .expect(200);
      await trail!.flush();

      expect(events).toContainEqual(
        expect.objectContaining({
          plugin: 'requests',
          eventId: 'requests-request-approved',
          status: 'succeeded',
          hasRequest: true,
          meta: expect.objectContaining({
            auditRecordId: approved.body.id,
            correlationId: 'req-7',
          }),
        }),
      );
      const stored = await request(backend.server)
        .get('/api/audit/records')
        .query({ entity: 'resource:default/orders-db' })
        .set('Authorization', mockCredentials.user.header(AUDITOR_REF))
        .expect(200);
      expect(stored.body.items).toEqual([
        {
          id: approved.body.id,
          occurredAt: approved.body.occurredAt,
          actor: { type: 'user', ref: 'user:default/lead' },
          action: 'requests.request.approved',
          targetEntityRef: 'resource:default/orders-db',
          outcome: 'succeeded',
          correlationId: 'req-7',
          plugin: 'requests',
          meta: { reason: 'within budget' },
        },
      ]);
      // The outbox is flushed by a global task of the calling plugin.
      expect(await scheduler.getScheduledTasks()).toContainEqual(
        expect.objectContaining({
          id: AUDIT_TRAIL_FLUSH_TASK_ID,
          scope: 'global',
        }),
      );
    } finally {
      await backend.stop();
    }
  });
});
