import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  TestBackend,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import doraPlugin from '@goldpath/plugin-dora-backend';
import { AddressInfo } from 'node:net';
import { main } from './cli';
import { GITHUB_ENV } from './__testUtils__/env';

jest.setTimeout(60_000);

const CI_TOKEN = 'ci-token-0123456789';
/** A valid token restricted to another plugin. */
const CATALOG_TOKEN = 'catalog-token-0123456789';

/** The CLI against the real dora backend plugin with real Backstage auth. */
describe('goldpath-events against the dora backend', () => {
  let backend: TestBackend | undefined;
  let baseUrl: string;

  beforeEach(async () => {
    backend = await startTestBackend({
      features: [
        doraPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        httpRouterServiceFactory,
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
                  {
                    type: 'static',
                    options: { token: CATALOG_TOKEN, subject: 'catalog-ci' },
                    accessRestrictions: [{ plugin: 'catalog' }],
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  async function cli(argv: string[], env: Record<string, string>) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      env,
      io: {
        stdout: t => {
          stdout += t;
        },
        stderr: t => {
          stderr += t;
        },
      },
      sleep: async () => {},
    });
    return { code, stdout, stderr };
  }

  async function scorecard(asOf?: string) {
    const url = new URL(
      `${baseUrl}/api/dora/scorecards/component/default/checkout`,
    );
    if (asOf) url.searchParams.set('asOf', asOf);
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${CI_TOKEN}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  }

  const deploy = (outcome: string) => [
    'deployment',
    '--service',
    'checkout',
    '--environment',
    'production',
    '--outcome',
    outcome,
    '--started-at',
    new Date(Date.now() - 120_000).toISOString(),
    '--finished-at',
    new Date(Date.now() - 60_000).toISOString(),
  ];

  it('sends a deployment once; a re-run is a duplicate and changes nothing', async () => {
    const env = {
      ...GITHUB_ENV,
      GOLDPATH_URL: baseUrl,
      GOLDPATH_TOKEN: CI_TOKEN,
    };
    const before = await scorecard();
    expect(before.deploymentFrequency.deployments).toBe(0);

    const started = await cli(deploy('in_progress'), env);
    expect(started).toMatchObject({ code: 0, stderr: '' });
    expect(started.stdout).toContain('accepted 1, duplicates 0');

    const first = await cli(deploy('success'), env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      'gha:acme/checkout:7001:1:deployment:checkout:production:success: accepted 1, duplicates 0',
    );
    const card = await scorecard();
    expect(card.entityRef).toBe('component:default/checkout');
    // in_progress and success share the deployment id: one deployment
    expect(card.deploymentFrequency.deployments).toBe(1);

    const again = await cli(deploy('success'), env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('accepted 0, duplicates 1');
    expect(await scorecard(card.asOf)).toEqual(card);

    // a new run attempt is a new deployment event (same deployment id)
    const attempt = await cli(deploy('success'), {
      ...env,
      GITHUB_RUN_ATTEMPT: '2',
    });
    expect(attempt.stdout).toContain('accepted 1, duplicates 0');
    expect((await scorecard()).deploymentFrequency.deployments).toBe(1);
  });

  it('sends a change, build and incident', async () => {
    const env = {
      ...GITHUB_ENV,
      GOLDPATH_URL: baseUrl,
      GOLDPATH_TOKEN: CI_TOKEN,
    };
    const common = ['--service', 'checkout'];
    for (const argv of [
      ['change', ...common, '--change-id', '42'],
      ['build', ...common, '--outcome', 'success'],
      ['incident', ...common, '--incident-id', 'INC-1', '--status', 'open'],
    ]) {
      const result = await cli(argv, env);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('accepted 1, duplicates 0');
      expect(result.code).toBe(0);
    }
  });

  it('exits 1 with an auth message for a wrong token, storing nothing', async () => {
    const result = await cli(deploy('success'), {
      ...GITHUB_ENV,
      GOLDPATH_URL: baseUrl,
      GOLDPATH_TOKEN: 'not-the-token-0123456789',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('401');
    expect(result.stderr).toContain('the token is missing or invalid');
    expect(result.stderr).not.toContain('not-the-token-0123456789');
    expect((await scorecard()).deploymentFrequency.deployments).toBe(0);
  });

  it('exits 1 with an auth message for a token restricted to another plugin', async () => {
    const result = await cli(deploy('success'), {
      ...GITHUB_ENV,
      GOLDPATH_URL: baseUrl,
      GOLDPATH_TOKEN: CATALOG_TOKEN,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('403 Forbidden');
    expect(result.stderr).toContain('not allowed to send events');
    expect(result.stderr).not.toContain(CATALOG_TOKEN);
    expect((await scorecard()).deploymentFrequency.deployments).toBe(0);
  });

  it('exits 1 with the field errors when the backend rejects the event', async () => {
    const result = await cli(
      [
        'deployment',
        '--service',
        'not a valid ref!',
        '--environment',
        'production',
        '--outcome',
        'success',
      ],
      { ...GITHUB_ENV, GOLDPATH_URL: baseUrl, GOLDPATH_TOKEN: CI_TOKEN },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('400 Bad Request');
    expect(result.stderr).toMatch(
      /event 0 \(.*\) was rejected:\n {4}service: /,
    );
  });
});
