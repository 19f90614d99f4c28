import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { DAY, component, createTestApp } from '../__testUtils__/app';
import { createTestDatabases } from '@goldpath/test-utils';
import {
  describeWithPayloads,
  payloadsNote,
  readPayload,
} from '../__testUtils__/payloads';
import { policyReport, sarif } from '../__testUtils__/reports';

const databases = createTestDatabases();
const NOW = Date.UTC(2024, 4, 1, 12);

const CATALOG = [
  component('checkout', {
    'backstage.io/kubernetes-id': 'checkout',
    'github.com/project-slug': 'acme/checkout',
  }),
];

const KYVERNO = policyReport({
  scope: { kind: 'Deployment', name: 'checkout', namespace: 'shop' },
  results: [
    {
      policy: 'require-resource-limits',
      rule: 'limits',
      result: 'fail',
      severity: 'medium',
    },
    { policy: 'disallow-privileged', rule: 'privileged', result: 'pass' },
  ],
});

async function setup(options: Parameters<typeof createTestApp>[0] | {} = {}) {
  return createTestApp({ databases, entities: CATALOG, now: NOW, ...options });
}

const post = (
  app: Express.Application,
  query: string,
  body: string,
  type = 'application/json',
) =>
  request(app as any)
    .post(`/reports${query}`)
    .set('Content-Type', type)
    .send(body);

const countRows = async (knex: any, table: string) =>
  Number((await knex(table).count({ n: '*' }))[0].n);

