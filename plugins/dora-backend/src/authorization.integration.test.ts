import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  RootLoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { USERS_MAY_NOT_INGEST } from './http/authorize';
import { createTestDatabases } from '@goldpath/test-utils';
import { DatabaseDoraStore } from './database/DatabaseDoraStore';
import doraPlugin from './index';

/*
 * Who may call which endpoint of the dora plugin. The permission policy is
 * played by `UserPolicy` (the pluggable part of Backstage's permission
 * framework); auth, the catalog, its conditional read filtering and the
 * external-access tokens are Backstage's own.
 */

const CI_TOKEN = 'ci-token-0123456789-abcdefghij';
const READ_ONLY_TOKEN = 'read-only-token-0123456789-abcdef';
const OTHER_PLUGIN_TOKEN = 'other-plugin-token-0123456789-abc';
const GITHUB_SECRET = 'github-webhook-secret-0123456789';

const NOBODY = 'user:default/nobody';
const READER = 'user:default/reader';
const WRITER = 'user:default/writer';

/** What the stand-in policy grants each user. */
const GRANTS: Record<string, string[]> = {
  [READER]: ['dora.scorecards.read', 'catalog.entity.read'],
  [WRITER]: [
    'dora.scorecards.read',
    'catalog.entity.read',
    'dora.events.create',
    'dora.deadletters.read',
  ],
};

/**
 * A permission policy by user. Service principals are decided without it,
 * as Backstage's own permissions service does. Catalog entities labelled
 * `hidden` are not shown to users (a conditional decision the catalog
 * applies itself).
 */
class UserPolicy {
  async authorize(
    requests: Array<{ permission: { name: string } }>,
    options: { credentials: BackstageCredentials },
  ): Promise<PolicyDecision[]> {
    const principal = options.credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    return requests.map(r => ({
      result:
        principal.type === 'service' ||
        GRANTS[principal.userEntityRef ?? '']?.includes(r.permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })) as PolicyDecision[];
  }

  async authorizeConditional(
    queries: Array<{ permission: { name: string } }>,
    options: { credentials: BackstageCredentials },
  ): Promise<any[]> {
    const principal = options.credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    return queries.map(q => {
      if (principal.type === 'service') {
        return { result: AuthorizeResult.ALLOW };
      }
      if (!GRANTS[principal.userEntityRef ?? '']?.includes(q.permission.name)) {
        return { result: AuthorizeResult.DENY };
      }
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          not: {
            rule: 'HAS_LABEL',
            resourceType: 'catalog-entity',
            params: { label: 'hidden' },
          },
        },
      };
    });
  }
}

const policyFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => new UserPolicy() as unknown as PermissionsService,
});

/** Every line any plugin logs, with its metadata, as text. */
const logged: string[] = [];

class CapturingLogger implements RootLoggerService {
  constructor(private readonly fields: Record<string, unknown> = {}) {}
  private write(level: string, message: string, meta?: unknown) {
    const extra =
      meta instanceof Error
        ? { name: meta.name, message: meta.message, stack: meta.stack }
        : meta;
    logged.push(
      JSON.stringify({ level, message, ...this.fields, meta: extra ?? null }),
    );
  }
  error(message: string, meta?: Error | object) {
    this.write('error', message, meta);
  }
  warn(message: string, meta?: Error | object) {
    this.write('warn', message, meta);
  }
  info(message: string, meta?: Error | object) {
    this.write('info', message, meta);
  }
  debug(message: string, meta?: Error | object) {
    this.write('debug', message, meta);
  }
  child(meta: object): LoggerService {
    return new CapturingLogger({ ...this.fields, ...meta });
  }
}

const loggerFactory = createServiceFactory({
  service: coreServices.rootLogger,
  deps: {},
  factory: () => new CapturingLogger(),
});

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY).toISOString();

const CATALOG = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: shop }
spec: { owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: open }
spec: { type: service, lifecycle: production, owner: team-a, system: shop }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: secret
  labels: { hidden: 'true' }
  annotations: { github.com/project-slug: acme/secret }
