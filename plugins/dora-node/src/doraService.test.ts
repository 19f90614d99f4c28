import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DefaultDoraService } from './doraService';

type Received = { method?: string; url?: string; headers: any; body: string };

/** A real HTTP server standing in for the dora backend. */
async function startServer(status: number, answer: unknown) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body,
      });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    baseUrl: `http://127.0.0.1:${port}/api/dora`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

function createService(baseUrl: string) {
  const discovery = {
    getBaseUrl: async (pluginId: string) => {
      expect(pluginId).toBe('dora');
      return baseUrl;
    },
    getExternalBaseUrl: async () => baseUrl,
  } as DiscoveryService;
  const auth = {
    getOwnServiceCredentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:scaffolder' },
    }),
    getPluginRequestToken: async ({ targetPluginId }: any) => ({
      token: `token-for-${targetPluginId}`,
    }),
  } as unknown as AuthService;
  return DefaultDoraService.create({ discovery, auth });
}

describe('DefaultDoraService.ingestEvents', () => {
  const event = {
    id: 'scaffold:task-1',
    type: 'scaffold',
    timestamp: '2026-01-01T00:00:00Z',
    service: 'checkout',
    template: 'node-service',
  };

  it('posts the events as JSON with a plugin request token', async () => {
    const result = {
      received: 1,
      accepted: 1,
      duplicates: 0,
      optedOut: 0,
      rejected: [],
    };
    const server = await startServer(200, result);
    try {
      await expect(
        createService(server.baseUrl).ingestEvents([event]),
      ).resolves.toEqual(result);
      expect(server.received).toHaveLength(1);
      const [req] = server.received;
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/api/dora/events');
      expect(req.headers.authorization).toBe('Bearer token-for-dora');
      expect(req.headers['content-type']).toBe('application/json');
      expect(JSON.parse(req.body)).toEqual({ events: [event] });
    } finally {
      await server.close();
    }
  });

  it('throws a ResponseError for a non-2xx answer', async () => {
    const server = await startServer(400, {
      error: { name: 'InputError', message: 'No valid events in the request' },
      response: { statusCode: 400 },
    });
    try {
      await expect(
        createService(server.baseUrl).ingestEvents([{}]),
      ).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 400,
        body: { error: { message: 'No valid events in the request' } },
      });
    } finally {
      await server.close();
    }
  });
});

describe('DefaultDoraService reads', () => {
  it('asks GET /rollups with the query and a plugin request token', async () => {
    const answer = { groupBy: 'owner', groups: [], computing: true };
    const server = await startServer(202, answer);
    try {
      await expect(
        createService(server.baseUrl).getRollups({
          groupBy: 'owner',
          asOf: '2026-11-30T00:00:00.000Z',
        }),
      ).resolves.toEqual(answer);
      const [req] = server.received;
      expect(req.method).toBe('GET');
      expect(req.url).toBe(
        '/api/dora/rollups?groupBy=owner&asOf=2026-11-30T00%3A00%3A00.000Z',
      );
      expect(req.headers.authorization).toBe('Bearer token-for-dora');
    } finally {
      await server.close();
    }
  });

  it('asks GET /adoption and GET /tickets with only the options given', async () => {
    const server = await startServer(200, { ok: true });
    try {
      const service = createService(server.baseUrl);
      await service.getAdoption();
      await service.getAdoption({ asOf: '2026-11-30T00:00:00Z', months: 1 });
      await service.getTickets({ window: '28d', groupBy: 'category' });
      expect(server.received.map(r => r.url)).toEqual([
        '/api/dora/adoption',
        '/api/dora/adoption?asOf=2026-11-30T00%3A00%3A00Z&months=1',
        '/api/dora/tickets?window=28d&groupBy=category',
      ]);
    } finally {
      await server.close();
    }
  });

  it('throws a ResponseError naming the bad field', async () => {
    const server = await startServer(400, {
      error: { name: 'InputError', message: 'Invalid query: query.asOf ...' },
      response: { statusCode: 400 },
    });
    try {
      await expect(
        createService(server.baseUrl).getRollups({
          groupBy: 'owner',
          asOf: 'yesterday',
        }),
      ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 400 });
    } finally {
      await server.close();
    }
  });
});
