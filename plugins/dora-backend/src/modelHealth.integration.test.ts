import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  TestBackend,
  TestDatabaseId,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '@goldpath/test-utils';
import doraPlugin from './index';

const CI_TOKEN = 'ci-token-for-model-health-0123456789';
const auth = { Authorization: `Bearer ${CI_TOKEN}` };
const NOW = Date.now();
const iso = (daysAgo: number) =>
  new Date(NOW - daysAgo * 86_400_000).toISOString();

const LATENCY = [
  { le: 0.05, count: 10 },
  { le: 0.1, count: 40 },
  { le: 0.25, count: 90 },
  { le: 0.5, count: 98 },
  { le: 1, count: 100 },
  { le: '+Inf', count: 100 },
];

function modelHealth(day: number, fields: object = {}) {
  return {
    id: `mh-${day}`,
    type: 'model_health',
    service: 'component:default/fraud-detector',
    timestamp: iso(day),
    model: 'fraud-detector',
    modelVersion: day > 10 ? '6' : '7',
    dataDrift: { score: 0.5 - day / 100, threshold: 0.2, method: 'psi' },
    accuracy: { value: 0.9 + day / 1000, metric: 'auc', sampleSize: 500 },
    latency: { buckets: LATENCY, sum: 14, count: 100 },
    ...fields,
  };
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'model health on %s',
  (databaseId: TestDatabaseId) => {
    let backend: TestBackend | undefined;
    let knex: Knex;
    afterEach(async () => {
      await backend?.stop();
      backend = undefined;
    });

    async function start() {
      knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          doraPlugin,
          mockServices.database.factory({ knex }),
          authServiceFactory,
          httpAuthServiceFactory,
          httpRouterServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              backend: {
                baseUrl: 'http://localhost:7007',
                auth: {
                  externalAccess: [
                    {
                      type: 'static',
                      options: { token: CI_TOKEN, subject: 'ci' },
                    },
                  ],
                },
              },
              goldpath: { dora: { privacy: { actorHashKey: 'test-key' } } },
            },
          }),
        ],
      });
      return backend.server;
    }

    it('summarises drift, accuracy and latency per model, and the DORA engine ignores the events', async () => {
      const server = await start();
      const events = [
        // 40 days ago: outside the default 30-day window
        modelHealth(40, { accuracy: { value: 0.99 } }),
        ...[20, 10, 5, 1].map(d => modelHealth(d)),
        {
          id: 'mh-churn',
          type: 'model_health',
          service: 'component:default/fraud-detector',
          timestamp: iso(2),
          model: 'churn',
          accuracy: { value: 0.7 },
        },
        // another service's model stays its own
        { ...modelHealth(3), id: 'mh-other', service: 'checkout' },
        {
          id: 'deploy-1',
          type: 'deployment',
          service: 'fraud-detector',
          deploymentId: 'd-1',
          environment: 'production',
          outcome: 'success',
          timestamp: iso(3),
        },
      ];
      const ingest = await request(server)
        .post('/api/dora/events')
        .set(auth)
        .send({ events })
        .expect(200);
      expect(ingest.body).toMatchObject({ accepted: 8, rejected: [] });

      const res = await request(server)
        .get('/api/dora/model-health')
        .query({ entity: 'fraud-detector' })
        .set(auth)
        .expect(200);
      expect(res.body.entityRef).toBe('component:default/fraud-detector');
      expect(res.body.window.days).toBe(30);
      expect(res.body.models.map((m: any) => m.model)).toEqual([
        'churn',
        'fraud-detector',
      ]);
      const fraud = res.body.models[1];
      expect(fraud).toMatchObject({
        model: 'fraud-detector',
        modelVersion: '7',
        lastReportedAt: iso(1),
        drift: {
          score: 0.49,
          threshold: 0.2,
          breached: true,
          method: 'psi',
        },
        latency: { p50: 0.13, p95: 0.40625, p99: 0.75, count: 100 },
        accuracyTruncated: false,
      });
      expect(fraud.accuracy.map((a: any) => a.value)).toEqual([
        0.92, 0.91, 0.905, 0.901,
      ]);
      expect(fraud.accuracy[0]).toMatchObject({
        at: iso(20),
        metric: 'auc',
        sampleSize: 500,
        modelVersion: '6',
      });
      expect(res.body.models[0]).toMatchObject({
        model: 'churn',
        drift: null,
        latency: null,
        modelVersion: null,
      });

      const week = await request(server)
        .get('/api/dora/model-health')
        .query({ entity: 'component:default/fraud-detector', days: '7' })
        .set(auth)
        .expect(200);
      expect(week.body.models[1].accuracy.map((a: any) => a.value)).toEqual([
        0.905, 0.901,
      ]);

      const card = await request(server)
        .get('/api/dora/scorecards/component/default/fraud-detector')
        .set(auth)
        .expect(200);
      expect(card.body.deploymentFrequency.deployments).toBe(1);

      // only the delivery event bumps the service's scorecard version
      const state = await knex('dora_service_state').select(
        'service_ref',
        'version',
      );
      expect(state.map(s => [s.service_ref, Number(s.version)]).sort()).toEqual(
        [['component:default/fraud-detector', 1]],
      );
    });

    it('answers an entity without model-health events with no models', async () => {
      const server = await start();
      const res = await request(server)
        .get('/api/dora/model-health')
        .query({ entity: 'component:default/ledger' })
        .set(auth)
        .expect(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/ledger',
        models: [],
      });
    });

    it('refuses bad queries with 400 and field reasons, and anonymous reads with 401', async () => {
      const server = await start();
      await request(server)
        .get('/api/dora/model-health')
        .query({ entity: 'fraud-detector' })
        .expect(401);
      const missing = await request(server)
        .get('/api/dora/model-health')
        .set(auth)
        .expect(400);
      expect(missing.body.error.name).toBe('InputError');
      expect(missing.body.error.message).toContain('query.entity is required');
      const bad = await request(server)
        .get('/api/dora/model-health')
        .query({ entity: 'fraud-detector', days: '91', extra: '1' })
        .set(auth)
        .expect(400);
      expect(bad.body.error.message).toContain(
        'query.days must be a whole number of days from 1 to 90',
      );
      expect(bad.body.error.message).toContain('unknown query parameter extra');
      for (const days of ['0', '1.5', 'x']) {
        await request(server)
          .get('/api/dora/model-health')
          .query({ entity: 'fraud-detector', days })
          .set(auth)
          .expect(400);
      }
    });

    it('rejects malformed model-health events with field-level reasons', async () => {
      const server = await start();
      const res = await request(server)
        .post('/api/dora/events')
        .set(auth)
        .expect(400)
        .send({
          events: [
            {
              id: 'mh-bad',
              type: 'model_health',
              service: 'fraud-detector',
              timestamp: iso(1),
              model: 'fraud-detector',
              latency: {
                buckets: [
                  { le: 0.1, count: 5 },
                  { le: 0.2, count: 3 },
                  { le: '+Inf', count: 8 },
                ],
              },
            },
            {
              id: 'mh-empty',
              type: 'model_health',
              service: 'fraud-detector',
              timestamp: iso(1),
              model: 'fraud-detector',
            },
          ],
        });
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.rejected).toEqual([
        expect.objectContaining({
          id: 'mh-bad',
          errors: [
            {
              path: 'latency.buckets[1].count',
              message: expect.stringContaining('cumulative'),
            },
          ],
        }),
        expect.objectContaining({
          id: 'mh-empty',
          errors: [
            {
              path: 'dataDrift',
              message: expect.stringContaining(
                'at least one of dataDrift, accuracy or latency',
              ),
            },
          ],
        }),
      ]);
    });
  },
);
