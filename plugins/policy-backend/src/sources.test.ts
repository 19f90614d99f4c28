import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  PolicyReportSink,
  policyReportSourcesExtensionPoint,
} from '@goldpath/plugin-policy-node';
import request from 'supertest';
import { policyReport } from './__testUtils__/reports';
import policyPlugin from './index';

describe('the policy.report-sources extension point', () => {
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  it('connects every source at start with a sink that ingests as the REST endpoint does', async () => {
    let sink: PolicyReportSink | undefined;
    const logger = mockServices.logger.mock();
    const sourcesModule = createBackendModule({
      pluginId: 'policy',
      moduleId: 'test-sources',
      register(env) {
        env.registerInit({
          deps: { sources: policyReportSourcesExtensionPoint },
          async init({ sources }) {
            sources.addReportSource(
              {
                id: 'broken',
                async connect() {
                  throw new Error('cannot reach the cluster');
                },
              },
              {
                id: 'good',
                async connect(s) {
                  sink = s;
                  await s.ingest(
                    policyReport({
                      scope: {
                        kind: 'Deployment',
                        name: 'cart',
                        namespace: 'shop',
                      },
                      results: [
                        { policy: 'require-resource-limits', result: 'fail' },
                      ],
                    }),
                    {
                      source: 'prod-eu',
                      entityRef: 'cart',
                      receivedAt: new Date('2024-05-01T00:00:00Z'),
                    },
                  );
                },
              },
            );
          },
        });
      },
    });
    backend = await startTestBackend({
      features: [
        policyPlugin,
        sourcesModule,
        catalogServiceMock.factory({ entities: [] }),
        logger.factory,
      ],
    });
    const res = await request(backend.server)
      .get('/api/policy/entities/component/default/cart')
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'fail',
      sources: [{ source: 'prod-eu' }],
    });
    expect(logger.error).toHaveBeenCalledWith(
      'Policy report source broken failed to connect',
      expect.objectContaining({ message: 'cannot reach the cluster' }),
    );
    // The sink checks its options as the REST endpoint checks the query.
    await expect(
      sink!.ingest('{}', { source: ' bad source' }),
    ).rejects.toMatchObject({
      name: 'InputError',
    });
    await expect(
      sink!.ingest('{}', { source: 'ci', entityRef: 'not a ref!' }),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      sink!.ingest('{"hello": 1}', { source: 'ci' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('unknown report format'),
    });
  });
});
