import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ResponseError, ServiceUnavailableError } from '@backstage/errors';
import { PolicySummaryResponse } from '@goldpath/plugin-policy-common';
import { AddressInfo } from 'node:net';
import http from 'node:http';
import { PolicyService } from './PolicyService';
import { policyServiceRef } from './policyServiceRef';

const SUMMARY: PolicySummaryResponse = {
  entries: [
    {
      entityRef: 'component:default/checkout',
      status: 'fail',
      violationsBySeverity: {
        critical: 0,
        high: 1,
        medium: 0,
        low: 0,
        info: 0,
        unknown: 0,
      },
      excepted: 0,
      lastAudit: '2024-05-01T00:00:00.000Z',
      updatedAt: '2024-05-01T00:00:01.000Z',
    },
  ],
  removed: [],
  cursor: 'c1',
};

interface Seen {
  url?: string;
  authorization?: string;
}

/**
 * A stand-in policy backend on a local port; the service under test finds
 * it through a discovery service that points there.
 */
function startServer(
  respond: (req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const seen: Seen = {};
  const server = http.createServer((req, res) => {
    seen.url = req.url;
    seen.authorization = req.headers.authorization;
    respond(req, res);
  });
  return new Promise<{ server: http.Server; port: number; seen: Seen }>(
    resolve =>
      server.listen(0, '127.0.0.1', () =>
        resolve({
          server,
          port: (server.address() as AddressInfo).port,
          seen,
        }),
      ),
  );
}

const backends: TestBackend[] = [];

async function serviceAt(baseUrl: string): Promise<PolicyService> {
  let service: PolicyService | undefined;
  const backend = await startTestBackend({
    features: [
      createServiceFactory({
        service: coreServices.discovery,
        deps: {},
        factory: () => ({
          getBaseUrl: async (pluginId: string) => `${baseUrl}/api/${pluginId}`,
          getExternalBaseUrl: async (pluginId: string) =>
            `${baseUrl}/api/${pluginId}`,
        }),
      }),
      createBackendPlugin({
        pluginId: 'consumer',
        register(env) {
          env.registerInit({
            deps: { policy: policyServiceRef },
            async init({ policy }) {
              service = policy;
            },
          });
        },
      }),
    ],
  });
  backends.push(backend);
  return service!;
}

describe('policyServiceRef', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop()));
    await Promise.all(servers.splice(0).map(s => new Promise(r => s.close(r))));
  });

  it('reads the summary with a token for the policy plugin, passing the cursor', async () => {
    const { server, port, seen } = await startServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(SUMMARY));
    });
    servers.push(server);
    const policy = await serviceAt(`http://127.0.0.1:${port}`);

    await expect(policy.getSummary({ since: 'a b&c' })).resolves.toEqual(
      SUMMARY,
    );
    expect(seen.url).toBe('/api/policy/summary?since=a+b%26c');
    expect(seen.authorization).toBe(
      `Bearer ${mockCredentials.service.token({
        onBehalfOf: mockCredentials.service('plugin:consumer'),
        targetPluginId: 'policy',
      })}`,
    );
    await policy.getSummary();
    expect(seen.url).toBe('/api/policy/summary');
  });

  it('throws a ResponseError carrying the backend’s error', async () => {
    const { server, port } = await startServer((_req, res) => {
      res.statusCode = 403;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'users may not' },
          request: { method: 'GET', url: '/api/policy/summary' },
          response: { statusCode: 403 },
        }),
      );
    });
    servers.push(server);
    const policy = await serviceAt(`http://127.0.0.1:${port}`);
    const error = await policy.getSummary().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error).toMatchObject({ name: 'NotAllowedError' });
  });

  it('throws a ServiceUnavailableError for an unreachable backend or a body that is no summary', async () => {
    const { server, port } = await startServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ hello: 'world' }));
    });
    servers.push(server);
    const odd = await serviceAt(`http://127.0.0.1:${port}`);
    await expect(odd.getSummary()).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );

    // A port nothing listens on (taken, then released).
    const { server: gone, port: closedPort } = await startServer(() => {});
    await new Promise(r => gone.close(r));
    const down = await serviceAt(`http://127.0.0.1:${closedPort}`);
    const error = await down.getSummary().catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain('Could not reach the policy backend');
  });
});