spec: { type: service, lifecycle: production, owner: team-a, system: shop }
`;

const deployments = (service: string) =>
  [3, 2, 1].map(d => ({
    id: `${service}-deploy-${d}`,
    type: 'deployment',
    service,
    deploymentId: `${service}-${d}`,
    environment: 'production',
    outcome: 'success',
    timestamp: daysAgo(d),
  }));

const EVENT = deployments('open')[0];

const pingBody = JSON.stringify({
  zen: 'Keep it logically awesome.',
  hook_id: 1,
});
const signedPing = {
  'Content-Type': 'application/json',
  'X-GitHub-Event': 'ping',
  'X-GitHub-Delivery': 'd-1',
  'X-Hub-Signature-256': `sha256=${createHmac('sha256', GITHUB_SECRET)
    .update(pingBody)
    .digest('hex')}`,
};

type Caller = 'none' | 'nobody' | 'reader' | 'writer' | 'service';
const CALLERS: Caller[] = ['none', 'nobody', 'reader', 'writer', 'service'];

function headersOf(caller: Caller): Record<string, string> {
  switch (caller) {
    case 'none':
      return {};
    case 'nobody':
      return { Authorization: mockCredentials.user.header(NOBODY) };
    case 'reader':
      return { Authorization: mockCredentials.user.header(READER) };
    case 'writer':
      return { Authorization: mockCredentials.user.header(WRITER) };
    default:
      return { Authorization: mockCredentials.service.header() };
  }
}

interface Row {
  method: 'get' | 'post';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  expected: Record<Caller, number>;
}

const reads = {
  none: 401,
  nobody: 403,
  reader: 200,
  writer: 200,
  service: 200,
};

/** Every route of `http/router.ts`. */
const MATRIX: Row[] = [
  {
    method: 'get',
    path: '/health',
    expected: {
      none: 200,
      nobody: 200,
      reader: 200,
      writer: 200,
      service: 200,
    },
  },
  {
    method: 'post',
    path: '/events',
    body: { events: [EVENT] },
    // Users may not write without goldpath.dora.ingestion.allowUsers.
    expected: {
      none: 401,
      nobody: 403,
      reader: 403,
      writer: 403,
      service: 200,
    },
  },
  {
    method: 'post',
    path: '/webhooks/github',
    body: pingBody,
    headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'ping' },
    // Open to the network, proven by the signature only: unsigned is 401.
    expected: {
      none: 401,
      nobody: 401,
      reader: 401,
      writer: 401,
      service: 401,
    },
  },
  {
    method: 'post',
    path: '/webhooks/github',
    body: pingBody,
    headers: signedPing,
    expected: {
      none: 202,
      nobody: 202,
      reader: 202,
      writer: 202,
      service: 202,
    },
  },
  {
    method: 'get',
    path: '/scorecards/component/default/open',
    expected: reads,
  },
  {
    method: 'get',
    path: '/scorecards/component/default/open/timeline',
    expected: reads,
  },
  { method: 'get', path: '/scorecards/group/default/team-a', expected: reads },
  { method: 'get', path: '/rollups?groupBy=owner', expected: reads },
  { method: 'get', path: '/adoption', expected: reads },
  { method: 'get', path: '/tickets', expected: reads },
  {
    method: 'get',
    path: '/model-health?entity=component:default/open',
    expected: reads,
  },
  { method: 'get', path: '/unresolved', expected: reads },
  {
    method: 'get',
    path: '/dead-letters',
    // Its own permission, dora.deadletters.read (the writer has it).
    expected: {
      none: 401,
      nobody: 403,
      reader: 403,
      writer: 200,
      service: 200,
    },
  },
  {
    method: 'get',
    path: '/scaffold-attributions',
    // Other plugins only.
    expected: {
      none: 401,
      nobody: 403,
      reader: 403,
      writer: 403,
      service: 200,
    },
  },
];

function send(server: TestBackend['server'], row: Row, caller: Caller) {
  const req =
    row.method === 'get'
      ? request(server).get(`/api/dora${row.path}`)
      : request(server).post(`/api/dora${row.path}`);
  req.set({ ...headersOf(caller), ...row.headers });
  return row.body === undefined ? req : req.send(row.body as object);
}

const databases = createTestDatabases();

/** Webhook events waiting for an entity, as the store keeps them. */
const waiting = (slug: string) => ({
  id: `waiting-${slug}`,
  source: 'github',
  identity: {
    annotation: 'github.com/project-slug',
    value: slug,
    fallbackName: slug.split('/')[1],
  },
  event: { id: `waiting-${slug}`, type: 'deployment', timestamp: daysAgo(1) },
  occurredAt: Date.now() - DAY,
  receivedAt: Date.now() - DAY,
});

describe('authorization of the dora API', () => {
  const dir = createMockDirectory({ content: { 'catalog.yaml': CATALOG } });
  let backend: TestBackend;

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    // Received before the catalog claimed acme/secret (hidden from users),
    // and one no entity claims.
    await (
      await DatabaseDoraStore.create({
        database: mockServices.database({ knex }),
      })
    ).insertUnresolved([waiting('acme/secret'), waiting('acme/nowhere')]);
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        doraPlugin,
        mockServices.database.factory({ knex }),
        policyFactory,
        loggerFactory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }],
              locations: [
                { type: 'file', target: dir.resolve('catalog.yaml') },
              ],
            },
            goldpath: {
              dora: {
                privacy: { actorHashKey: 'actor-hash-key-0123456789' },
                webhooks: { github: { secret: GITHUB_SECRET } },
              },
            },
          },
        }),
      ],
    });
    const service = headersOf('service');
    for (let i = 0; i < 100; i++) {
      const res = await request(backend.server)
        .get('/api/catalog/entities?filter=kind=component')
        .set(service);
      if (res.body.length === 2) break;
      await new Promise(r => setTimeout(r, 200));
    }
    const res = await request(backend.server)
      .post('/api/dora/events')
      .set(service)
      .send({ events: [...deployments('open'), ...deployments('secret')] });
    if (res.body.accepted !== 6) {
      throw new Error(`events not stored: ${JSON.stringify(res.body)}`);
    }
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it.each(MATRIX.map(row => [`${row.method.toUpperCase()} ${row.path}`, row]))(
    '%s answers each caller as expected',
    async (_name, row) => {
      const got: Record<string, number> = {};
      for (const caller of CALLERS) {
        got[caller] = (await send(backend.server, row as Row, caller)).status;
      }
      expect(got).toEqual((row as Row).expected);
    },
  );

  it('tells a user how users may be allowed to send events', async () => {
    const res = await send(backend.server, MATRIX[1], 'writer');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(USERS_MAY_NOT_INGEST);
    expect(res.body.error.message).toContain(
      'goldpath.dora.ingestion.allowUsers: true',
    );
  });

  it('answers a user with what the catalog shows them, a service principal with everything', async () => {
    const as = (caller: Caller, path: string) =>
      request(backend.server).get(`/api/dora${path}`).set(headersOf(caller));

    // A hidden entity reads exactly like an unknown one.
    for (const path of [
      '/scorecards/component/default/secret',
      '/scorecards/component/default/secret/timeline',
      '/model-health?entity=component:default/secret',
    ]) {
      expect((await as('reader', path)).status).toBe(404);
      expect((await as('service', path)).status).toBe(200);
    }
    const secretCard = await as(
      'service',
      '/scorecards/component/default/secret',
    );
    expect(secretCard.body.deploymentFrequency.deployments).toBe(3);

    const rollups = (caller: Caller) =>
      as(caller, '/rollups?groupBy=owner').then(r => r.body);
    expect((await rollups('reader')).fleet.services).toBe(1);
    expect((await rollups('reader')).groups[0].services).toBe(1);
    expect((await rollups('service')).fleet.services).toBe(2);

    const team = (caller: Caller) =>
      as(caller, '/scorecards/group/default/team-a').then(r => r.body);
    expect(
      (await team('reader')).services.map((s: any) => s.entityRef),
    ).toEqual(['component:default/open']);
    expect((await team('service')).rollup.services).toBe(2);

    // The assistant actions apply the same rule.
    const invoke = (caller: Caller, action: string, input: object) =>
      request(backend.server)
        .post(`/api/dora/.backstage/actions/v1/actions/${action}/invoke`)
        .set(headersOf(caller))
        .send(input);
    const hiddenCard = await invoke('reader', 'dora:get-dora-scorecard', {
      entityRef: 'component:default/secret',
    });
    expect(hiddenCard.status).toBe(404);
    expect(
      (
        await invoke('service', 'dora:get-dora-scorecard', {
          entityRef: 'component:default/secret',
        })
      ).status,
    ).toBe(200);
    const actionRollup = await invoke('reader', 'dora:get-dora-rollup', {
      groupBy: 'owner',
    });
    expect(actionRollup.status).toBe(200);
    expect(actionRollup.body.output.rollup.fleet.services).toBe(1);

    const system = await as('reader', '/scorecards/system/default/shop');
    expect(system.body.rollup.services).toBe(1);

    const unresolved = async (caller: Caller) =>
      (await as(caller, '/unresolved')).body.identities.map(
        (i: { value: string }) => i.value,
      );
    expect(await unresolved('reader')).toEqual(['acme/nowhere']);
    expect((await unresolved('service')).sort()).toEqual([
      'acme/nowhere',
      'acme/secret',
    ]);

    const adoption = await as('reader', '/adoption');
    expect(adoption.body.outcomes.other.services).toBe(1);
    expect(
      (await as('service', '/adoption')).body.outcomes.other.services,
    ).toBe(2);
  });

  it('never logs a token or secret', () => {
    const text = logged.join('\n');
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [
      GITHUB_SECRET,
      'actor-hash-key-0123456789',
      mockCredentials.user.token(WRITER),
      mockCredentials.service.token(),
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('users allowed to send events, and rate limits', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        doraPlugin,
        policyFactory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            goldpath: {
              dora: {
                ingestion: {
                  allowUsers: true,
                  rateLimit: { requestsPerMinute: 2 },
                },
                webhooks: { github: { secret: GITHUB_SECRET } },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const post = (caller: Caller, id: string) =>
    request(backend.server)
      .post('/api/dora/events')
      .set(headersOf(caller))
      .send({ ...EVENT, id });

  it('lets users the policy grants dora.events.create write, and no other user', async () => {
    expect((await post('reader', 'r1')).status).toBe(403);
    const denied = await post('nobody', 'n1');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('Not allowed: dora.events.create');
    expect((await post('writer', 'w1')).status).toBe(200);
  });

  it('limits each principal on its own, with Retry-After', async () => {
    // The writer used one of its two requests above.
    expect((await post('writer', 'w2')).status).toBe(200);
    const limited = await post('writer', 'w3');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.body.error.message).toContain('2 requests per minute');
    // A limited request stores nothing; other principals have their own bucket.
    expect((await post('service', 'w3')).body).toMatchObject({ accepted: 1 });
  });

  it('limits a webhook source once its deliveries prove themselves', async () => {
    const unsigned = () =>
      request(backend.server)
        .post('/api/dora/webhooks/github')
        .set({ 'Content-Type': 'application/json', 'X-GitHub-Event': 'ping' })
        .send(pingBody);
    const signed = () =>
      request(backend.server)
        .post('/api/dora/webhooks/github')
        .set(signedPing)
        .send(pingBody);
    // Forged deliveries do not use up the source's budget.
    for (let i = 0; i < 3; i++) expect((await unsigned()).status).toBe(401);
    expect((await signed()).status).toBe(202);
    expect((await signed()).status).toBe(202);
    const limited = await signed();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});

describe('external-access tokens', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    logged.length = 0;
    backend = await startTestBackend({
      features: [
        doraPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        httpRouterServiceFactory,
        loggerFactory,
        // Backstage's own permissions service with the framework on and no
        // policy reachable: service principals never need one.
        mockServices.permissions.factory(),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7100',
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: CI_TOKEN, subject: 'ci' },
                    accessRestrictions: [{ plugin: 'dora' }],
                  },
                  {
                    type: 'static',
                    options: { token: READ_ONLY_TOKEN, subject: 'dashboard' },
                    accessRestrictions: [
                      { plugin: 'dora', permission: 'dora.scorecards.read' },
                    ],
                  },
                  {
                    type: 'static',
                    options: { token: OTHER_PLUGIN_TOKEN, subject: 'other' },
                    accessRestrictions: [{ plugin: 'catalog' }],
                  },
                ],
              },
            },
            permission: { enabled: true },
            goldpath: {
              dora: { webhooks: { github: { secret: GITHUB_SECRET } } },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('answers each token by its accessRestrictions, never by the policy', async () => {
    const statuses = async (token: string | undefined) => {
      const headers = token ? bearer(token) : {};
      const write = await request(backend.server)
        .post('/api/dora/events')
        .set(headers)
        .send({ events: [EVENT] });
      const read = await request(backend.server)
        .get('/api/dora/scorecards/component/default/open')
        .set(headers);
      return { write: write.status, read: read.status };
    };
    expect(await statuses(undefined)).toEqual({ write: 401, read: 401 });
    expect(await statuses('not-a-token')).toEqual({ write: 401, read: 401 });
    expect(await statuses(CI_TOKEN)).toEqual({ write: 200, read: 200 });
    expect(await statuses(READ_ONLY_TOKEN)).toEqual({ write: 403, read: 200 });
    expect(await statuses(OTHER_PLUGIN_TOKEN)).toEqual({
      write: 403,
      read: 403,
    });
  });

  it('never logs the tokens or the webhook secret', async () => {
    await request(backend.server)
      .post('/api/dora/webhooks/github')
      .set({ ...signedPing, 'X-Hub-Signature-256': 'sha256=00' })
      .send(pingBody)
      .expect(401);
    const text = logged.join('\n');
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [
      CI_TOKEN,
      READ_ONLY_TOKEN,
      OTHER_PLUGIN_TOKEN,
      GITHUB_SECRET,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
