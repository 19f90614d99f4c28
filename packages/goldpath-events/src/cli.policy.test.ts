import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MainOptions, main, parseArgs } from './cli';
import { Env } from './context';
import { GITHUB_ENV, GITLAB_ENV } from './__testUtils__/env';

const TOKEN = 'ci-token-0123456789';
const ENTITY = 'component:default/cart';

/** Conftest `-o json` output, written by hand from Conftest's docs. */
const CONFTEST = `[
  {
    "filename": "k8s/deployment.yaml",
    "namespace": "main",
    "successes": 9,
    "warnings": [],
    "failures": [
      { "msg": "Containers must not run as root", "metadata": { "query": "data.main.deny" } },
      { "msg": "Deployment cart must set resources.limits.memory" }
    ]
  }
]
`;
const SARIF = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'Trivy', rules: [{ id: 'KSV001' }] } },
      results: [
        {
          ruleId: 'KSV001',
          level: 'error',
          message: { text: 'Container cart should set runAsNonRoot' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'k8s/deployment.yaml' },
              },
            },
          ],
        },
      ],
    },
  ],
});

const OK = {
  reports: 1,
  results: 12,
  entities: [ENTITY],
  unmapped: 0,
  skipped: [],
};

// Created before the tables below are built (they name the files).
const dir = mkdtempSync(path.join(os.tmpdir(), 'goldpath-events-cli-'));
const conftestFile = path.join(dir, 'conftest.json');
const sarifFile = path.join(dir, 'trivy.sarif');
beforeAll(async () => {
  await writeFile(conftestFile, CONFTEST);
  await writeFile(sarifFile, SARIF);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(
  argv: string[],
  env: Env = {},
  extra: Partial<MainOptions> = {},
) {
  let stdout = '';
  let stderr = '';
  const sleeps: number[] = [];
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
    sleep: async ms => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { code, stdout, stderr, sleeps };
}

const policy = (...rest: string[]) => [
  'policy',
  '--format',
  'conftest',
  '--entity',
  ENTITY,
  ...rest,
];

describe('parseArgs: policy', () => {
  it('takes one operand, the report file or -', () => {
    const args = parseArgs([
      'policy',
      '--format=sarif',
      '--entity',
      ENTITY,
      'trivy.sarif',
      '--dry-run',
    ]);
    expect(args.command).toBe('policy');
    expect(args.operands).toEqual(['trivy.sarif']);
    expect(Object.fromEntries(args.values)).toEqual({
      format: ['sarif'],
      entity: [ENTITY],
      'dry-run': ['true'],
    });
    expect(parseArgs(['policy', '-']).operands).toEqual(['-']);
  });

  it.each([
    [
      ['policy', 'a.json', 'b.json'],
      'unexpected argument "b.json" (the report is "a.json")',
    ],
    [['policy', '--attribute', 'a=1'], 'unknown option --attribute for policy'],
    [['policy', '--service', 'cart'], 'unknown option --service for policy'],
    [['policy', '--entity'], '--entity needs a value'],
    [['policy', '--source', '--format', 'sarif'], '--source needs a value'],
    [['policy', '--format', 'sarif', '--format', 'conftest'], 'more than once'],
    [['deployment', 'a.json'], 'unexpected argument "a.json"'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('main: policy usage', () => {
  it('prints its help, and lists it in the usage', async () => {
    const help = await run(['policy', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      'Usage: goldpath-events policy --format conftest|sarif --entity REF [options] FILE|-',
    );
    expect((await run(['--help'])).stdout).toContain('policy       a pipeline');
  });

  it.each([
    [['policy', '--entity', ENTITY, conftestFile], '--format is required'],
    [
      ['policy', '--format', 'json', '--entity', ENTITY, conftestFile],
      '--format must be one of conftest, sarif (got "json")',
    ],
    [['policy', '--format', 'sarif', sarifFile], '--entity is required'],
    [
      ['policy', '--format', 'sarif', '--entity', 'a b', sarifFile],
      '--entity must be an entity ref such as component:default/checkout (got "a b")',
    ],
    [
      policy(),
      'no report given: name its file, or - to read it from standard input',
    ],
    [
      policy(path.join('/nonexistent', 'conftest.json')),
      'conftest.json: no such file (did the scan step write it?)',
    ],
    [
      ['policy', '--format', 'sarif', '--entity', ENTITY, conftestFile],
      'is Conftest JSON output, not a SARIF log: use --format conftest',
    ],
    [
      policy(sarifFile),
      'is a SARIF log, not Conftest JSON output: use --format sarif',
    ],
    [policy(conftestFile, '--timeout', 'soon'), '--timeout must be a duration'],
    [
      policy(conftestFile, '--retries', '21'),
      '--retries must be a whole number',
    ],
    [policy(conftestFile, '--url', 'ftp://x'), '--url must be an http(s) URL'],
    [
      policy(conftestFile, '--source', 'my pipeline'),
      '--source must be 1 to 128 letters, digits or . _ : / @ -, starting with a letter or digit (got "my pipeline")',
    ],
  ])('exits 2 for %j', async (argv, message) => {
    const fetch = jest.fn();
    const { code, stderr, stdout } = await run(
      argv,
      {
        ...GITHUB_ENV,
        GOLDPATH_URL: 'https://b.example.com',
        GOLDPATH_TOKEN: TOKEN,
      },
      { fetch },
    );
    expect(stderr).toContain(message);
    expect(stderr).toContain('Run goldpath-events policy --help for usage.');
    expect(stdout).toBe('');
    expect(code).toBe(2);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('needs --source outside GitHub Actions and GitLab CI', async () => {
    const { code, stderr } = await run(policy(conftestFile, '--dry-run'), {});
    expect(code).toBe(2);
    expect(stderr).toContain(
      '--source is required: neither GitHub Actions nor GitLab CI gives no default',
    );
    const given = await run(
      policy(
        conftestFile,
        '--dry-run',
        '--source',
        'jenkins:acme/cart/preflight',
      ),
      {},
    );
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('source=jenkins%3Aacme%2Fcart%2Fpreflight');
    expect(given.stdout).not.toContain('repository=');
  });

  it('asks for a URL and a token unless dry-running, before reading the report', async () => {
    const noUrl = await run(policy('missing.json'), GITHUB_ENV);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('pass --url or set GOLDPATH_URL');
    const noToken = await run(policy(conftestFile), {
      ...GITHUB_ENV,
      GOLDPATH_URL: 'https://b.example.com',
    });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('set GOLDPATH_TOKEN');
  });
});

describe('main: policy --dry-run', () => {
  it('prints method, URL, byte count and the start of the report; sends nothing', async () => {
    const fetch = jest.fn();
    const { code, stdout, stderr } = await run(
      policy(conftestFile, '--dry-run', '--token', TOKEN),
      { ...GITHUB_ENV, GOLDPATH_URL: 'https://b.example.com/' },
      { fetch },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
    expect(stdout).toBe(
      [
        'POST https://b.example.com/api/policy/reports?format=conftest&entity=component%3Adefault%2Fcart&source=github-actions%3Aacme%2Fcheckout%2FDeploy&repository=acme%2Fcheckout',
        'Content-Type: application/json',
        'Authorization: Bearer ***',
        `${Buffer.byteLength(CONFTEST)} bytes:`,
        CONFTEST,
      ].join('\n'),
    );
    expect(stdout).not.toContain(TOKEN);
  });

  it('defaults source and repository from GitLab CI, and works without a URL', async () => {
    const { code, stdout } = await run(
      [
        'policy',
        '--format',
        'sarif',
        '--entity',
        'cart',
        sarifFile,
        '--dry-run',
      ],
      GITLAB_ENV,
    );
    expect(code).toBe(0);
    const url = new URL(
      stdout
        .split('\n')[0]
        .slice('POST '.length)
        .replace('<GOLDPATH_URL>', 'https://placeholder'),
    );
    expect(stdout.startsWith('POST <GOLDPATH_URL>/api/policy/reports?')).toBe(
      true,
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'sarif',
      entity: 'component:default/cart',
      source: 'gitlab-ci:acme/shop/checkout/deploy-production',
      repository: 'acme/shop/checkout',
    });
    expect(stdout).toContain('Authorization: (no token: set GOLDPATH_TOKEN)');
  });

  it('lets --source and --repository win over the CI context', async () => {
    const { stdout } = await run(
      policy(
        conftestFile,
        '--dry-run',
        '--source',
        'preflight',
        '--repository',
        'acme/other',
      ),
      GITHUB_ENV,
    );
    expect(stdout).toContain('&source=preflight&repository=acme%2Fother\n');
  });

  it('shows only the first 500 characters of a long report', async () => {
    const long = JSON.stringify(
      Array.from({ length: 40 }, (_, i) => ({
        filename: `k8s/file-${i}.yaml`,
        successes: 1,
        failures: [],
      })),
    );
    const { code, stdout } = await run(policy('-', '--dry-run'), GITHUB_ENV, {
      stdin: Readable.from([long]),
    });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[3]).toBe(
      `${Buffer.byteLength(long)} bytes, the first 500 characters:`,
    );
    expect(lines[4]).toBe(long.slice(0, 500));
    expect(lines[5]).toBe(`… (${long.length - 500} more characters)`);
  });
});

describe('main: sending a policy report', () => {
  let srv: http.Server | undefined;
  afterEach(async () => {
    await new Promise(resolve => (srv ? srv.close(resolve) : resolve(null)));
    srv = undefined;
  });

  interface Seen {
    method?: string;
    url?: string;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
  }

  async function serve(...replies: Array<{ status: number; body: unknown }>) {
    const seen: Seen[] = [];
    srv = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks),
        });
        const reply = replies[Math.min(seen.length, replies.length) - 1];
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>(resolve => srv!.listen(0, '127.0.0.1', resolve));
    const { port } = srv.address() as AddressInfo;
    return {
      env: {
        ...GITHUB_ENV,
        GOLDPATH_URL: `http://127.0.0.1:${port}`,
        GOLDPATH_TOKEN: TOKEN,
      },
      seen,
    };
  }

  it('prints the one-line summary, retrying a 503 on the way', async () => {
    const { env, seen } = await serve(
      {
        status: 503,
        body: { error: { name: 'ServiceUnavailableError', message: 'busy' } },
      },
      { status: 200, body: OK },
    );
    const { code, stdout, stderr, sleeps } = await run(
      policy(conftestFile),
      env,
    );
    expect(stdout).toBe(
      'goldpath-events: Sent 1 report (12 results) for component:default/cart; 0 unmapped\n',
    );
    expect(stderr).toBe(
      'goldpath-events: attempt 1 of 6 failed: 503 Service Unavailable: busy; retrying in 0.4s\n',
    );
    expect(code).toBe(0);
    expect(sleeps).toEqual([375]);
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.method).toBe('POST');
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.body.toString('utf8')).toBe(CONFTEST);
      const url = new URL(request.url!, 'http://x');
      expect(url.pathname).toBe('/api/policy/reports');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        format: 'conftest',
        entity: ENTITY,
        source: 'github-actions:acme/checkout/Deploy',
        repository: 'acme/checkout',
      });
    }
  });

  it('reads the report from standard input for -', async () => {
    const { env, seen } = await serve({ status: 200, body: OK });
    const { code, stdout } = await run(
      ['policy', '--format', 'sarif', '--entity', ENTITY, '-'],
      env,
      {
        stdin: Readable.from([
          Buffer.from(SARIF.slice(0, 10)),
          Buffer.from(SARIF.slice(10)),
        ]),
      },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Sent 1 report (12 results)');
    expect(seen).toHaveLength(1);
    expect(seen[0].body.toString('utf8')).toBe(SARIF);
    expect(new URL(seen[0].url!, 'http://x').searchParams.get('format')).toBe(
      'sarif',
    );
  });

  it('accepts a URL already ending in /api/policy or /api/policy/reports', async () => {
    const { env, seen } = await serve({ status: 200, body: OK });
    for (const suffix of ['/api/policy', '/api/policy/reports/']) {
      const { code } = await run(policy(conftestFile), {
        ...env,
        GOLDPATH_URL: `${env.GOLDPATH_URL}${suffix}`,
      });
      expect(code).toBe(0);
    }
    expect(seen.map(s => new URL(s.url!, 'http://x').pathname)).toEqual([
      '/api/policy/reports',
      '/api/policy/reports',
    ]);
  });

  it('shows the backend message of a 400 and exits 1 without retrying', async () => {
    const { env, seen } = await serve({
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message:
            'document 1: [0].failures[1].msg: expected a string, got a number',
        },
      },
    });
    const { code, stdout, stderr, sleeps } = await run(
      policy(conftestFile),
      env,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(sleeps).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(stderr).toBe(
      `goldpath-events: conftest report ${conftestFile} not sent: 400 Bad Request: the backend refused the request (document 1: [0].failures[1].msg: expected a string, got a number)\n`,
    );
  });

  it('exits 1 on 413 and 403, saying what to fix', async () => {
    const tooLarge = await serve({
      status: 413,
      body: {
        error: {
          name: 'PayloadTooLargeError',
          message: 'more than 50000 results',
        },
      },
    });
    const large = await run(policy(conftestFile), tooLarge.env);
    expect(large.code).toBe(1);
    expect(large.stderr).toContain(
      '413 Payload Too Large: the request is too large for the backend (more than 50000 results)',
    );
    await new Promise(resolve => srv!.close(resolve));
    srv = undefined;

    const forbidden = await serve({
      status: 403,
      body: { error: { name: 'NotAllowedError', message: 'not allowed' } },
    });
    const denied = await run(policy(conftestFile), forbidden.env);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('must include plugin: policy');
  });

  it('never prints the token, even when the server echoes it', async () => {
    const { env } = await serve({
      status: 401,
      body: {
        error: { name: 'AuthenticationError', message: `bad token ${TOKEN}` },
      },
    });
    const viaFlag = await run(policy(conftestFile, '--token', TOKEN), {
      ...env,
      GOLDPATH_TOKEN: undefined,
    });
    expect(viaFlag.code).toBe(1);
    expect(viaFlag.stderr).toContain('the token is missing or invalid');
    expect(viaFlag.stderr).toContain('bad token ***');
    expect(viaFlag.stderr + viaFlag.stdout).not.toContain(TOKEN);
    const viaEnv = await run(policy(conftestFile), env);
    expect(viaEnv.stderr + viaEnv.stdout).not.toContain(TOKEN);
  });

  it('reports what the backend left out and unmapped results, still exiting 0', async () => {
    const { env } = await serve({
      status: 200,
      body: {
        reports: 1,
        results: 3,
        entities: [],
        unmapped: 3,
        skipped: ['run 2 (Checkov): no results'],
      },
    });
    const { code, stdout, stderr } = await run(policy(conftestFile), env);
    expect(code).toBe(0);
    expect(stdout).toBe(
      'goldpath-events: Sent 1 report (3 results) for component:default/cart (no change stored); 3 unmapped\n',
    );
    expect(stderr).toBe(
      'goldpath-events: note: run 2 (Checkov): no results\n' +
        'goldpath-events: 3 results are kept unmapped until the catalog knows their entity: is component:default/cart in the catalog?\n',
    );
  });

  it('exits 1 for a 200 that is not the policy backend', async () => {
    const { env } = await serve({ status: 200, body: { accepted: 1 } });
    const { code, stderr } = await run(policy(conftestFile), env);
    expect(code).toBe(1);
    expect(stderr).toContain('is not an answer of the Goldpath policy backend');
  });

  it('gives up after the retries when the backend cannot be reached', async () => {
    const { code, stderr, sleeps } = await run(
      policy(conftestFile, '--retries', '1'),
      {
        ...GITHUB_ENV,
        GOLDPATH_URL: 'http://127.0.0.1:1',
        GOLDPATH_TOKEN: TOKEN,
      },
    );
    expect(code).toBe(1);
    expect(sleeps).toHaveLength(1);
    expect(stderr).toContain('gave up after 2 attempts');
  });
});
