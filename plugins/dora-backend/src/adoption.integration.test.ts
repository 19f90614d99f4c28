import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  TestBackend,
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import doraPlugin from './index';

const CI_TOKEN = 'ci-token-for-tests-0123456789';
const auth = { Authorization: `Bearer ${CI_TOKEN}` };
const AS_OF = '2024-06-01T00:00:00.000Z';
const DAY = 86_400_000;
const daysAgo = (d: number, hours = 0) =>
  new Date(Date.parse(AS_OF) - d * DAY + hours * 3_600_000).toISOString();
const TEMPLATE = 'template:default/golden-path-service';
const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';

const component = (
  name: string,
  owner: string,
  system: string,
  annotations: Record<string, string> = {},
) => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations: ${JSON.stringify(annotations)}
spec: { type: service, lifecycle: production, owner: ${owner}, system: ${system} }
`;

const CATALOG = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a, title: Team A }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-b, title: Team B }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: shop, title: Shop }
spec: { owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: money }
spec: { owner: team-b }
${component('fast', 'team-a', 'shop', {
  'backstage.io/source-template': TEMPLATE,
  'goldpath.dev/template-version': '1.4.0',
})}${component('old', 'team-b', 'money', {
  'backstage.io/source-template': TEMPLATE,
  'goldpath.dev/template-version': '1.2.0',
})}${component('plain', 'team-b', 'money')}`;

const scaffold = (
  id: string,
  timestamp: string,
  service: string,
  actor: string,
  extra: object = {},
) => ({
  id,
  type: 'scaffold',
  source: 'scaffolder',
  template: TEMPLATE,
  templateVersion: '1.4.0',
  outcome: 'success',
  service,
  actor,
  timestamp,
  ...extra,
});

/*
 * asOf 2024-06-01, months 2: April and May are reported, March is history.
 *   sc1 03-10 alice → fast (team-a)        history
 *   sc2 04-05 alice → old (team-b)         April: 1 run, alice repeats (March)
 *   sc3 04-06 bob   failure                not counted
 *   sc4 05-03 bob   team attribute team-a  May
 *   sc5 05-04 alice → fast (team-a)        May: 2 runs, users {bob, alice},
 *                                          alice repeats; teams {team-a}, repeat
 * Stickiness: April 1 repeat / 1 March user = 1; May 1 / 1 April user = 1.
 * Active (an event in [05-02, 06-01)): fast (deploy 05-22, sc5), plain
 * (deploy 05-27); old's last event is 04-17 → 2 of 3. new-thing (sc4) is
 * no catalog component.
 */
const EVENTS = [
  scaffold('sc1', '2024-03-10T10:00:00Z', 'fast', 'alice@example.com'),
  scaffold('sc2', '2024-04-05T10:00:00Z', 'old', 'alice@example.com', {
    templateVersion: '1.2.0',
  }),
  scaffold('sc3', '2024-04-06T10:00:00Z', 'failed-thing', 'bob@example.com', {
    outcome: 'failure',
  }),
  scaffold('sc4', '2024-05-03T10:00:00Z', 'new-thing', 'bob@example.com', {
    attributes: { team: TEAM_A },
  }),
  scaffold('sc5', '2024-05-04T10:00:00Z', 'fast', 'alice@example.com'),
  // The first deployment of a service measures no lead time.
  {
    id: 'fast-first',
    type: 'deployment',
    service: 'fast',
    deploymentId: 'f0',
    environment: 'production',
    outcome: 'success',
    timestamp: daysAgo(20),
  },
  {
    id: 'fast-change',
    type: 'change',
    service: 'fast',
    commitSha: 'fa57000000aa',
    timestamp: daysAgo(10),
  },
  {
    id: 'fast-deploy',
    type: 'deployment',
    service: 'fast',
    deploymentId: 'f1',
    environment: 'production',
    outcome: 'success',
    commitSha: 'fa57000000aa',
    timestamp: daysAgo(10, 1),
  },
  {
    id: 'plain-deploy',
    type: 'deployment',
    service: 'plain',
    deploymentId: 'p1',
    environment: 'production',
    outcome: 'success',
    timestamp: daysAgo(5),
  },
  {
    id: 'old-deploy',
    type: 'deployment',
    service: 'old',
    deploymentId: 'o1',
    environment: 'production',
    outcome: 'success',
    timestamp: daysAgo(45),
  },
];

