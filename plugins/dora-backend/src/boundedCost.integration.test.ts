import { TestBackend, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import doraPlugin from './index';

describe('bounded asOf over HTTP', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [doraPlugin, catalogServiceMock.factory({ entities: [] })],
    });
  });

  afterAll(() => backend?.stop());

  it('answers 400 naming asOf beyond the future skew on every route that takes it', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const q = `asOf=${encodeURIComponent(future)}`;
    for (const path of [
      `/api/dora/scorecards/component/default/checkout?${q}`,
      `/api/dora/scorecards/component/default/checkout/timeline?${q}`,
      `/api/dora/scorecards/group/default/team-a?${q}`,
      `/api/dora/rollups?groupBy=owner&${q}`,
      `/api/dora/adoption?${q}`,
    ]) {
      const res = await request(backend.server).get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(/asOf/);
    }
    // A minute ahead (clock skew) is accepted.
    const soon = encodeURIComponent(
      new Date(Date.now() + 60_000).toISOString(),
    );
    const ok = await request(backend.server).get(
      `/api/dora/rollups?groupBy=owner&asOf=${soon}`,
    );
    expect(ok.status).toBe(200);
  });
});
