import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  MainOptions,
  main,
  parseArgs,
  parseDuration,
  parseIsoInstant,
} from './cli';
import { Env } from './context';
import { GITHUB_ENV } from './__testUtils__/env';

const TOKEN = 'ci-token-0123456789';
const NOW = new Date('2024-05-01T12:00:00Z');

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
    now: () => NOW,
    sleep: async ms => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { code, stdout, stderr, sleeps };
}

const DEPLOY = [
  'deployment',
  '--service',
  'checkout',
  '--environment',
  'production',
  '--outcome',
  'success',
];

describe('parseArgs', () => {
  it('reads --flag value, --flag=value, switches and repeated attributes', () => {
    const args = parseArgs([
      'deployment',
      '--service',
      'checkout',
      '--outcome=success',
      '--rollback',
      '--attribute',
      'a=1',
      '--attribute=b=2',
      '-h',
    ]);
    expect(args.command).toBe('deployment');
    expect(Object.fromEntries(args.values)).toEqual({
      service: ['checkout'],
      outcome: ['success'],
      rollback: ['true'],
      attribute: ['a=1', 'b=2'],
      help: ['true'],
    });
  });

  it.each([
    [['deploy'], 'unknown command "deploy"'],
    [['toString'], 'unknown command "toString"'],
    [
      ['change', '--environment', 'x'],
      'unknown option --environment for change',
    ],
    [['deployment', '--service'], '--service needs a value'],
    // an empty shell variable: `--commit $SHA --outcome success`
    [
      ['deployment', '--commit', '--outcome', 'success'],
      '--commit needs a value',
    ],
    [['deployment', '--commit='], '--commit needs a value (it is empty)'],
    [['deployment', '--service', 'a', '--service', 'b'], 'more than once'],
    [['deployment', '--rollback=yes'], '--rollback takes no value'],
    [['deployment', 'checkout'], 'unexpected argument "checkout"'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('parsing values', () => {
  it.each([
    ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01T14:00:00+02:00', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01 12:00:00.123456z', '2024-05-01T12:00:00.123Z'],
    ['2024-02-29T00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2024-05-01', undefined],
    ['2024-05-01T12:00:00', undefined],
    ['2023-02-29T00:00:00Z', undefined],
    ['yesterday', undefined],
  ])('parseIsoInstant(%s)', (value, expected) => {
    expect(parseIsoInstant(value)).toBe(expected);
  });

  it.each([
    ['10s', 10_000],
    ['500ms', 500],
    ['1m', 60_000],
    ['2.5', 2_500],
    ['0s', undefined],
    ['ten', undefined],
  ])('parseDuration(%s)', (value, expected) => {
    expect(parseDuration(value)).toBe(expected);
  });
});

describe('main: usage', () => {
  it('prints help', async () => {
    expect((await run(['--help'])).stdout).toContain('Commands:');
    const help = await run(['deployment', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--remediates-incident');
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: goldpath-events <command>');
  });

  it.each([
    [
      ['deployment', '--environment', 'production', '--outcome', 'success'],
      '--service is required',
    ],
    [
      [...DEPLOY.slice(0, 5), '--outcome', 'done'],
      '--outcome must be one of success, failure, cancelled, in_progress (got "done")',
    ],
    [
      [...DEPLOY, '--started-at', 'yesterday'],
      '--started-at: "yesterday" is not an ISO 8601 date-time',
    ],
    [[...DEPLOY, '--finished-at', '2024-05-01'], '--finished-at: "2024-05-01"'],
    [
      [...DEPLOY, '--environment-tier', 'prod'],
      '--environment-tier must be one of',
    ],
    [
      ['build', '--service', 'checkout', '--outcome', 'ok'],
      '--outcome must be one of',
    ],
    [
      [
        'incident',
        '--service',
        'checkout',
        '--incident-id',
        'I',
        '--status',
        'closed',
      ],
      '--status must be one of open, resolved',
    ],
    [
      ['incident', '--service', 'checkout', '--status', 'open'],
      '--incident-id is required',
    ],
    [[...DEPLOY, '--attribute', 'novalue'], '--attribute must be key=value'],
    [[...DEPLOY, '--timeout', 'forever'], '--timeout must be a duration'],
    [[...DEPLOY, '--retries', '-1'], '--retries must be a whole number'],
    [[...DEPLOY, '--url', 'ftp://x'], '--url must be an http(s) URL'],
    [[...DEPLOY, '--url', 'not a url'], '--url: "not a url" is not a URL'],
  ])('exits 2 for %j', async (argv, message) => {
    const { code, stderr, stdout } = await run(argv, GITHUB_ENV);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('asks for a URL and a token unless dry-running', async () => {
    const noUrl = await run(DEPLOY, GITHUB_ENV);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('pass --url or set GOLDPATH_URL');
    const noToken = await run(DEPLOY, {
      ...GITHUB_ENV,
      GOLDPATH_URL: 'https://b.example.com',
    });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('set GOLDPATH_TOKEN');
  });

  it('prints the events on --dry-run and sends nothing', async () => {
    const fetch = jest.fn();
    const { code, stdout } = await run(
      [...DEPLOY, '--dry-run', '--attribute', 'team=payments'],
      { ...GITHUB_ENV, GOLDPATH_TOKEN: TOKEN },
      { fetch },
    );
    expect(code).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
    expect(JSON.parse(stdout)).toEqual({
      events: [
        expect.objectContaining({
          id: 'gha:acme/checkout:7001:1:deployment:checkout:production:success',
          type: 'deployment',
          timestamp: '2024-05-01T12:00:00.000Z',
          deploymentId: '7001:production',
          attributes: expect.objectContaining({ team: 'payments' }),
        }),
      ],
    });
    expect(stdout).not.toContain(TOKEN);
  });
});

describe('main: sending', () => {
  let srv: http.Server | undefined;
  afterEach(async () => {
    await new Promise(resolve => (srv ? srv.close(resolve) : resolve(null)));
    srv = undefined;
  });

  async function serve(...replies: Array<{ status: number; body: unknown }>) {
    const bodies: unknown[] = [];
    srv = http.createServer((req, res) => {
      let raw = '';
      req.on('data', c => {
        raw += c;
      });
      req.on('end', () => {
        bodies.push(JSON.parse(raw));
        const reply = replies[Math.min(bodies.length, replies.length) - 1];
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
      bodies,
    };
  }

  it('prints accepted and duplicates, retrying 503s on the way', async () => {
    const { env, bodies } = await serve(
      { status: 503, body: { error: { message: 'busy' } } },
      {
        status: 200,
        body: {
          received: 1,
          accepted: 1,
          duplicates: 0,
          optedOut: 0,
          rejected: [],
        },
      },
    );
    const { code, stdout, stderr, sleeps } = await run(DEPLOY, env);
    expect(code).toBe(0);
    expect(stdout).toBe(
      'goldpath-events: deployment gha:acme/checkout:7001:1:deployment:checkout:production:success: accepted 1, duplicates 0\n',
    );
    expect(stderr).toBe(
      'goldpath-events: attempt 1 of 6 failed: 503 Service Unavailable: busy; retrying in 0.4s\n',
    );
    expect(sleeps).toEqual([375]);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toEqual(bodies[1]);
  });

  it('exits 1 with each field error on 400', async () => {
    const { env } = await serve({
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message: 'No valid events in the request (1 rejected)',
          rejected: [
            {
              index: 0,
              id: 'x',
              errors: [{ path: 'timestamp', message: 'lies in the future' }],
            },
          ],
        },
      },
    });
    const { code, stdout, stderr, sleeps } = await run(DEPLOY, env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(sleeps).toEqual([]);
    expect(stderr).toContain(
      '400 Bad Request: the backend rejected every event',
    );
    expect(stderr).toContain(
      'event 0 (x) was rejected:\n    timestamp: lies in the future',
    );
  });

  it('exits 1 when some events of a 200 were rejected', async () => {
    const { env } = await serve({
      status: 200,
      body: {
        received: 2,
        accepted: 1,
        duplicates: 0,
        optedOut: 0,
        rejected: [{ index: 1, errors: [{ path: 'service', message: 'bad' }] }],
      },
    });
    const { code, stderr } = await run(DEPLOY, env);
    expect(code).toBe(1);
    expect(stderr).toContain('accepted 1, duplicates 0, rejected 1');
    expect(stderr).toContain('service: bad');
  });

  it('says so when the service opted out', async () => {
    const { env } = await serve({
      status: 200,
      body: {
        received: 1,
        accepted: 0,
        duplicates: 0,
        optedOut: 1,
        rejected: [],
      },
    });
    const { code, stdout } = await run(DEPLOY, env);
    expect(code).toBe(0);
    expect(stdout).toContain('accepted 0, duplicates 0, opted out 1');
    expect(stdout).toContain('opted out');
  });

  it('never prints the token, even when the server echoes it', async () => {
    const { env } = await serve({
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message: `token ${TOKEN} denied` },
      },
    });
    const viaFlag = await run([...DEPLOY, '--token', TOKEN], {
      ...env,
      GOLDPATH_TOKEN: undefined,
    });
    expect(viaFlag.code).toBe(1);
    expect(viaFlag.stderr).toContain('not allowed to send events');
    expect(viaFlag.stderr).not.toContain(TOKEN);
    const viaEnv = await run(DEPLOY, env);
    expect(viaEnv.stderr).not.toContain(TOKEN);
  });

  it('exits 1 when the backend cannot be reached', async () => {
    const { code, stderr, sleeps } = await run([...DEPLOY, '--retries', '2'], {
      ...GITHUB_ENV,
      GOLDPATH_URL: 'http://127.0.0.1:1',
      GOLDPATH_TOKEN: TOKEN,
    });
    expect(code).toBe(1);
    expect(sleeps).toHaveLength(2);
    expect(stderr).toContain('gave up after 3 attempts');
  });
});
