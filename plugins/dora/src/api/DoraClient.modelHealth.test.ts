import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { modelHealthResponse } from '../__testUtils__/modelHealth';
import { DoraClient } from './DoraClient';

const baseUrl = 'http://backstage.test/api/dora';

describe('DoraClient.getModelHealth', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new DoraClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi(),
  });

  it('asks GET /model-health for the entity, with the backend defaults', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${baseUrl}/model-health`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(modelHealthResponse());
      }),
    );
    const health = await client.getModelHealth('fraud-detector');
    await client.getModelHealth('component:default/fraud-detector', {
      days: 7,
    });
    expect(health.models[0].model).toBe('fraud-detector');
    expect(requests.map(r => r.searchParams.get('entity'))).toEqual([
      'component:default/fraud-detector',
      'component:default/fraud-detector',
    ]);
    expect(requests.map(r => r.searchParams.get('days'))).toEqual([null, '7']);
  });

  it('throws a ResponseError on a non-2xx answer', async () => {
    server.use(
      http.get(`${baseUrl}/model-health`, () =>
        HttpResponse.json(
          { error: { name: 'InputError', message: 'bad days' } },
          { status: 400 },
        ),
      ),
    );
    const error = await client.getModelHealth('fraud-detector').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(400);
  });
});