describe('router', () => {
  it('answers health', async () => {
    const { app } = await setup();
    const res = await request(app).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  describe('POST /reports', () => {
    it('stores a report mapped through the catalog and answers what it did', async () => {
      const { app } = await setup();
      const res = await post(app, '?source=prod-eu', KYVERNO).expect(200);
      expect(res.body).toEqual({
        reports: 1,
        results: 2,
        entities: ['component:default/checkout'],
        unmapped: 0,
        skipped: [],
      });
      const state = await request(app)
        .get('/entities/component/default/checkout')
        .expect(200);
      expect(state.body).toMatchObject({
        status: 'fail',
        sources: [
          { source: 'prod-eu', format: 'wgpolicy', producer: 'kyverno' },
        ],
        violations: [{ policy: 'require-resource-limits', severity: 'medium' }],
        passed: [{ policy: 'disallow-privileged' }],
      });
    });

    it.each([
      ['text/yaml'],
      ['application/yaml'],
      ['application/x-yaml'],
      ['text/plain'],
      ['application/x-ndjson'],
    ])('accepts %s', async type => {
      const { app } = await setup();
      const res = await post(app, '?source=prod-eu', KYVERNO, type).expect(200);
      expect(res.body.entities).toEqual(['component:default/checkout']);
    });

    it.each([
      ['no source', '', 'query.source is required'],
      ['a bad source', '?source=%20nope', 'query.source must be'],
      [
        'an unknown format',
        '?source=prod-eu&format=xml',
        'query.format must be one of',
      ],
      [
        'a malformed entity ref',
        '?source=ci&entity=component:default/bad%20name',
        'query.entity must be an entity ref',
      ],
      [
        'a malformed repository',
        '?source=ci&repository=nope',
        'query.repository must be a repository',
      ],
      [
        'an unknown parameter',
        '?source=ci&cluster=x',
        'unknown query parameter cluster',
      ],
    ])('answers 400 for %s, storing nothing', async (_name, query, message) => {
      const { app, knex } = await setup();
      const res = await post(app, query, KYVERNO).expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
      expect(await countRows(knex, 'policy_audits')).toBe(0);
    });

    it.each([
      ['malformed YAML', 'apiVersion: [unclosed', 'text/yaml'],
      ['malformed JSON', '{"apiVersion": ', 'application/json'],
      [
        'a document of no known format',
        JSON.stringify({ hello: 'world' }),
        'application/json',
      ],
      ['an empty body', '   ', 'application/json'],
    ])('answers 400 for %s', async (_name, body, type) => {
      const { app, knex } = await setup();
      const res = await post(app, '?source=prod-eu', body, type).expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(await countRows(knex, 'policy_audits')).toBe(0);
      expect(await countRows(knex, 'policy_unmapped')).toBe(0);
    });

    it('answers 400 when ?format= names another format than the body has', async () => {
      const { app } = await setup();
      const res = await post(app, '?source=ci&format=sarif', KYVERNO).expect(
        400,
      );
      expect(res.body.error.message).toContain('not sarif');
    });

    it('stores nothing of a request one of whose documents is bad', async () => {
      const { app, knex } = await setup();
      const body = `${KYVERNO}\n---\nkind: Nonsense\n`;
      await post(app, '?source=prod-eu', body, 'text/yaml').expect(400);
      expect(await countRows(knex, 'policy_audits')).toBe(0);
      expect(await countRows(knex, 'policy_entity_summary')).toBe(0);
    });

    it('answers 415 for a media type it does not read', async () => {
      const { app } = await setup();
      const res = await post(
        app,
        '?source=ci',
        KYVERNO,
        'application/x-www-form-urlencoded',
      ).expect(415);
      expect(res.body.error.message).toContain('application/yaml');
    });

    it('answers 413 above the body limit and above the result limit', async () => {
      const small = await setup({ maxBodyBytes: 200 });
      await post(small.app, '?source=prod-eu', KYVERNO).expect(413);
      const few = await setup({ maxResults: 1 });
      const res = await post(few.app, '?source=prod-eu', KYVERNO).expect(413);
      expect(res.body.error.message).toContain('at most 1');
      expect(await countRows(few.knex, 'policy_audits')).toBe(0);
    });

    it('maps every result to ?entity= (CI preflight) and file results through ?repository=', async () => {
      const { app } = await setup({
        entities: [
          ...CATALOG,
          component('ledger', { 'github.com/project-slug': 'acme/ledger' }),
        ],
      });
      const body = sarif({ results: [{ ruleId: 'CKV_1', file: 'main.tf' }] });
      const pinned = await post(app, '?source=ci&entity=cart', body).expect(
        200,
      );
      expect(pinned.body.entities).toEqual(['component:default/cart']);
      const byRepo = await post(
        app,
        '?source=ci&repository=https://github.com/acme/ledger',
        body,
      ).expect(200);
      expect(byRepo.body.entities).toEqual(['component:default/ledger']);
      const bySarif = await post(
        app,
        '?source=ci',
        sarif({
          repository: 'https://github.com/acme/checkout.git',
          results: [{ ruleId: 'CKV_2', file: 'x.tf' }],
        }),
      ).expect(200);
      expect(bySarif.body.entities).toEqual(['component:default/checkout']);
    });

    it('keeps results that map nowhere, and lists them (bounded)', async () => {
      const { app } = await setup();
      const body = policyReport({
        scope: { kind: 'Deployment', name: 'unknown', namespace: 'x' },
        results: [
          { policy: 'a', result: 'fail' },
          { policy: 'b', result: 'pass' },
        ],
      });
      const res = await post(app, '?source=prod-eu', body).expect(200);
      expect(res.body).toMatchObject({ entities: [], unmapped: 2 });
      const listed = await request(app).get('/unmapped?limit=1').expect(200);
      expect(listed.body.total).toBe(2);
      expect(listed.body.items).toHaveLength(1);
      expect(listed.body.items[0]).toMatchObject({
        source: 'prod-eu',
        format: 'wgpolicy',
        resource: { kind: 'Deployment', name: 'unknown', namespace: 'x' },
      });
      await request(app).get('/unmapped?limit=501').expect(400);
      await request(app).get('/unmapped?limit=zero').expect(400);
    });
  });

  describeWithPayloads(`the reference payloads${payloadsNote}`, () => {
    it('reads the Trivy adapter report (results without result, empty policy, negative nanos) with reasons, not a 500', async () => {
      const { app } = await setup();
      const res = await post(
        app,
        '?source=prod-eu&entity=component:default/zipkin',
        readPayload('wgpolicy/policyreport-v1alpha2-trivy-adapter.yaml'),
        'text/yaml',
      ).expect(200);
      // Every result is unusable: no audit (and no invented pass).
      expect(res.body).toMatchObject({ reports: 1, results: 0, entities: [] });
      expect(res.body.skipped).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/results\[0\].*policy is empty/),
          expect.stringMatching(/results\[2\].*result is absent/),
          expect.stringMatching(
            /no usable result \(all 14 left out\); nothing stored/,
          ),
        ]),
      );
      const state = await request(app).get(
        '/entities/component/default/zipkin',
      );
      expect(state.body.status).toBeNull();
    });
  });

  describe('credentials and permissions', () => {
    it('answers 401 without credentials', async () => {
      const { app } = await setup({
        defaultCredentials: mockCredentials.none(),
      });
      for (const [method, path] of [
        ['post', '/reports?source=prod-eu'],
        ['get', '/entities/component/default/checkout'],
        ['get', '/overview'],
        ['get', '/summary'],
        ['get', '/unmapped'],
        ['get', '/waivers?entity=checkout'],
        ['post', '/waivers'],
        ['delete', '/waivers/11111111-1111-1111-1111-111111111111'],
      ] as const) {
        const res = await (request(app) as any)[method](path).send('{}');
        expect({
          path,
          status: res.status,
          name: res.body.error?.name,
        }).toEqual({
          path,
          status: 401,
          name: 'AuthenticationError',
        });
      }
    });

    it('answers 403 when the permission policy denies, storing nothing', async () => {
      const { app, knex } = await setup({
        permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
      });
      const res = await post(app, '?source=prod-eu', KYVERNO).expect(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: 'Not allowed: policy.reports.create',
      });
      await request(app)
        .get('/entities/component/default/checkout')
        .expect(403);
      await request(app).get('/overview').expect(403);
      expect(await countRows(knex, 'policy_audits')).toBe(0);
    });

    it('serves the summary to service principals only', async () => {
      const { app } = await setup();
      const user = await request(app).get('/summary').expect(403);
      expect(user.body.error.message).toContain("does not allow 'user'");
      await request(app)
        .get('/summary')
        .set('Authorization', mockCredentials.service.header())
        .expect(200);
      const bad = await request(app)
        .get('/summary?since=not-a-cursor')
        .set('Authorization', mockCredentials.service.header())
        .expect(400);
      expect(bad.body.error.message).toContain('query.since');
    });
  });

  describe('entities and overview', () => {
    it('answers 200 with status null for an entity no report names', async () => {
      const { app } = await setup();
      const res = await request(app)
        .get('/entities/component/default/nothing')
        .expect(200);
      expect(res.body).toEqual({
        entityRef: 'component:default/nothing',
        status: null,
        sources: [],
        violations: [],
        excepted: [],
        passed: [],
        drift: [],
        history: [],
      });
    });

    it('answers 400 for a malformed entity ref or query', async () => {
      const { app } = await setup();
      for (const path of [
        '/entities/component/default/bad%20name',
        '/entities/component/default/checkout?x=1',
        '/overview?limit=1000',
      ]) {
        const res = await request(app).get(path).expect(400);
        expect(res.body.error.name).toBe('InputError');
      }
    });
  });

  describe('waivers', () => {
    const waiver = (overrides: object = {}) => ({
      entityRef: 'component:default/checkout',
      policy: 'require-resource-limits',
      reason: 'limits come with the next release',
      expiresAt: new Date(NOW + 7 * DAY).toISOString(),
      ...overrides,
    });

    it('records a waiver for the user, applies it at read time, lists and revokes it', async () => {
      const { app, clock } = await setup();
      await post(app, '?source=prod-eu', KYVERNO).expect(200);
      const created = await request(app)
        .post('/waivers')
        .set('Authorization', mockCredentials.user.header('user:default/jane'))
        .send(waiver({ entityRef: 'checkout' }))
        .expect(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        entityRef: 'component:default/checkout',
        policy: 'require-resource-limits',
        reason: 'limits come with the next release',
        grantedBy: 'user:default/jane',
        createdAt: new Date(NOW).toISOString(),
        expiresAt: new Date(NOW + 7 * DAY).toISOString(),
      });
      const state = await request(app).get(
        '/entities/component/default/checkout',
      );
      expect(state.body.status).toBe('pass');
      expect(state.body.violations).toEqual([]);
      expect(state.body.excepted).toEqual([
        expect.objectContaining({
          policy: 'require-resource-limits',
          status: 'fail',
          exception: expect.objectContaining({
            kind: 'waiver',
            grantedBy: 'user:default/jane',
          }),
        }),
      ]);
      const listed = await request(app)
        .get('/waivers?entity=component:default/checkout')
        .expect(200);
      expect(listed.body.items).toEqual([created.body]);

      // Expired: the finding is a violation again, with no job.
      clock.now = NOW + 8 * DAY;
      const later = await request(app).get(
        '/entities/component/default/checkout',
      );
      expect(later.body.status).toBe('fail');
      expect(later.body.excepted).toEqual([]);

      await request(app).delete(`/waivers/${created.body.id}`).expect(204);
      await request(app).delete(`/waivers/${created.body.id}`).expect(404);
      await request(app).delete('/waivers/not-an-id').expect(400);
    });

    it.each([
      ['entityRef', { entityRef: 'bad ref!' }, 'body.entityRef'],
      ['policy', { policy: '' }, 'body.policy'],
      ['reason', { reason: ' ' }, 'body.reason'],
      [
        'expiresAt format',
        { expiresAt: 'next week' },
        'body.expiresAt must be an ISO 8601',
      ],
      [
        'expiresAt past',
        { expiresAt: new Date(NOW - DAY).toISOString() },
        'must be in the future',
      ],
      [
        'expiresAt too far',
        { expiresAt: new Date(NOW + 91 * DAY).toISOString() },
        'at most 90 days',
      ],
      [
        'an unknown field',
        { approvedBy: 'me' },
        'unknown body parameter approvedBy',
      ],
    ])('answers 400 naming %s', async (_name, overrides, message) => {
      const { app, knex } = await setup();
      const res = await request(app)
        .post('/waivers')
        .send(waiver(overrides))
        .expect(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
      expect(await countRows(knex, 'policy_waivers')).toBe(0);
    });

    it('names every failing field at once, and refuses non-JSON bodies', async () => {
      const { app } = await setup();
      const res = await request(app).post('/waivers').send({}).expect(400);
      for (const field of ['entityRef', 'policy', 'reason', 'expiresAt']) {
        expect(res.body.error.message).toContain(`body.${field}`);
      }
      await request(app)
        .post('/waivers')
        .set('Content-Type', 'text/plain')
        .send('x')
        .expect(400);
    });

    it('lets only users manage waivers, with the permission', async () => {
      const { app } = await setup();
      await request(app)
        .post('/waivers')
        .set('Authorization', mockCredentials.service.header())
        .send(waiver())
        .expect(403);
      const denied = await setup({
        permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
      });
      const res = await request(denied.app)
        .post('/waivers')
        .send(waiver())
        .expect(403);
      expect(res.body.error.message).toBe('Not allowed: policy.waivers.manage');
    });
  });
});
