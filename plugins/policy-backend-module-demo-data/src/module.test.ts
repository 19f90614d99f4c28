import {
  TestBackend,
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
// The test runs the module inside its plugin; the module's code never imports it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import policyPlugin from '@goldpath/plugin-policy-backend';
import { Knex } from 'knex';
import request from 'supertest';
import demoDataModule from './index';

const DAY = 86_400_000;

describe('the policy demo-data module', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  async function start(options: { knex?: Knex; enabled?: boolean } = {}) {
    backend = await startTestBackend({
      features: [
        policyPlugin,
        demoDataModule,
        ...(options.knex
          ? [mockServices.database.factory({ knex: options.knex })]
          : []),
        mockServices.rootConfig.factory({
          data: { goldpath: { demo: { enabled: options.enabled ?? true } } },
        }),
      ],
    });
    return backend.server;
  }

  const state = async (server: any, name: string) =>
    (
      await request(server)
        .get(`/api/policy/entities/component/default/${name}`)
        .expect(200)
    ).body;

  it('loads two audits a week apart: violations, passes, an exception, a suppression and drift', async () => {
    const server = await start();
    const checkout = await state(server, 'checkout');
    expect(checkout.status).toBe('fail');
    expect(checkout.sources.map((s: any) => [s.source, s.format])).toEqual([
      ['github-actions', 'sarif'],
      ['prod-eu', 'wgpolicy'],
    ]);
    const cluster = checkout.drift.find((d: any) => d.source === 'prod-eu');
    expect(cluster.introduced.map((v: any) => v.policy)).toEqual([
      'disallow-mutable-tags',
    ]);
    expect(cluster.resolved.map((v: any) => v.policy)).toEqual([
      'require-image-provenance',
    ]);
    expect(Date.parse(cluster.to) - Date.parse(cluster.from)).toBeGreaterThan(
      6.9 * DAY,
    );
    expect(checkout.excepted).toEqual([
      expect.objectContaining({
        source: 'github-actions',
        policy: 'disallow-privileged',
        exception: expect.objectContaining({ kind: 'suppression' }),
      }),
    ]);
    expect(checkout.passed.length).toBeGreaterThan(0);
    expect(checkout.history).toHaveLength(4);

    const fraud = await state(server, 'fraud-detector');
    expect(fraud).toMatchObject({
      status: 'pass',
      excepted: [
        {
          policy: 'disallow-privileged',
          status: 'skip',
          exception: {
            kind: 'policy-exception',
            name: 'payments/gpu-driver-exception',
          },
        },
      ],
    });

    const cart = await state(server, 'cart');
    expect(cart.violations).toHaveLength(2);
    for (const v of cart.violations) {
      // open since the first audit, a week ago
      expect(Date.now() - Date.parse(v.firstSeen)).toBeGreaterThan(6.9 * DAY);
    }
    expect((await state(server, 'web-shop')).status).toBe('pass');
    expect((await state(server, 'search')).status).toBe('warn');
    const ledger = await state(server, 'ledger');
    expect(ledger.sources[0].format).toBe('openreports');
    expect(ledger.drift[0].introduced.map((v: any) => v.policy)).toEqual([
      'require-image-provenance',
    ]);
    const payments = await state(server, 'payments-api');
    const ci = payments.drift.find((d: any) => d.source === 'github-actions');
    expect(ci.resolved.map((v: any) => v.policy)).toEqual([
      'disallow-mutable-tags',
    ]);
    expect(payments.status).toBe('pass');
    // A service without reports shows "no report yet", not a pass.
    expect((await state(server, 'notifications')).status).toBeNull();
  });

  it('changes nothing but the last audit times when the backend starts again', async () => {
    const knex = await databases.init('SQLITE_3');
    const server = await start({ knex });
    const first = await state(server, 'checkout');
    const summaries = async () =>
      (await knex('policy_audits').count({ n: '*' }))[0].n;
    const audits = Number(await summaries());
    await backend!.stop();

    const again = await start({ knex });
    const second = await state(again, 'checkout');
    expect(Number(await summaries())).toBe(audits);
    expect(second.history).toEqual(first.history);
    expect(second.violations.map((v: any) => [v.key, v.firstSeen])).toEqual(
      first.violations.map((v: any) => [v.key, v.firstSeen]),
    );
    expect(Date.parse(second.lastAudit)).toBeGreaterThanOrEqual(
      Date.parse(first.lastAudit),
    );
  });

  it('does nothing unless goldpath.demo.enabled is true', async () => {
    const server = await start({ enabled: false });
    expect((await state(server, 'checkout')).status).toBeNull();
  });
});
