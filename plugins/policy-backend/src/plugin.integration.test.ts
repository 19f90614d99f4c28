import {
  SchedulerService,
  ServiceFactory,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  EntityProvider,
  EntityProviderConnection,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
// A test dependency only: the real audit backend stores the audit records.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import auditPlugin from '@goldpath/plugin-audit-backend';
import { PolicyService, policyServiceRef } from '@goldpath/plugin-policy-node';
import request from 'supertest';
import YAML from 'yaml';
import {
  describeWithPayloads,
  payloadsNote,
  readPayload,
} from './__testUtils__/payloads';
import {
  auditTrailProbe,
  auditorEventsOf,
  storedAuditRecords,
} from '@goldpath/test-utils';
import policyPlugin from './index';

const KYVERNO_FILE = 'kyverno/policyreport-v1alpha2-per-resource.yaml';
const SERVICE = mockCredentials.service.header();
const PLATFORM = mockCredentials.user.header('user:default/platform');
const VIEWER = mockCredentials.user.header('user:default/viewer');

function entity(
  kind: string,
  name: string,
  annotations: Record<string, string>,
  spec: object,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location':
          'url:https://example.com/catalog.yaml',
        'backstage.io/managed-by-origin-location':
          'url:https://example.com/catalog.yaml',
        ...annotations,
      },
    },
    spec,
  };
}

const KUBE_APISERVER = entity(
  'Component',
  'kube-apiserver',
  { 'backstage.io/kubernetes-id': 'kube-apiserver' },
  { type: 'service', lifecycle: 'production', owner: 'team-platform' },
);
const BUNDLE = entity(
  'Resource',
  'admission-policies',
  {},
  {
    type: 'policy-bundle',
    owner: 'team-platform',
    contract: {
      version: '1.0.0',
      policies: [
        {
          name: 'disallow-host-namespaces',
          severity: 'high',
          remediation:
            'Remove hostNetwork, hostIPC and hostPID from the pod spec',
          runbook: 'https://runbooks.example.com/host-namespaces',
        },
      ],
    },
  },
);
const PAYMENTS_API = entity(
  'Component',
  'payments-api',
  {
    'backstage.io/kubernetes-id': 'payments-api',
    'backstage.io/kubernetes-namespace': 'payments',
  },
  { type: 'service', lifecycle: 'production', owner: 'team-payments' },
);

/** A test entity provider: the catalog's entities are whatever the test says. */
let connection: EntityProviderConnection | undefined;
const provider: EntityProvider = {
  getProviderName: () => 'policy-test-provider',
  async connect(c) {
    connection = c;
  },
};
const providerModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'policy-test-provider',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider(provider);
      },
    });
  },
});