describe('GET /api/dora/adoption over the real catalog', () => {
  const dir = createMockDirectory({ content: { 'catalog.yaml': CATALOG } });
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        doraPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        httpRouterServiceFactory,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: CI_TOKEN, subject: 'ci' },
                  },
                ],
              },
            },
            catalog: {
              rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }],
              locations: [
                { type: 'file', target: dir.resolve('catalog.yaml') },
              ],
            },
            goldpath: { dora: { privacy: { actorHashKey: 'test-key' } } },
          },
        }),
      ],
    });
    const server = backend.server;
    for (let i = 0; i < 100; i++) {
      const res = await request(server)
        .get('/api/catalog/entities?filter=kind=component')
        .set(auth);
      if (res.body.length === 3) break;
      await new Promise(r => setTimeout(r, 200));
    }
    const res = await request(server)
      .post('/api/dora/events')
      .set(auth)
      .send({ events: EVENTS });
    if (res.body.accepted !== EVENTS.length) {
      throw new Error(`events not stored: ${JSON.stringify(res.body)}`);
    }
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  const get = (query: Record<string, string>) =>
    request(backend.server).get('/api/dora/adoption').set(auth).query(query);

  it('answers the adoption figures of the months before asOf', async () => {
    const res = await get({ asOf: AS_OF, months: '2' });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.months).toEqual(['2024-04', '2024-05']);
    expect(body.window).toEqual({
      from: '2024-04-01T00:00:00.000Z',
      to: AS_OF,
      history: '2024-03-01T00:00:00.000Z',
    });
    expect(body.active).toMatchObject({ count: 2, components: 3 });
    expect(
      body.active.byTeam.map((t: any) => [
        t.key,
        t.title,
        t.active,
        t.components,
      ]),
    ).toEqual([
      [TEAM_A, 'Team A', 1, 1],
      [TEAM_B, 'Team B', 1, 2],
    ]);
    expect(
      body.templatesPerMonth.map((m: any) => [m.month, m.templates, m.runs]),
    ).toEqual([
      ['2024-04', 1, 1],
      ['2024-05', 1, 2],
    ]);
    expect(body.repeatUse).toEqual([
      {
        template: TEMPLATE,
        title: TEMPLATE,
        months: [
          {
            month: '2024-04',
            runs: 1,
            users: 1,
            teams: 1,
            repeatUsers: 1,
            repeatTeams: 0,
            previousMonthUsers: 1,
            stickiness: 1,
          },
          {
            month: '2024-05',
            runs: 2,
            users: 2,
            teams: 1,
            repeatUsers: 1,
            repeatTeams: 1,
            previousMonthUsers: 1,
            stickiness: 1,
          },
        ],
      },
    ]);
    expect(body.coverage.fleet).toMatchObject({
      fromTemplate: 2,
      components: 3,
      share: 2 / 3,
    });
    expect(
      body.coverage.bySystem.map((s: any) => [
        s.title,
        s.fromTemplate,
        s.components,
      ]),
    ).toEqual([
      ['money', 1, 2],
      ['Shop', 1, 1],
    ]);
    expect(body.versionDrift).toEqual([
      expect.objectContaining({
        template: TEMPLATE,
        currentVersion: '1.4.0',
        currentVersionSource: 'highest-seen',
        services: 2,
        outdatedOwners: [TEAM_B],
      }),
    ]);
    expect(
      body.versionDrift[0].versions.map((v: any) => [
        v.version,
        v.serviceRefs,
        v.versionsBehind,
      ]),
    ).toEqual([
      ['1.4.0', ['component:default/fast'], 0],
      ['1.2.0', ['component:default/old'], 1],
    ]);
    // Actors are never shown, raw or hashed.
    expect(JSON.stringify(body)).not.toMatch(/alice|bob/);
  });

  it('takes the outcomes from the template rollup', async () => {
    const [adoption, rollups] = await Promise.all([
      get({ asOf: AS_OF }),
      request(backend.server)
        .get('/api/dora/rollups')
        .set(auth)
        .query({ asOf: AS_OF, groupBy: 'template' }),
    ]);
    expect(rollups.status).toBe(200);
    const { golden, other, delta } = rollups.body.fleet.goldenPath;
    const outcomes = adoption.body.outcomes;
    expect(outcomes.window).toEqual(rollups.body.window);
    expect(outcomes.delta).toEqual(delta);
    expect(outcomes.golden).toEqual({
      services: golden.services,
      leadTimeSeconds: {
        median: golden.metrics.leadTimeSeconds.median,
        n: golden.metrics.leadTimeSeconds.n,
      },
      deploymentsPerWeek: {
        median: golden.metrics.deploymentsPerWeek.median,
        n: golden.metrics.deploymentsPerWeek.n,
      },
    });
    // fast and old (template) against plain; fast's one change took 1 h
    expect(outcomes.golden).toMatchObject({
      services: 2,
      leadTimeSeconds: { median: 3600, n: 1 },
    });
    expect(outcomes.other).toMatchObject({
      services: other.services,
      leadTimeSeconds: { median: null, n: 0 },
    });
    expect(outcomes.other.services).toBe(1);
    expect(outcomes.byTemplate).toEqual([
      expect.objectContaining({ template: TEMPLATE, services: 2 }),
    ]);
    // Outcomes by version: fast (1.4.0) had the 1 h change, old (1.2.0) none.
    expect(
      adoption.body.versionDrift[0].versions.map((v: any) => [
        v.version,
        v.outcomes?.services,
        v.outcomes?.leadTimeSeconds,
      ]),
    ).toEqual([
      ['1.4.0', 1, { median: 3600, n: 1 }],
      ['1.2.0', 1, { median: null, n: 0 }],
    ]);
    const byVersion = await request(backend.server)
      .get('/api/dora/rollups')
      .set(auth)
      .query({ asOf: AS_OF, groupBy: 'template-version' });
    expect(byVersion.status).toBe(200);
    expect(byVersion.body.groups.map((g: any) => g.key)).toEqual(
      expect.arrayContaining([`${TEMPLATE}@1.2.0`, `${TEMPLATE}@1.4.0`]),
    );
    // default months: 6
    expect(adoption.body.months).toHaveLength(6);
  });

  it.each([
    [{ asOf: 'yesterday' }, /query\.asOf must be an ISO 8601 date-time/],
    [{ asOf: '2024-06-01' }, /query\.asOf/],
    [
      { months: '0' },
      /query\.months must be a whole number of months from 1 to 24/,
    ],
    [{ months: '25' }, /query\.months/],
    [{ months: '2.5' }, /query\.months/],
    [{ months: 'six' }, /query\.months/],
    [{ window: '90d' }, /unknown query parameter window/],
  ])('refuses %j with a 400 naming the field', async (query, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });

  it('refuses requests without credentials', async () => {
    const none = await request(backend.server)
      .get('/api/dora/adoption')
      .query({ asOf: AS_OF });
    expect(none.status).toBe(401);
    const bad = await request(backend.server)
      .get('/api/dora/adoption')
      .set('Authorization', 'Bearer not-the-token');
    expect(bad.status).toBe(401);
  });
});

describe('GET /api/dora/adoption without dora.scorecards.read', () => {
  it('answers 403', async () => {
    const backend = await startTestBackend({
      features: [
        doraPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    try {
      const res = await request(backend.server)
        .get('/api/dora/adoption')
        .query({ asOf: AS_OF });
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    } finally {
      await backend.stop();
    }
  });
});
