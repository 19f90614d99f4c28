import {
  TestBackend,
  createMockDirectory,
  mockServices,
  startTestBackend,
  mockCredentials,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import doraPlugin from './index';

const AS_OF = '2024-06-01T00:00:00.000Z';
const DAY = 86_400_000;
const asOfMs = Date.parse(AS_OF);
const daysAgo = (d: number, hours = 0) =>
  new Date(asOfMs - d * DAY + hours * 3_600_000).toISOString();

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
spec:
  type: service
  lifecycle: production
  owner: ${owner}
  system: ${system}
`;

const CATALOG = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: org }
spec: { type: organization, children: [team-a, team-b] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a, title: Team A }
spec: { type: team, parent: org, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-b, title: Team B }
spec: { type: team, parent: org, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata: { name: commerce, title: Commerce }
spec: { owner: org }
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: shop, title: Shop }
spec: { owner: team-a, domain: commerce }
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: money }
spec: { owner: team-b, domain: commerce }
${component('fast', 'team-a', 'shop', {
  'backstage.io/source-template': 'template:default/golden-path-service',
  'goldpath.dev/template-version': '1.4.0',
})}${component('medium', 'team-a', 'shop', {
  'goldpath.dev/dora-thresholds': 'changeLeadTime.elite=1w',
})}${component('slow', 'team-b', 'money', {
  'goldpath.dev/dora-thresholds': 'this is not valid',
})}${component('silent', 'team-b', 'money')}`;

/** A service whose every change waits `hours` from merge to production. */
function history(service: string, hours: number, deployments: number) {
  const events: object[] = [
    {
      id: `${service}-first`,
      type: 'deployment',
      service,
      deploymentId: 'first',
      environment: 'production',
      outcome: 'success',
      timestamp: daysAgo(80),
    },
  ];
  for (let i = 1; i <= deployments; i++) {
    const sha = `${service}${i}`.padEnd(12, '0');
    events.push(
      {
        id: `${service}-change-${i}`,
        type: 'change',
        service,
        commitSha: sha,
        timestamp: daysAgo(60 - i),
      },
      {
        id: `${service}-deploy-${i}`,
        type: 'deployment',
        service,
        deploymentId: `d${i}`,
        environment: 'production',
        outcome: 'success',
        commitSha: sha,
        timestamp: daysAgo(60 - i, hours),
      },
    );
  }
  return events;
}

describe('rollups over the real catalog', () => {
  const dir = createMockDirectory({ content: { 'catalog.yaml': CATALOG } });
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        doraPlugin,
        // Scheduled tasks are exercised on their own below, not at start-up.
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: ['Component', 'System', 'Domain', 'Group', 'Location'],
                },
              ],
              locations: [
                { type: 'file', target: dir.resolve('catalog.yaml') },
              ],
            },
          },
        }),
      ],
    });
    const server = backend.server;
    // Let the catalog process the location.
    for (let i = 0; i < 100; i++) {
      const res = await request(server).get(
        '/api/catalog/entities?filter=kind=component',
      );
      if (res.body.length === 4) break;
      await new Promise(r => setTimeout(r, 200));
    }
    const events = [
      ...history('fast', 1, 10),
      ...history('medium', 30, 4),
      ...history('slow', 100, 2),
    ];
    const res = await request(server)
      .post('/api/dora/events')
      .set('Authorization', mockCredentials.service.header())
      .send({ events });
    if (res.body.accepted !== events.length) {
      throw new Error(`history not stored: ${JSON.stringify(res.body)}`);
    }
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  const get = (path: string) =>
    request(backend.server).get(path).query({ asOf: AS_OF });

  it('rolls up per team with per-service distributions and the golden-path delta', async () => {
    const res = await get('/api/dora/rollups').query({ groupBy: 'owner' });
    expect(res.status).toBe(200);
    expect(
      res.body.groups.map((g: any) => [g.key, g.title, g.services]),
    ).toEqual([
      ['group:default/team-a', 'Team A', 2],
      ['group:default/team-b', 'Team B', 1], // "silent" has no events: not measured
    ]);
    const teamA = res.body.groups[0];
    expect(teamA.metrics.leadTimeSeconds).toMatchObject({
      n: 2,
      median: ((1 + 30) / 2) * 3600,
      min: 3600,
      max: 30 * 3600,
    });
    expect(teamA.goldenPath.golden.services).toBe(1);
    expect(teamA.goldenPath.delta.leadTimeSeconds).toBe((1 - 30) * 3600);
    expect(res.body.fleet).toMatchObject({ key: 'fleet', services: 3 });
    expect(res.body.fleet.metrics.leadTimeSeconds.median).toBe(30 * 3600);
  });

  it('groups by system, product line (domain) and template', async () => {
    const bySystem = await get('/api/dora/rollups').query({
      groupBy: 'system',
    });
    expect(bySystem.body.groups.map((g: any) => [g.title, g.services])).toEqual(
      [
        ['money', 1],
        ['Shop', 2],
      ],
    );
    const byDomain = await get('/api/dora/rollups').query({
      groupBy: 'domain',
    });
    expect(byDomain.body.groups.map((g: any) => [g.key, g.services])).toEqual([
      ['domain:default/commerce', 3],
    ]);
    const byTemplate = await get('/api/dora/rollups').query({
      groupBy: 'template',
    });
    expect(byTemplate.body.groups.map((g: any) => [g.key, g.services])).toEqual(
      [
        ['template:default/golden-path-service', 1],
        ['none', 2],
      ],
    );
  });

  it('answers a group, system or domain page with the rollup of its services', async () => {
    const org = await get('/api/dora/scorecards/group/default/org');
    expect(org.body).toMatchObject({
      scope: 'rollup',
      rollup: { services: 3 },
    });
    expect(org.body.services.map((s: any) => s.entityRef)).toEqual([
      'component:default/fast',
      'component:default/medium',
      'component:default/slow',
    ]);
    const system = await get('/api/dora/scorecards/system/default/shop');
    expect(system.body.rollup).toMatchObject({ title: 'Shop', services: 2 });
    const domain = await get('/api/dora/scorecards/domain/default/commerce');
    expect(domain.body.rollup.services).toBe(3);
  });

  it('adds template attribution and applies entity threshold overrides', async () => {
    const fast = await get('/api/dora/scorecards/component/default/fast');
    expect(fast.body).toMatchObject({
      scope: 'service',
      template: {
        ref: 'template:default/golden-path-service',
        version: '1.4.0',
      },
      changeLeadTime: { medianSeconds: 3600, level: 'elite' },
    });
    expect(
      fast.body.previousWeek.deploymentFrequency.deployments,
    ).toBeGreaterThan(0);
    // 30 h is "high" in dora-2023; this service's own bands make it elite.
    const medium = await get('/api/dora/scorecards/component/default/medium');
    expect(medium.body.changeLeadTime).toMatchObject({
      medianSeconds: 30 * 3600,
      level: 'elite',
    });
    // an invalid annotation is ignored, not fatal
    const slow = await get('/api/dora/scorecards/component/default/slow');
    expect(slow.body.changeLeadTime.level).toBe('high');
  });

  it('serves rollups from snapshots until a service gets new events', async () => {
    const before = await get('/api/dora/rollups').query({ groupBy: 'owner' });
    const teamB = () =>
      request(backend.server)
        .get('/api/dora/rollups')
        .query({ groupBy: 'owner', asOf: AS_OF })
        .then(r =>
          r.body.groups.find((g: any) => g.key === 'group:default/team-b'),
        );
    expect((await teamB()).metrics.deploymentsPerWeek).toEqual(
      before.body.groups[1].metrics.deploymentsPerWeek,
    );
    await request(backend.server)
      .post('/api/dora/events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        id: 'slow-extra',
        type: 'deployment',
        service: 'slow',
        deploymentId: 'extra',
        environment: 'production',
        outcome: 'success',
        timestamp: daysAgo(1),
      })
      .expect(200);
    const after = await teamB();
    expect(after.metrics.deploymentsPerWeek.median).toBeCloseTo(
      before.body.groups[1].metrics.deploymentsPerWeek.median + 7 / 90,
      10,
    );
  });

  it('gives a component timeline with deployments, incidents and lead times', async () => {
    const res = await get(
      '/api/dora/scorecards/component/default/slow/timeline',
    );
    expect(res.status).toBe(200);
    expect(res.body.deployments.length).toBeGreaterThan(0);
    expect(res.body.leadTimeSeconds).toEqual([100 * 3600, 100 * 3600]);
    const bad = await get('/api/dora/scorecards/system/default/shop/timeline');
    expect(bad.status).toBe(400);
  });

  it('offers read-only scorecard and rollup actions to assistants', async () => {
    const list = await request(backend.server).get(
      '/api/dora/.backstage/actions/v1/actions',
    );
    expect(list.status).toBe(200);
    expect(
      list.body.actions.map((a: any) => [a.id, a.attributes.readOnly]),
    ).toEqual([
      ['dora:get-dora-scorecard', true],
      ['dora:get-dora-rollup', true],
    ]);
    const card = await request(backend.server)
      .post(
        '/api/dora/.backstage/actions/v1/actions/dora:get-dora-scorecard/invoke',
      )
      .send({ entityRef: 'fast', asOf: AS_OF });
    expect(card.status).toBe(200);
    expect(card.body.output.summary).toContain('component:default/fast');
    expect(card.body.output.scorecard.changeLeadTime.medianSeconds).toBe(3600);
    const rollup = await request(backend.server)
      .post(
        '/api/dora/.backstage/actions/v1/actions/dora:get-dora-rollup/invoke',
      )
      .send({ groupBy: 'system', asOf: AS_OF });
    expect(rollup.status).toBe(200);
    expect(rollup.body.output.summary).toContain('Shop: 2 services');
  });

  it('refuses an unknown groupBy with the field named', async () => {
    const res = await get('/api/dora/rollups').query({ groupBy: 'colour' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('query.groupBy');
  });
});