/** A real permission policy: only user:default/platform may upload and manage waivers. */
const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'policy-test-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            if (
              ['policy.reports.create', 'policy.waivers.manage'].includes(
                req.permission.name,
              )
            ) {
              return {
                result:
                  user?.info.userEntityRef === 'user:default/platform'
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              };
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

/** Another plugin that reads the summary through policyServiceRef. */
let policyService: PolicyService | undefined;
const consumerPlugin = createBackendPlugin({
  pluginId: 'consumer',
  register(env) {
    env.registerInit({
      deps: { policy: policyServiceRef },
      async init({ policy }) {
        policyService = policy;
      },
    });
  },
});

async function setCatalog(server: any, entities: Entity[]) {
  await connection!.applyMutation({
    type: 'full',
    entities: entities.map(e => ({ entity: e, locationKey: 'policy-test' })),
  });
  for (let i = 0; i < 150; i++) {
    // (as a service: with mock user tokens, the permission backend refuses
    // the catalog's conditional decisions, see the overview test)
    const res = await request(server)
      .get('/api/catalog/entities/by-query')
      .set('Authorization', SERVICE)
      .query({ filter: 'kind=component,kind=resource' });
    if (res.body.items?.length === entities.length) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('the catalog did not take the test entities');
}

/** The Kyverno report with its result timestamps moved (a rescan), optionally without a result. */
function rescan(offsetSeconds: number, drop?: (r: any) => boolean): string {
  const doc = YAML.parse(readPayload(KYVERNO_FILE));
  doc.results = doc.results
    .filter((r: any) => !drop?.(r))
    .map((r: any) => ({
      ...r,
      timestamp: {
        ...r.timestamp,
        seconds: r.timestamp.seconds + offsetSeconds,
      },
    }));
  return YAML.stringify(doc);
}

const at = (offsetSeconds: number) =>
  new Date((1701868762 + offsetSeconds) * 1000).toISOString();

describeWithPayloads(
  `the policy backend with the real catalog${payloadsNote}`,
  () => {
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
    };
    let backend: TestBackend;
    let server: any;
    const auditor = mockServices.auditor.mock();
    const probe = auditTrailProbe('policy');
    /** The records of the audit backend (after delivering the policy plugin's outbox). */
    const trail = async (query: Record<string, string>) => {
      await probe.flush();
      return storedAuditRecords(server, query);
    };
    /** The auditor event of a stored record. */
    const auditorEventOf = async (recordId: string) =>
      (await auditorEventsOf(auditor)).find(
        e => e.meta?.auditRecordId === recordId,
      );

    beforeAll(async () => {
      backend = await startTestBackend({
        features: [
          catalogPlugin,
          providerModule,
          permissionPlugin,
          permissionPolicyModule,
          policyPlugin,
          probe.module,
          auditPlugin,
          auditor.factory,
          consumerPlugin,
          scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              permission: { enabled: true },
              catalog: {
                rules: [{ allow: ['Component', 'Resource', 'Location'] }],
                processingInterval: { seconds: 1 },
              },
              goldpath: { policy: { catalog: { refreshInterval: '1s' } } },
            },
          }),
        ],
      });
      server = backend.server;
      await setCatalog(server, [KUBE_APISERVER, BUNDLE]);
    }, 60_000);

    afterAll(async () => {
      await backend?.stop();
    });

    const post = (
      body: string,
      query = 'source=kind-cluster',
      auth = SERVICE,
    ) =>
      request(server)
        .post(`/api/policy/reports?${query}`)
        .set('Authorization', auth)
        .set('Content-Type', 'application/yaml')
        .send(body);

    const state = async (name = 'kube-apiserver') =>
      (
        await request(server)
          .get(`/api/policy/entities/component/default/${name}`)
          .set('Authorization', PLATFORM)
          .expect(200)
      ).body;

    it('answers health without credentials and everything else only with them', async () => {
      await request(server).get('/api/policy/health').expect(200);
      const none = mockCredentials.none.header();
      await request(server)
        .post('/api/policy/reports?source=kind-cluster')
        .set('Authorization', none)
        .set('Content-Type', 'application/yaml')
        .send(readPayload(KYVERNO_FILE))
        .expect(401);
      await request(server)
        .get('/api/policy/entities/component/default/kube-apiserver')
        .set('Authorization', none)
        .expect(401);
      expect((await state()).status).toBeNull();
    });

    it('asks the permission policy about users, never about service principals', async () => {
      const viewer = await post(
        readPayload(KYVERNO_FILE),
        'source=probe',
        VIEWER,
      );
      expect(viewer.status).toBe(403);
      expect(viewer.body.error.message).toBe(
        'Not allowed: policy.reports.create',
      );
      expect((await state()).status).toBeNull();
      await request(server)
        .post('/api/policy/waivers')
        .set('Authorization', VIEWER)
        .send({
          entityRef: 'component:default/kube-apiserver',
          policy: 'x',
          reason: 'y',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        })
        .expect(403);

      // Both refusals are on the audit trail, with who tried.
      const [upload] = await trail({
        action: 'policy.report.upload',
        actor: 'user:default/viewer',
      });
      expect(upload).toMatchObject({
        actor: { type: 'user', ref: 'user:default/viewer' },
        outcome: 'rejected',
        plugin: 'policy',
        meta: { source: 'probe', error: 'NotAllowedError' },
      });
      expect(await auditorEventOf(upload.id)).toMatchObject({
        eventId: 'policy-report-upload',
        status: 'failed',
        error: 'Not allowed: policy.reports.create',
      });
      const [waiver] = await trail({
        action: 'policy.waiver.create',
        actor: 'user:default/viewer',
      });
      expect(waiver).toMatchObject({
        targetEntityRef: 'component:default/kube-apiserver',
        outcome: 'rejected',
      });
      expect(await auditorEventOf(waiver.id)).toMatchObject({
        eventId: 'policy-waiver-create',
        status: 'failed',
      });
    });

    it('maps the real Kyverno report through backstage.io/kubernetes-id, with the bundle’s guidance', async () => {
      const res = await post(readPayload(KYVERNO_FILE)).expect(200);
      expect(res.body).toEqual({
        reports: 1,
        results: 2,
        entities: ['component:default/kube-apiserver'],
        unmapped: 0,
        skipped: [],
      });
      // The upload is on the audit trail: the service that sent it, the one
      // entity it changed, and its counts.
      const [upload] = await trail({
        action: 'policy.report.upload',
        actorType: 'service',
      });
      expect(upload).toMatchObject({
        actor: { type: 'service', ref: 'external:test-service' },
        targetEntityRef: 'component:default/kube-apiserver',
        outcome: 'succeeded',
        plugin: 'policy',
        meta: {
          source: 'kind-cluster',
          reports: 1,
          results: 2,
          entities: 1,
          unmapped: 0,
          skipped: 0,
        },
      });
      expect(await auditorEventOf(upload.id)).toMatchObject({
        eventId: 'policy-report-upload',
        status: 'succeeded',
        meta: expect.objectContaining({
          targetEntityRef: 'component:default/kube-apiserver',
        }),
      });
      const s = await state();
      expect(s).toMatchObject({
        entityRef: 'component:default/kube-apiserver',
        status: 'fail',
        lastAudit: at(0),
        sources: [
          {
            source: 'kind-cluster',
            format: 'wgpolicy',
            producer: 'kyverno',
            lastAudit: at(0),
            counts: { pass: 1, fail: 1, violationsBySeverity: { medium: 1 } },
          },
        ],
        violations: [
          {
            source: 'kind-cluster',
            policy: 'disallow-host-namespaces',
            rule: 'host-namespaces',
            status: 'fail',
            // the report's own severity wins over the bundle's
            severity: 'medium',
            resource: {
              kind: 'Pod',
              namespace: 'kube-system',
              name: 'kube-apiserver-kind-control-plane',
            },
            remediation:
              'Remove hostNetwork, hostIPC and hostPID from the pod spec',
            bundleRef: 'resource:default/admission-policies',
            runbook: 'https://runbooks.example.com/host-namespaces',
            firstSeen: at(0),
            lastSeen: at(0),
          },
        ],
        passed: [
          { policy: 'disallow-capabilities', rule: 'adding-capabilities' },
        ],
        excepted: [],
        drift: [
          {
            source: 'kind-cluster',
            to: at(0),
            introduced: [
              expect.objectContaining({ policy: 'disallow-host-namespaces' }),
            ],
            resolved: [],
          },
        ],
        history: [{ source: 'kind-cluster', auditedAt: at(0) }],
      });
      expect(s.drift[0].from).toBeUndefined();
    });

    it('changes nothing for the same report again, and only the last audit time for a rescan with the same findings', async () => {
      const before = await state();
      const same = await post(readPayload(KYVERNO_FILE)).expect(200);
      expect(same.body.entities).toEqual([]);
      expect(await state()).toEqual(before);

      const again = await post(rescan(3600)).expect(200);
      expect(again.body.entities).toEqual([]);
      const after = await state();
      expect(after.lastAudit).toBe(at(3600));
      expect(after.sources[0].lastAudit).toBe(at(3600));
      expect(after.violations[0]).toMatchObject({
        firstSeen: at(0),
        lastSeen: at(3600),
      });
      // the drift of the last real change stays (its findings were seen again)
      expect(after.drift[0]).toMatchObject({
        to: before.drift[0].to,
        resolved: [],
        introduced: [
          { key: before.drift[0].introduced[0].key, lastSeen: at(3600) },
        ],
      });
      expect(after.history).toEqual(before.history);
      // everything but the last audit times is as it was
      const strip = (x: any) =>
        JSON.parse(
          JSON.stringify(x).split(at(3600)).join('T').split(at(0)).join('T'),
        );
      expect(strip(after)).toEqual(strip(before));
    });

    it('shows a resolved violation as drift when a later audit no longer has it, and restarts first-seen when it returns', async () => {
      const fixed = await post(rescan(7200, r => r.result === 'fail')).expect(
        200,
      );
      expect(fixed.body.entities).toEqual(['component:default/kube-apiserver']);
      const s = await state();
      expect(s.status).toBe('pass');
      expect(s.violations).toEqual([]);
      expect(s.drift).toEqual([
        {
          source: 'kind-cluster',
          from: at(3600),
          to: at(7200),
          introduced: [],
          resolved: [
            expect.objectContaining({
              policy: 'disallow-host-namespaces',
              firstSeen: at(0),
              lastSeen: at(3600),
            }),
          ],
        },
      ]);
      expect(s.history.map((h: any) => h.auditedAt)).toEqual([at(0), at(7200)]);
      expect(s.history.map((h: any) => h.counts.fail)).toEqual([1, 0]);

      // A report older than the current audit is not stored.
      const late = await post(readPayload(KYVERNO_FILE)).expect(200);
      expect(late.body.entities).toEqual([]);
      expect(late.body.skipped[0]).toContain('older than the latest audit');

      await post(rescan(10800)).expect(200);
      const back = await state();
      expect(back.violations[0]).toMatchObject({ firstSeen: at(10800) });
      expect(back.drift[0].introduced).toHaveLength(1);
    });

    it('lets a user with the permission upload and waive, applying the waiver at read time', async () => {
      await post(rescan(14400), 'source=kind-cluster', PLATFORM).expect(200);
      const waiver = await request(server)
        .post('/api/policy/waivers')
        .set('Authorization', PLATFORM)
        .send({
          entityRef: 'component:default/kube-apiserver',
          policy: 'disallow-host-namespaces',
          reason: 'the control plane needs the host network',
          expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        })
        .expect(201);
      expect(waiver.body.grantedBy).toBe('user:default/platform');
      const s = await state();
      expect(s.status).toBe('pass');
      expect(s.excepted).toEqual([
        expect.objectContaining({
          policy: 'disallow-host-namespaces',
          exception: expect.objectContaining({ kind: 'waiver' }),
        }),
      ]);
      await request(server)
        .delete(`/api/policy/waivers/${waiver.body.id}`)
        .set('Authorization', PLATFORM)
        .expect(204);
      expect((await state()).status).toBe('fail');

      // Creating and deleting the waiver are on the audit trail.
      const records = await trail({
        actor: 'user:default/platform',
        entity: 'component:default/kube-apiserver',
        action: 'policy.waiver',
      });
      expect(records.map(r => [r.action, r.outcome, r.meta?.waiverId])).toEqual(
        [
          ['policy.waiver.delete', 'succeeded', waiver.body.id],
          ['policy.waiver.create', 'succeeded', waiver.body.id],
        ],
      );
      for (const r of records) {
        expect(await auditorEventOf(r.id)).toMatchObject({
          eventId: r.action.replace(/\./g, '-'),
          status: 'succeeded',
          meta: expect.objectContaining({
            actor: { type: 'user', ref: 'user:default/platform' },
          }),
        });
      }
    });

    it('keeps results that map nowhere and attaches them once the catalog gains the entity', async () => {
      const doc = YAML.parse(readPayload(KYVERNO_FILE));
      doc.scope = {
        ...doc.scope,
        name: 'payments-api-7d9f8b6c5d-x2x4k',
        namespace: 'payments',
      };
      const res = await post(YAML.stringify(doc), 'source=prod-eu').expect(200);
      expect(res.body).toMatchObject({ entities: [], unmapped: 2 });
      const waiting = await request(server)
        .get('/api/policy/unmapped')
        .set('Authorization', PLATFORM)
        .expect(200);
      expect(waiting.body.total).toBe(2);

      await setCatalog(server, [KUBE_APISERVER, BUNDLE, PAYMENTS_API]);
      await new Promise(r => setTimeout(r, 1100)); // the plugin's catalog snapshot lives 1 s here
      await scheduler.triggerTask('policy-attach-unmapped');
      const s = await state('payments-api');
      expect(s).toMatchObject({
        status: 'fail',
        sources: [{ source: 'prod-eu', lastAudit: at(0) }],
        violations: [{ policy: 'disallow-host-namespaces', firstSeen: at(0) }],
      });
      const none = await request(server)
        .get('/api/policy/unmapped')
        .set('Authorization', PLATFORM)
        .expect(200);
      expect(none.body).toEqual({ total: 0, items: [] });
    });

    it('serves the summary to service principals with a cursor, and through policyServiceRef', async () => {
      await request(server)
        .get('/api/policy/summary')
        .set('Authorization', PLATFORM)
        .expect(403);
      const first = await request(server)
        .get('/api/policy/summary')
        .set('Authorization', SERVICE)
        .expect(200);
      expect(first.body.removed).toEqual([]);
      expect(
        first.body.entries.map((e: any) => [e.entityRef, e.status]).sort(),
      ).toEqual([
        ['component:default/kube-apiserver', 'fail'],
        ['component:default/payments-api', 'fail'],
      ]);
      expect(first.body.entries[0]).toEqual({
        entityRef: expect.any(String),
        status: 'fail',
        violationsBySeverity: expect.objectContaining({ medium: 1 }),
        excepted: 0,
        lastAudit: expect.any(String),
        updatedAt: expect.any(String),
      });

      // A change after the cursor is in the next answer; entries still inside
      // the overlap window (recent ones) may repeat.
      await post(rescan(18000, r => r.result === 'fail')).expect(200);
      const next = await request(server)
        .get('/api/policy/summary')
        .query({ since: first.body.cursor })
        .set('Authorization', SERVICE)
        .expect(200);
      expect(next.body.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            entityRef: 'component:default/kube-apiserver',
            status: 'pass',
          }),
        ]),
      );

      const viaService = await policyService!.getSummary();
      expect(viaService.entries.map(e => e.entityRef).sort()).toEqual([
        'component:default/kube-apiserver',
        'component:default/payments-api',
      ]);
    });

    it('gives the overview of what the caller may see in the catalog', async () => {
      // Asked as a service principal: the catalog's read permission is
      // conditional, and the permission backend refuses conditional decisions
      // for the mock user tokens of startTestBackend. OverviewService.test.ts
      // covers the filtering of what a user may not see.
      const res = await request(server)
        .get('/api/policy/overview')
        .set('Authorization', SERVICE)
        .expect(200);
      expect(res.body).toMatchObject({
        entities: { total: 2, pass: 1, fail: 1, warn: 0 },
        violationsBySeverity: { medium: 1 },
        worstOffenders: [{ entityRef: 'component:default/payments-api' }],
        oldestOpen: [
          {
            entityRef: 'component:default/payments-api',
            policy: 'disallow-host-namespaces',
            bundleRef: 'resource:default/admission-policies',
          },
        ],
        byPolicy: [
          {
            policy: 'disallow-host-namespaces',
            bundleRef: 'resource:default/admission-policies',
            severity: 'high',
            violations: 1,
            entities: 1,
          },
        ],
        unmapped: 0,
      });
    });
  },
);
