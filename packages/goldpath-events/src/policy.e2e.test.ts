import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  TestBackend,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import policyPlugin from '@goldpath/plugin-policy-backend';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MainOptions, main } from './cli';
import { GITHUB_ENV } from './__testUtils__/env';

jest.setTimeout(60_000);

const CI_TOKEN = 'ci-token-0123456789';
/** A valid token restricted to another plugin. */
const DORA_TOKEN = 'dora-token-0123456789';
const MAX_RESULTS = 20;

const PAYLOADS = path.resolve(
  __dirname,
  '../../..',
  '../shared/reference/payloads',
);

/** Conftest `-o json` output, written by hand from Conftest's docs. */
const conftest = (failures: number) =>
  JSON.stringify([
    {
      filename: 'k8s/deployment.yaml',
      namespace: 'main',
      successes: 4,
      failures: Array.from({ length: failures }, (_, i) => ({
        msg: `Deployment cart breaks rule ${i + 1}`,
      })),
    },
  ]);

const SARIF = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'Trivy', rules: [{ id: 'KSV012' }] } },
      results: [
        {
          ruleId: 'KSV012',
          level: 'error',
          message: { text: "Container 'cart' should set runAsNonRoot to true" },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'k8s/deployment.yaml' },
                region: { startLine: 17 },
              },
            },
          ],
        },
      ],
    },
  ],
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'goldpath-events-e2e-'));
const file = (name: string) => path.join(dir, name);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The CLI against the real policy backend plugin, with real Backstage auth and catalog. */
describe('goldpath-events policy against the policy backend', () => {
  let backend: TestBackend | undefined;
  let baseUrl: string;

  beforeEach(async () => {
    backend = await startTestBackend({
      features: [
        policyPlugin,
        catalogPlugin,
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
                    accessRestrictions: [{ plugin: 'policy' }],
                  },
                  {
                    type: 'static',
                    options: { token: DORA_TOKEN, subject: 'dora-ci' },
                    accessRestrictions: [{ plugin: 'dora' }],
                  },
                ],
              },
            },
            goldpath: { policy: { ingestion: { maxResults: MAX_RESULTS } } },
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

  async function cli(
    argv: string[],
    env: Record<string, string | undefined>,
    extra: Partial<MainOptions> = {},
  ) {
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
      ...extra,
    });
    return { code, stdout, stderr };
  }

  async function entityState(ref = 'component/default/cart') {
    const res = await fetch(`${baseUrl}/api/policy/entities/${ref}`, {
      headers: { Authorization: `Bearer ${CI_TOKEN}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  }

  const env = () => ({
    ...GITHUB_ENV,
    GITHUB_WORKFLOW: 'Preflight checks',
    GOLDPATH_URL: baseUrl,
    GOLDPATH_TOKEN: CI_TOKEN,
  });

  it('stores a conftest report and a SARIF report of one entity, each as its own source', async () => {
    expect((await entityState()).status).toBeNull();
    await writeFile(file('conftest.json'), conftest(2));

    const posted = await cli(
      [
        'policy',
        '--format',
        'conftest',
        '--entity',
        'cart',
        file('conftest.json'),
      ],
      env(),
    );
    expect(posted).toEqual({
      code: 0,
      // two failures and one pass for the file's successes
      stdout:
        'goldpath-events: Sent 1 report (3 results) for component:default/cart; 0 unmapped\n',
      stderr: '',
    });

    const scanned = await cli(
      [
        'policy',
        '--format',
        'sarif',
        '--entity',
        'component:default/cart',
        '--source',
        'github-actions:acme/checkout/trivy',
        '-',
      ],
      env(),
      { stdin: Readable.from([SARIF]) },
    );
    expect(scanned.stderr).toBe('');
    expect(scanned.code).toBe(0);
    expect(scanned.stdout).toBe(
      'goldpath-events: Sent 1 report (1 result) for component:default/cart; 0 unmapped\n',
    );

    const state = await entityState();
    expect(state.status).toBe('fail');
    expect(
      state.sources.map((s: { source: string; format: string }) => [
        s.source,
        s.format,
      ]),
    ).toEqual(
      expect.arrayContaining([
        // the derived default: the workflow name's space became '-'
        ['github-actions:acme/checkout/Preflight-checks', 'conftest'],
        ['github-actions:acme/checkout/trivy', 'sarif'],
      ]),
    );
    expect(state.sources).toHaveLength(2);
    expect(state.violations).toHaveLength(3);
  });

  it('shows the backend message of a 400 and stores nothing', async () => {
    await writeFile(
      file('bad.json'),
      JSON.stringify([
        { filename: 'k8s/a.yaml', successes: 1, failures: [{ msg: 42 }] },
      ]),
    );
    const result = await cli(
      ['policy', '--format', 'conftest', '--entity', 'cart', file('bad.json')],
      env(),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^goldpath-events: conftest report .*bad\.json not sent: 400 Bad Request: the backend refused the request \(.*msg.*\)\n$/,
    );
    expect((await entityState()).status).toBeNull();
  });

  it('exits 1 on 413 when the report has more results than the backend takes', async () => {
    await writeFile(file('many.json'), conftest(MAX_RESULTS + 5));
    const result = await cli(
      ['policy', '--format', 'conftest', '--entity', 'cart', file('many.json')],
      env(),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('413');
    expect(result.stderr).toContain('the request is too large for the backend');
    expect((await entityState()).status).toBeNull();
  });

  it('exits 1 for a wrong token and a token of another plugin, never printing them', async () => {
    await writeFile(file('conftest.json'), conftest(1));
    const argv = [
      'policy',
      '--format',
      'conftest',
      '--entity',
      'cart',
      file('conftest.json'),
    ];
    const wrong = await cli(argv, {
      ...env(),
      GOLDPATH_TOKEN: 'not-the-token-0123456789',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('401');
    expect(wrong.stderr).toContain('the token is missing or invalid');
    expect(wrong.stderr).not.toContain('not-the-token-0123456789');

    const other = await cli(argv, { ...env(), GOLDPATH_TOKEN: DORA_TOKEN });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('403 Forbidden');
    expect(other.stderr).toContain(
      'the token is not allowed to post policy reports',
    );
    expect(other.stderr).not.toContain(DORA_TOKEN);
    expect((await entityState()).status).toBeNull();
  });

  const hasPayloads = existsSync(PAYLOADS);
  if (!hasPayloads) {
    // eslint-disable-next-line no-console
    console.warn(
      `Skipping the reference-payload case: ${PAYLOADS} is absent (it is beside the repository in the Goldpath workplace and CI).`,
    );
  }
  (hasPayloads ? describe : describe.skip)('reference payloads', () => {
    it('posts the reference Conftest and SARIF outputs as they are', async () => {
      for (const [format, payload, source] of [
        ['conftest', 'conftest/conftest-test-output.json', 'ci:conftest'],
        ['sarif', 'sarif/conftest-sarif-2.1.0.json', 'ci:conftest-sarif'],
      ]) {
        const result = await cli(
          [
            'policy',
            '--format',
            format,
            '--entity',
            'component:default/hello-kubernetes',
            '--source',
            source,
            path.join(PAYLOADS, payload),
          ],
          { GOLDPATH_URL: baseUrl, GOLDPATH_TOKEN: CI_TOKEN },
        );
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(
          /^goldpath-events: Sent 1 report \(\d+ results?\) for component:default\/hello-kubernetes; 0 unmapped\n$/,
        );
      }
      const state = await entityState('component/default/hello-kubernetes');
      expect(state.sources).toHaveLength(2);
      expect(state.status).toBe('fail');
    });
  });
});
