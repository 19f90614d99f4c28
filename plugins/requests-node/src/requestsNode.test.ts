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
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { requestsApprovePermission } from '@goldpath/plugin-requests-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  createRequestsConditionalDecision,
  isTargetOwnerRule,
  requestsConditions,
} from './permissionRules';
import { RequestsService } from './RequestsService';
import { requestsServiceRef } from './requestsServiceRef';

describe('IS_TARGET_OWNER', () => {
  it('matches the owners of the target, case-insensitively, and no one without an owner', () => {
    const claims = ['user:default/carol', 'group:default/Team-Data'];
    const request = { id: 'r', requester: 'user:default/ada' };
    expect(
      isTargetOwnerRule.apply(
        { ...request, targetOwnerRef: 'group:default/team-data' },
        { claims },
      ),
    ).toBe(true);
    expect(
      isTargetOwnerRule.apply(
        { ...request, targetOwnerRef: 'group:default/team-gpu' },
        { claims },
      ),
    ).toBe(false);
    expect(isTargetOwnerRule.apply(request, { claims })).toBe(false);
    expect(isTargetOwnerRule.toQuery({ claims })).toEqual({
      key: 'target_owner_ref',
      values: ['user:default/carol', 'group:default/team-data'],
    });
  });

  it('builds the conditional decision a policy returns', () => {
    expect(
      createRequestsConditionalDecision(
        requestsApprovePermission,
        requestsConditions.isTargetOwner({
          claims: ['group:default/team-data'],
        }),
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'requests',
      resourceType: 'requests-request',
      conditions: {
        rule: 'IS_TARGET_OWNER',
        resourceType: 'requests-request',
        params: { claims: ['group:default/team-data'] },
      },
    });
  });
});

/** A stand-in requests backend on a local port, found through discovery. */
function startServer(
  respond: (
    req: http.IncomingMessage,
    body: string,
    res: http.ServerResponse,
  ) => void,
) {
  const seen: Array<{
    method?: string;
    url?: string;
    authorization?: string;
    body: string;
  }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        body,
      });
      respond(req, body, res);
    });
  });
  return new Promise<{ server: http.Server; url: string; seen: typeof seen }>(
    resolve =>
      server.listen(0, '127.0.0.1', () =>
        resolve({
          server,
          url: `http://127.0.0.1:${
            (server.address() as AddressInfo).port
          }/api/requests`,
          seen,
        }),
      ),
  );
}

describe('requestsServiceRef', () => {
  let backend: TestBackend | undefined;
  let server: http.Server | undefined;
  afterEach(async () => {
    await backend?.stop();
    await new Promise(r => (server ? server.close(r) : r(undefined)));
    backend = undefined;
    server = undefined;
  });

  async function serviceAgainst(
    respond: (
      req: http.IncomingMessage,
      body: string,
      res: http.ServerResponse,
    ) => void,
  ) {
    const started = await startServer(respond);
    server = started.server;
    let service: RequestsService | undefined;
    backend = await startTestBackend({
      features: [
        createServiceFactory({
          service: coreServices.discovery,
          deps: {},
          factory: () => ({
            getBaseUrl: async () => started.url,
            getExternalBaseUrl: async () => started.url,
          }),
        }),
        createBackendPlugin({
          pluginId: 'digest',
          register(env) {
            env.registerInit({
              deps: { requests: requestsServiceRef },
              async init({ requests }) {
                service = requests;
              },
            });
          },
        }),
      ],
    });
    return { service: service!, seen: started.seen };
  }

  const pending = {
    id: '00000000-0000-4000-8000-000000000001',
    status: 'pending',
    requester: 'user:default/ada',
    page: '/requests/00000000-0000-4000-8000-000000000001',
  };

  it('lists pending requests per owner with the plugin’s own credentials', async () => {
    const { service, seen } = await serviceAgainst((_req, _body, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ items: [pending] }));
    });
    expect(
      await service.listPending({
        ownerRefs: ['group:default/team-data', 'group:default/team-gpu'],
      }),
    ).toEqual([pending]);
    expect(seen[0].url).toBe(
      '/api/requests/pending?ownerRef=group%3Adefault%2Fteam-data&ownerRef=group%3Adefault%2Fteam-gpu',
    );
    expect(seen[0].authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:digest'),
        targetPluginId: 'requests',
      }),
    );
    expect(await service.listPending({ ownerRefs: [] })).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('creates a request on behalf of the given credentials and passes errors on', async () => {
    const { service, seen } = await serviceAgainst((req, _body, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/requests/requests' && seen.length === 1) {
        res.statusCode = 201;
        res.end(JSON.stringify(pending));
      } else if (seen.length === 2) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'Invalid body: body.kind ...',
            },
          }),
        );
      } else {
        res.end('{"nope":true}');
      }
    });
    const body = {
      kind: 'database-credentials',
      targetRef: 'resource:default/orders-db',
      fulfilment: { type: 'action' as const, id: 'db:credentials:issue' },
    };
    const credentials = mockCredentials.user('user:default/ada');
    expect(await service.createRequest(body, { credentials })).toEqual(pending);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      body: JSON.stringify(body),
      authorization: mockCredentials.service.header({
        onBehalfOf: credentials,
        targetPluginId: 'requests',
      }),
    });
    await expect(
      service.createRequest(body, { credentials }),
    ).rejects.toBeInstanceOf(ResponseError);
    await expect(
      service.createRequest(body, { credentials }),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
