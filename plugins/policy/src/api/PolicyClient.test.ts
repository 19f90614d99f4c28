import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  noReportState,
  overviewResponse,
  unmappedResponse,
  violationsState,
  waiver,
} from '../__testUtils__/states';
import { PolicyClient } from './PolicyClient';

const baseUrl = 'http://backstage.test/api/policy';

describe('PolicyClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const client = new PolicyClient({
    discoveryApi,
    fetchApi: new MockFetchApi(),
  });

  describe('getEntityState', () => {
    it('fetches the state of an entity from the policy backend', async () => {
      const urls: URL[] = [];
      server.use(
        http.get(
          `${baseUrl}/entities/:kind/:namespace/:name`,
          ({ request }) => {
            urls.push(new URL(request.url));
            return HttpResponse.json(violationsState());
          },
        ),
      );

      const state = await client.getEntityState('component:default/checkout');

      expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('policy');
      expect(urls.map(u => `${u.pathname}${u.search}`)).toEqual([
        '/api/policy/entities/component/default/checkout',
      ]);
      expect(state.status).toBe('fail');
      expect(state.violations).toHaveLength(4);
    });

    it('answers status null for an entity without a report, as sent', async () => {
      server.use(
        http.get(`${baseUrl}/entities/*`, () =>
          HttpResponse.json(noReportState('resource:default/orders-db')),
        ),
      );

      const state = await client.getEntityState('resource:default/orders-db');

      expect(state.status).toBeNull();
      expect(state.sources).toEqual([]);
    });

    it('applies the defaults for kind and namespace and encodes every segment', async () => {
      const paths: string[] = [];
      server.use(
        http.get(`${baseUrl}/entities/*`, ({ request }) => {
          paths.push(new URL(request.url).pathname);
          return HttpResponse.json(noReportState());
        }),
      );

      await client.getEntityState('checkout');
      await client.getEntityState('resource:team a/db#1?x');

      expect(paths).toEqual([
        '/api/policy/entities/component/default/checkout',
        '/api/policy/entities/resource/team%20a/db%231%3Fx',
      ]);
    });

    it('throws a ResponseError naming the 403 of a user without policy.read', async () => {
      server.use(
        http.get(`${baseUrl}/entities/*`, () =>
          HttpResponse.json(
            {
              error: { name: 'NotAllowedError', message: 'Unauthorized' },
              request: { method: 'GET', url: '/entities/component/default/x' },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
        ),
      );

      const result = client.getEntityState('component:default/x');
      await expect(result).rejects.toBeInstanceOf(ResponseError);
      await expect(result).rejects.toMatchObject({
        statusCode: 403,
        cause: expect.objectContaining({ name: 'NotAllowedError' }),
      });
    });

    it('throws a ResponseError for a non-JSON error answer too', async () => {
      server.use(
        http.get(
          `${baseUrl}/entities/*`,
          () => new HttpResponse('upstream down', { status: 503 }),
        ),
      );

      await expect(
        client.getEntityState('component:default/checkout'),
      ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 503 });
    });
  });

  it('fetches the overview', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${baseUrl}/overview`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json(overviewResponse());
      }),
    );

    const overview = await client.getOverview();

    expect(paths).toEqual(['/api/policy/overview']);
    expect(overview.entities).toEqual({ total: 3, pass: 1, warn: 0, fail: 2 });
  });

  describe('getUnmapped', () => {
    it('sends the limit when given', async () => {
      const urls: string[] = [];
      server.use(
        http.get(`${baseUrl}/unmapped`, ({ request }) => {
          urls.push(request.url);
          return HttpResponse.json(unmappedResponse());
        }),
      );

      const limited = await client.getUnmapped({ limit: 50 });
      await client.getUnmapped();

      expect(urls).toEqual([
        `${baseUrl}/unmapped?limit=50`,
        `${baseUrl}/unmapped`,
      ]);
      expect(limited.total).toBe(2);
      expect(limited.items[0].source).toBe('prod-us');
    });

    it('throws a ResponseError carrying the backend error on a 400', async () => {
      server.use(
        http.get(`${baseUrl}/unmapped`, () =>
          HttpResponse.json(
            {
              error: {
                name: 'InputError',
                message: 'Invalid query: limit must be at most 500',
              },
              request: { method: 'GET', url: '/unmapped' },
              response: { statusCode: 400 },
            },
            { status: 400 },
          ),
        ),
      );

      await expect(client.getUnmapped({ limit: 9999 })).rejects.toMatchObject({
        statusCode: 400,
        cause: expect.objectContaining({
          message: 'Invalid query: limit must be at most 500',
        }),
      });
    });
  });

  describe('waivers', () => {
    it('lists the waivers of an entity by its full ref, encoded in the query', async () => {
      const urls: URL[] = [];
      server.use(
        http.get(`${baseUrl}/waivers`, ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({ items: [waiver('w1')] });
        }),
      );

      const { items } = await client.getWaivers('checkout');

      expect(urls).toHaveLength(1);
      expect(urls[0].pathname).toBe('/api/policy/waivers');
      expect(urls[0].searchParams.get('entity')).toBe(
        'component:default/checkout',
      );
      expect(urls[0].search).toBe('?entity=component%3Adefault%2Fcheckout');
      expect(items.map(w => w.id)).toEqual(['w1']);
    });

    it('posts a waiver as JSON and answers the recorded waiver', async () => {
      const bodies: unknown[] = [];
      const contentTypes: (string | null)[] = [];
      server.use(
        http.post(`${baseUrl}/waivers`, async ({ request }) => {
          contentTypes.push(request.headers.get('content-type'));
          const body = (await request.json()) as Record<string, string>;
          bodies.push(body);
          return HttpResponse.json(
            waiver('w-new', { ...body, grantedBy: 'user:default/jane' }),
            { status: 201 },
          );
        }),
      );

      const recorded = await client.createWaiver({
        entityRef: 'Component:Default/checkout',
        policy: 'require-labels',
        rule: 'check-team-label',
        findingKey: 'k-labels',
        reason: 'Labels come with the next chart release',
        expiresAt: '2030-01-31T23:59:59.000Z',
      });

      expect(contentTypes).toEqual(['application/json']);
      expect(bodies).toEqual([
        {
          entityRef: 'component:default/checkout',
          policy: 'require-labels',
          rule: 'check-team-label',
          findingKey: 'k-labels',
          reason: 'Labels come with the next chart release',
          expiresAt: '2030-01-31T23:59:59.000Z',
        },
      ]);
      expect(recorded).toMatchObject({
        id: 'w-new',
        grantedBy: 'user:default/jane',
      });
    });

    it('throws a ResponseError for a 403 of a user without policy.waivers.manage', async () => {
      server.use(
        http.post(`${baseUrl}/waivers`, () =>
          HttpResponse.json(
            {
              error: { name: 'NotAllowedError', message: 'Unauthorized' },
              request: { method: 'POST', url: '/waivers' },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
        ),
      );

      await expect(
        client.createWaiver({
          entityRef: 'component:default/checkout',
          policy: 'p',
          reason: 'r',
          expiresAt: '2030-01-01T00:00:00.000Z',
        }),
      ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
    });
  });
});
