import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  EntityRollupResponse,
  EntityScorecardResponse,
} from '@goldpath/plugin-dora-common';
import {
  fullScorecard,
  rollupResponse,
  systemRollup,
  timeline,
} from '../__testUtils__/scorecards';
import { adoptionResponse } from '../__testUtils__/adoption';
import { ticketsResponse } from '../__testUtils__/tickets';
import { DoraClient } from './DoraClient';

const baseUrl = 'http://backstage.test/api/dora';

describe('DoraClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const client = new DoraClient({ discoveryApi, fetchApi: new MockFetchApi() });

  it('fetches the scorecard of an entity from the dora backend', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(
        `${baseUrl}/scorecards/:kind/:namespace/:name`,
        ({ request }) => {
          requests.push(new URL(request.url));
          return HttpResponse.json(fullScorecard());
        },
      ),
    );

    const scorecard = (await client.getScorecard(
      'component:default/checkout',
    )) as EntityScorecardResponse;

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('dora');
    expect(requests).toHaveLength(1);
    expect(requests[0].pathname).toBe(
      '/api/dora/scorecards/component/default/checkout',
    );
    expect(requests[0].search).toBe('');
    expect(scorecard.scope).toBe('service');
    expect(scorecard.deploymentFrequency.perWeek).toBe(3.5);
    expect(scorecard.changeLeadTime.medianSeconds).toBe(93_600);
  });

  it('applies the backend defaults for kind and namespace', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${baseUrl}/scorecards/*`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json(fullScorecard());
      }),
    );

    await client.getScorecard('checkout');

    expect(paths).toEqual(['/api/dora/scorecards/component/default/checkout']);
  });

  it('encodes every path segment and the query parameters', async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${baseUrl}/scorecards/*`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(fullScorecard());
      }),
    );

    await client.getScorecard('component:team a/my#svc?x', {
      window: '12w',
      asOf: '2024-06-01T00:00:00+02:00',
    });

    expect(urls).toHaveLength(1);
    const url = new URL(urls[0]);
    expect(url.pathname).toBe(
      '/api/dora/scorecards/component/team%20a/my%23svc%3Fx',
    );
    // The `+` of the offset must survive as `%2B`, not turn into a space.
    expect(urls[0]).toContain('asOf=2024-06-01T00%3A00%3A00%2B02%3A00');
    expect(url.searchParams.get('window')).toBe('12w');
    expect(url.searchParams.get('asOf')).toBe('2024-06-01T00:00:00+02:00');
  });

  it('throws a ResponseError carrying the backend error on a non-2xx answer', async () => {
    server.use(
      http.get(`${baseUrl}/scorecards/*`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'Invalid query: window must be whole days',
            },
            request: { method: 'GET', url: '/scorecards/component/default/x' },
            response: { statusCode: 400 },
          },
          { status: 400, statusText: 'Bad Request' },
        ),
      ),
    );

    const result = client.getScorecard('component:default/x', {
      window: 'soon',
    });

    await expect(result).rejects.toBeInstanceOf(ResponseError);
    await expect(result).rejects.toMatchObject({
      statusCode: 400,
      cause: expect.objectContaining({
        name: 'InputError',
        message: 'Invalid query: window must be whole days',
      }),
    });
  });

  it('throws a ResponseError for a non-JSON error answer too', async () => {
    server.use(
      http.get(
        `${baseUrl}/scorecards/*`,
        () => new HttpResponse('upstream down', { status: 503 }),
      ),
    );

    await expect(
      client.getScorecard('component:default/checkout'),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 503 });
  });

  it('answers the rollup of a system as the backend sends it', async () => {
    const paths: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/scorecards/:kind/:namespace/:name`,
        ({ request }) => {
          paths.push(new URL(request.url).pathname);
          return HttpResponse.json(systemRollup());
        },
      ),
    );

    const response = await client.getScorecard('system:default/payments');

    expect(paths).toEqual(['/api/dora/scorecards/system/default/payments']);
    expect(response).toMatchObject({
      scope: 'rollup',
      rollup: { services: 3 },
      services: expect.any(Array),
    });
    expect((response as EntityRollupResponse).services).toHaveLength(3);
  });

  describe('getTimeline', () => {
    it('fetches the timeline of a service below its scorecard path', async () => {
      const urls: URL[] = [];
      server.use(
        http.get(
          `${baseUrl}/scorecards/:kind/:namespace/:name/timeline`,
          ({ request }) => {
            urls.push(new URL(request.url));
            return HttpResponse.json(timeline());
          },
        ),
      );

      const result = await client.getTimeline('checkout', {
        window: '30d',
        asOf: '2024-06-01T00:00:00+02:00',
      });

      expect(urls).toHaveLength(1);
      expect(urls[0].pathname).toBe(
        '/api/dora/scorecards/component/default/checkout/timeline',
      );
      expect(urls[0].searchParams.get('window')).toBe('30d');
      expect(urls[0].searchParams.get('asOf')).toBe(
        '2024-06-01T00:00:00+02:00',
      );
      expect(result.deployments).toHaveLength(4);
      expect(result.leadTimeSeconds).toHaveLength(8);
    });

    it('encodes the path segments and sends no query without options', async () => {
      const urls: string[] = [];
      server.use(
        http.get(`${baseUrl}/scorecards/*`, ({ request }) => {
          urls.push(request.url);
          return HttpResponse.json(timeline());
        }),
      );

      await client.getTimeline('component:team a/my#svc');

      expect(urls).toEqual([
        `${baseUrl}/scorecards/component/team%20a/my%23svc/timeline`,
      ]);
    });

    it('throws a ResponseError for a rollup entity (400)', async () => {
      server.use(
        http.get(`${baseUrl}/scorecards/*`, () =>
          HttpResponse.json(
            {
              error: {
                name: 'InputError',
                message: 'Timelines are for services',
              },
              request: {
                method: 'GET',
                url: '/scorecards/system/x/y/timeline',
              },
              response: { statusCode: 400 },
            },
            { status: 400 },
          ),
        ),
      );

      await expect(
        client.getTimeline('system:default/payments'),
      ).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 400,
        cause: expect.objectContaining({
          message: 'Timelines are for services',
        }),
      });
    });
  });

  describe('getRollups', () => {
    it.each(['owner', 'system', 'domain', 'template'] as const)(
      'fetches the rollups grouped by %s',
      async groupBy => {
        const urls: URL[] = [];
        server.use(
          http.get(`${baseUrl}/rollups`, ({ request }) => {
            urls.push(new URL(request.url));
            return HttpResponse.json(rollupResponse(groupBy));
          }),
        );

        const result = await client.getRollups({ groupBy });

        expect(urls).toHaveLength(1);
        expect(urls[0].pathname).toBe('/api/dora/rollups');
        expect(urls[0].search).toBe(`?groupBy=${groupBy}`);
        expect(result.groupBy).toBe(groupBy);
        expect(result.fleet.services).toBe(3);
      },
    );

    it('sends the window and asOf, encoded', async () => {
      const urls: string[] = [];
      server.use(
        http.get(`${baseUrl}/rollups`, ({ request }) => {
          urls.push(request.url);
          return HttpResponse.json(rollupResponse('system'));
        }),
      );

      await client.getRollups({
        groupBy: 'system',
        window: '180d',
        asOf: '2024-06-01T00:00:00+02:00',
      });

      expect(urls).toEqual([
        `${baseUrl}/rollups?groupBy=system&window=180d&asOf=2024-06-01T00%3A00%3A00%2B02%3A00`,
      ]);
    });

    it('throws a ResponseError on a non-2xx answer', async () => {
      server.use(
        http.get(
          `${baseUrl}/rollups`,
          () => new HttpResponse('nope', { status: 500 }),
        ),
      );

      await expect(
        client.getRollups({ groupBy: 'owner' }),
      ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 500 });
    });
  });

  describe('getTickets', () => {
    it('fetches the ticket figures, sending only the options given', async () => {
      const urls: string[] = [];
      server.use(
        http.get(`${baseUrl}/tickets`, ({ request }) => {
          urls.push(request.url);
          return HttpResponse.json(ticketsResponse());
        }),
      );

      const result = await client.getTickets();
      await client.getTickets({
        window: '30d',
        asOf: '2024-07-01T00:00:00+02:00',
        groupBy: 'month',
        category: 'gpu-quota',
        team: 'team a',
        timeZone: 'Europe/Berlin',
      });

      expect(result.totals.tickets).toBe(5);
      expect(urls).toEqual([
        `${baseUrl}/tickets`,
        `${baseUrl}/tickets?window=30d&asOf=2024-07-01T00%3A00%3A00%2B02%3A00&groupBy=month&category=gpu-quota&team=team+a&timeZone=Europe%2FBerlin`,
      ]);
    });
  });

  describe('getAdoption', () => {
    it('fetches the adoption figures without a query by default', async () => {
      const urls: string[] = [];
      server.use(
        http.get(`${baseUrl}/adoption`, ({ request }) => {
          urls.push(request.url);
          return HttpResponse.json(adoptionResponse());
        }),
      );

      const result = await client.getAdoption();

      expect(urls).toEqual([`${baseUrl}/adoption`]);
      expect(result.coverage.fleet.share).toBe(0.75);
      expect(result.versionDrift[0].template).toBe(
        'template:default/golden-path-service',
      );
    });

    it('sends months and asOf, encoded', async () => {
      const urls: string[] = [];
      server.use(
        http.get(`${baseUrl}/adoption`, ({ request }) => {
          urls.push(request.url);
          return HttpResponse.json(adoptionResponse());
        }),
      );

      await client.getAdoption({
        months: 12,
        asOf: '2024-06-01T00:00:00+02:00',
      });

      expect(urls).toEqual([
        `${baseUrl}/adoption?months=12&asOf=2024-06-01T00%3A00%3A00%2B02%3A00`,
      ]);
    });

    it('throws a ResponseError carrying the status on 403', async () => {
      server.use(
        http.get(`${baseUrl}/adoption`, () =>
          HttpResponse.json(
            {
              error: { name: 'NotAllowedError', message: 'Unauthorized' },
              request: { method: 'GET', url: '/adoption' },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
        ),
      );

      await expect(client.getAdoption()).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 403,
      });
    });
  });
});
