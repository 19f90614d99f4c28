import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import doraPlugin from '@goldpath/plugin-dora-backend';
import request from 'supertest';
import demoDataModule from './index';

describe('the demo-data module', () => {
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  it('fills the dora store at start when goldpath.demo.enabled is true', async () => {
    backend = await startTestBackend({
      features: [
        doraPlugin,
        demoDataModule,
        mockServices.rootConfig.factory({
          data: { goldpath: { demo: { enabled: true, days: 30 } } },
        }),
      ],
    });
    const { server } = backend;
    const res = await request(server)
      .get('/api/dora/scorecards/component/default/checkout')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.deploymentFrequency.deployments).toBeGreaterThan(20);
    expect(res.body.changeLeadTime.medianSeconds).toBeGreaterThan(0);
  });

  it('loads 30 days of model health for fraud-detector', async () => {
    backend = await startTestBackend({
      features: [
        doraPlugin,
        demoDataModule,
        mockServices.rootConfig.factory({
          data: { goldpath: { demo: { enabled: true, days: 30 } } },
        }),
      ],
    });
    const res = await request(backend.server)
      .get('/api/dora/model-health')
      .set('Authorization', mockCredentials.service.header())
      .query({ entity: 'component:default/fraud-detector' });
    expect(res.status).toBe(200);
    expect(res.body.models).toHaveLength(1);
    expect(res.body.models[0]).toMatchObject({
      model: 'fraud-detector',
      modelVersion: '7',
      drift: { breached: true, threshold: 0.2, method: 'psi' },
    });
    expect(res.body.models[0].accuracy).toHaveLength(30);
  });

  it('does nothing unless enabled', async () => {
    backend = await startTestBackend({
      features: [doraPlugin, demoDataModule],
    });
    const { server } = backend;
    const res = await request(server)
      .get('/api/dora/scorecards/component/default/checkout')
      .set('Authorization', mockCredentials.service.header());
    expect(res.body.deploymentFrequency.deployments).toBe(0);
  });

  it('refuses an invalid number of days', async () => {
    await expect(
      startTestBackend({
        features: [
          doraPlugin,
          demoDataModule,
          mockServices.rootConfig.factory({
            data: { goldpath: { demo: { enabled: true, days: -3 } } },
          }),
        ],
      }),
    ).rejects.toThrow(/goldpath.demo.days/);
  });
});
