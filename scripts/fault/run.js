#!/usr/bin/env node
/* eslint-disable no-console, no-restricted-syntax */
/*
 * Fault tests of the dora backend with real processes:
 *
 *   1. kill -9 of the backend in the middle of event batches, restart,
 *      resend: every event stored exactly once.
 *   2. PostgreSQL stopped and started while webhooks arrive: no 2xx while it
 *      is down (503 expected), then every delivery stored once after
 *      redelivery.
 *   3. The CI emitter (packages/goldpath-events) retries through a backend
 *      restart: its event lands once, and a rerun changes nothing.
 *   4. The emitter sends while the backend is starting (listening, its
 *      plugins not yet started): it retries the 404 of a backend that is not
 *      ready, its event lands once; a 404 of a started backend (a wrong
 *      --url) fails at once.
 *
 * Everything runs against a throwaway PostgreSQL server (initdb + pg_ctl on
 * a temporary directory and a free port) and backends on ports 7100-7199;
 * every process started here is stopped before exit, also on failure.
 *
 *   node scripts/fault/run.js [kill9] [postgres] [emitter] [startup]   (default: all)
 *
 * Needs PostgreSQL's server binaries (GOLDPATH_PG_BIN, default: the newest
 * /usr/lib/postgresql/<version>/bin). As root, PostgreSQL runs as `postgres`.
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const DORA_BACKEND = path.join(ROOT, 'plugins/dora-backend');
const requireFromRoot = m =>
  require(require.resolve(m, { paths: [ROOT, DORA_BACKEND] }));
const { Client } = requireFromRoot('pg');

const TOKEN = crypto.randomBytes(24).toString('hex');
const GITHUB_SECRET = crypto.randomBytes(16).toString('hex');
const started = Date.now();
const cleanups = [];
let failures = 0;

const log = (...args) =>
  console.log(
    `[fault ${((Date.now() - started) / 1000).toFixed(1)}s]`,
    ...args,
  );
const sleep = ms => new Promise(r => setTimeout(r, ms));

function check(condition, message) {
  if (condition) {
    log(`  ok: ${message}`);
  } else {
    failures++;
    log(`  FAILED: ${message}`);
  }
}

async function until(what, fn, { timeoutMs = 60_000, everyMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last ? `: ${last.message}` : ''}`,
      );
    }
    await sleep(everyMs);
  }
}

function portIsFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0' }, () =>
      server.close(() => resolve(true)),
    );
  });
}

const taken = new Set();
async function freePort() {
  const offset = Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) {
    const port = 7100 + ((offset + i) % 100);
    if (!taken.has(port) && (await portIsFree(port))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port in 7100-7199');
}

// --- a throwaway PostgreSQL ----------------------------------------------

function pgBin() {
  if (process.env.GOLDPATH_PG_BIN) return process.env.GOLDPATH_PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter(v => fs.existsSync(path.join(base, v, 'bin/initdb')))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found: set GOLDPATH_PG_BIN',
    );
  }
  return path.join(
    base,
    versions.sort((a, b) => Number(a) - Number(b)).pop(),
    'bin',
  );
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function pgRun(tool, args) {
  const bin = path.join(pgBin(), tool);
  const [cmd, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', bin, ...args]]
    : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(
      `${tool} ${args.join(' ')} failed: ${r.stderr || r.stdout}`,
    );
  }
  return r.stdout;
}

async function startThrowawayPostgres(tmp) {
  const dir = path.join(tmp, 'pg');
  fs.mkdirSync(dir, { mode: 0o700 });
  if (asRoot) {
    spawnSync('chown', ['-R', 'postgres:', tmp]);
  }
  const port = await freePort();
  pgRun('initdb', [
    '-D',
    dir,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const pg = {
    port,
    dir,
    start() {
      pgRun('pg_ctl', [
        '-D',
        dir,
        '-l',
        path.join(dir, 'server.log'),
        '-w',
        '-t',
        '30',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        'start',
      ]);
    },
    stop() {
      pgRun('pg_ctl', ['-D', dir, '-m', 'fast', '-w', '-t', '30', 'stop']);
    },
    async query(sql, values) {
      const client = new Client({
        host: '127.0.0.1',
        port,
        user: 'postgres',
        database: 'backstage_plugin_dora',
      });
      await client.connect();
      try {
        return (await client.query(sql, values)).rows;
      } finally {
        await client.end();
      }
    },
  };
  pg.start();
  cleanups.push(() => {
    try {
      pg.stop();
    } catch {
      // already stopped
    }
  });
  log(`throwaway PostgreSQL on port ${port} (${dir})`);
  return pg;
}

// --- the backend process ---------------------------------------------------

function writeConfig(tmp, port, pg) {
  const catalogFile = path.join(tmp, 'catalog.yaml');
  fs.writeFileSync(
    catalogFile,
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  annotations:
    github.com/project-slug: acme/checkout
spec: { type: service, lifecycle: production, owner: team-a }
`,
  );
  const config = {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: {
        client: 'pg',
        connection: { host: '127.0.0.1', port: pg.port, user: 'postgres' },
        // an answer (not a hanging request) while the database is away
        knexConfig: { acquireConnectionTimeout: 3000 },
      },
      auth: {
        externalAccess: [
          { type: 'static', options: { token: TOKEN, subject: 'fault-ci' } },
        ],
      },
    },
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      locations: [{ type: 'file', target: catalogFile }],
      processingInterval: { seconds: 1 },
    },
    goldpath: {
      dora: {
        privacy: { actorHashKey: 'fault-test-key' },
        ingestion: { maxEvents: 500 },
        catalog: { refreshInterval: '1s' },
        webhooks: { github: { secret: GITHUB_SECRET } },
      },
    },
  };
  const file = path.join(tmp, `app-config.${port}.yaml`);
  // JSON is YAML
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/**
 * Starts a backend and waits until it is ready, or with `wait: false` only
 * spawns it. `env` is added to its environment.
 */
async function startBackend(
  tmp,
  port,
  configFile,
  name,
  { env = {}, wait = true } = {},
) {
  const logFile = path.join(tmp, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'backend.js'), '--config', configFile],
    {
      cwd: ROOT,
      detached: true, // its own process group: kill -9 reaches every child
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        ...env,
      },
    },
  );
  fs.closeSync(out);
  let exited = false;
  const exit = new Promise(resolve =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  const backend = {
    name,
    child,
    exit,
    logFile,
    get exited() {
      return exited;
    },
    url: `http://localhost:${port}`,
    kill(signal = 'SIGKILL') {
      if (!exited) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // gone
        }
      }
      return exit;
    },
  };
  cleanups.push(() => backend.kill());
  if (!wait) return backend;
  try {
    await until(
      `${name} to be ready`,
      async () => {
        if (exited) throw new Error(`${name} exited; see ${logFile}`);
        // Every plugin started (a kill -9 before would leave the catalog's
        // migration lock behind), and dora answering.
        const ready = await fetch(
          `${backend.url}/.backstage/health/v1/readiness`,
        );
        if (!ready.ok) return false;
        const res = await fetch(`${backend.url}/api/dora/health`);
        return res.ok;
      },
      { timeoutMs: 90_000, everyMs: 250 },
    );
  } catch (e) {
    console.error(tail(logFile));
    throw e;
  }
  log(`${name} ready on port ${port} (pid ${child.pid})`);
  return backend;
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function post(url, body, headers = {}, timeoutMs = 15_000) {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, text, headers: res.headers };
  } catch (e) {
    return { status: 0, error: e.cause?.code ?? e.name ?? String(e) };
  }
}

// --- 1. kill -9 in the middle of batches ----------------------------------

const BATCHES = 40;
const BATCH_SIZE = 50;

function batch(b) {
  const base = Date.now() - 86_400_000;
  return {
    events: Array.from({ length: BATCH_SIZE }, (_, i) => ({
      id: `kill9-${b}-${i}`,
      type: 'deployment',
      service: 'checkout',
      deploymentId: `kill9-${b}-${i}`,
      environment: 'production',
      outcome: 'success',
      commitSha: `c0ffee${String(b * BATCH_SIZE + i).padStart(6, '0')}`,
      timestamp: new Date(base + (b * BATCH_SIZE + i) * 1000).toISOString(),
    })),
  };
}

async function kill9(ctx) {
  log('scenario 1: kill -9 of the backend in the middle of batches');
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const endpoint = b =>
    post(`${ctx.backend.url}/api/dora/events`, JSON.stringify(batch(b)), auth);
  const acknowledged = [];
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < BATCHES) {
      const b = next++;
      const res = await endpoint(b);
      if (res.status === 200) acknowledged.push(b);
      if (!killed && acknowledged.length >= 8) {
        killed = true;
        log(`  kill -9 after ${acknowledged.length} acknowledged batches`);
        ctx.backend.kill('SIGKILL');
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const { signal } = await ctx.backend.exit;
  check(signal === 'SIGKILL', `the backend died of SIGKILL (${signal})`);
  check(
    acknowledged.length < BATCHES,
    `${acknowledged.length} of ${BATCHES} batches were acknowledged before the kill`,
  );

  const [{ n: afterKill }] = await ctx.pg.query(
    `select count(*)::int as n from dora_events where id like 'kill9-%'`,
  );
  const ackedIds = acknowledged.flatMap(b => batch(b).events.map(e => e.id));
  const [{ n: ackedStored }] = await ctx.pg.query(
    `select count(*)::int as n from dora_events where id = any($1)`,
    [ackedIds],
  );
  check(
    ackedStored === ackedIds.length,
    `every acknowledged event survived the kill (${ackedStored}/${ackedIds.length}; ${afterKill} stored in all)`,
  );

  check(
    afterKill % BATCH_SIZE === 0,
    `no batch was half stored: ${afterKill} is a multiple of ${BATCH_SIZE}`,
  );

  ctx.backend = await startBackend(ctx.tmp, ctx.port, ctx.config, 'backend-2');
  let accepted = 0;
  let duplicates = 0;
  for (let b = 0; b < BATCHES; b++) {
    const res = await until(`batch ${b} to be accepted`, async () => {
      const r = await endpoint(b);
      return r.status === 200 ? r : undefined;
    });
    accepted += res.body.accepted;
    duplicates += res.body.duplicates;
  }
  const total = BATCHES * BATCH_SIZE;
  check(
    accepted + duplicates === total,
    `the resend reported every event once (accepted ${accepted} + duplicates ${duplicates} = ${total})`,
  );
  check(
    accepted === total - afterKill,
    `the resend stored exactly what the kill lost (${accepted} = ${total} - ${afterKill})`,
  );
  const [{ n, d }] = await ctx.pg.query(
    `select count(*)::int as n, count(distinct id)::int as d from dora_events where id like 'kill9-%'`,
  );
  check(
    n === total && d === total,
    `every event stored exactly once (${n} rows, ${d} distinct, ${total} sent)`,
  );
}

// --- 2. PostgreSQL stopped and started while webhooks arrive --------------

function deploymentStatus(id) {
  const examples = requireFromRoot('@octokit/webhooks-examples');
  const example = structuredClone(
    examples.find(e => e.name === 'deployment_status').examples[0],
  );
  const at = new Date(Date.now() - 600_000 + id * 1000).toISOString();
  example.repository.full_name = 'acme/checkout';
  example.repository.name = 'checkout';
  example.deployment.id = 900_000 + id;
  example.deployment.environment = 'production';
  example.deployment.created_at = at;
  example.deployment_status.id = 9_000_000 + id;
  example.deployment_status.state = 'success';
  example.deployment_status.environment = 'production';
  example.deployment_status.created_at = at;
  return JSON.stringify(example);
}

function deliver(url, id) {
  const body = deploymentStatus(id);
  return post(`${url}/api/dora/webhooks/github`, body, {
    'X-GitHub-Event': 'deployment_status',
    'X-GitHub-Delivery': `fault-delivery-${id}`,
    'X-Hub-Signature-256': `sha256=${crypto
      .createHmac('sha256', GITHUB_SECRET)
      .update(body)
      .digest('hex')}`,
  });
}

async function storedDeliveries(pg) {
  const [{ n }] = await pg.query(
    `select (select count(*) from dora_events where type = 'deployment' and id not like 'kill9-%' and id not like 'ci:%')::int
          + (select count(*) from dora_unresolved_events)::int as n`,
  );
  return n;
}

async function postgresDown(ctx) {
  log('scenario 2: PostgreSQL stopped and started while webhooks arrive');
  // the catalog must know acme/checkout, so deliveries resolve to the service
  await until('the catalog to know checkout', async () => {
    const res = await fetch(
      `${ctx.backend.url}/api/catalog/entities/by-name/component/default/checkout`,
      {
        headers: { Authorization: `Bearer ${TOKEN}` },
      },
    );
    return res.ok;
  });
  const base = await storedDeliveries(ctx.pg);
  const UP = 10;
  const DOWN = 10;
  const upStatuses = [];
  for (let i = 0; i < UP; i++)
    upStatuses.push((await deliver(ctx.backend.url, i)).status);
  check(
    upStatuses.every(s => s === 202),
    `deliveries while PostgreSQL is up: 202 (${upStatuses.join(',')})`,
  );

  ctx.pg.stop();
  log('  PostgreSQL stopped');
  const downAnswers = [];
  for (let i = UP; i < UP + DOWN; i++)
    downAnswers.push(await deliver(ctx.backend.url, i));
  const downStatuses = downAnswers.map(a => a.status || a.error);
  check(
    downAnswers.every(a => a.status < 200 || a.status >= 300),
    `no 2xx while PostgreSQL is down (${downStatuses.join(',')})`,
  );
  check(
    downAnswers.every(a => a.status === 503),
    `every delivery while PostgreSQL is down answered 503 (${downStatuses.join(
      ',',
    )})`,
  );
  check(!ctx.backend.exited, 'the backend process survived the outage');

  ctx.pg.start();
  log('  PostgreSQL started');
  // redelivery of every delivery, as a tool redelivers what failed (and more)
  const redelivered = [];
  for (let i = 0; i < UP + DOWN; i++) {
    const res = await until(
      `delivery ${i} to be accepted again`,
      async () => {
        const r = await deliver(ctx.backend.url, i);
        return r.status === 202 ? r : undefined;
      },
      { timeoutMs: 60_000, everyMs: 500 },
    );
    redelivered.push(res.body);
  }
  const stored = (await storedDeliveries(ctx.pg)) - base;
  check(
    stored === UP + DOWN,
    `every delivery stored exactly once after redelivery (${stored} of ${
      UP + DOWN
    })`,
  );
  const dupes = redelivered
    .slice(0, UP)
    .every(b => b.duplicates === 1 && b.accepted === 0);
  check(
    dupes,
    `redeliveries of stored deliveries are reported as duplicates${
      dupes ? '' : ` (${JSON.stringify(redelivered.slice(0, UP))})`
    }`,
  );
}

// --- 3. the CI emitter through a backend restart ---------------------------

function emitter(url, { deploymentId = 'fault-emitter-1' } = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GOLDPATH_TOKEN: TOKEN,
  };
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'packages/goldpath-events/bin/goldpath-events'),
      'deployment',
      '--service',
      'checkout',
      '--environment',
      'production',
      '--outcome',
      'success',
      '--deployment-id',
      deploymentId,
      '--commit',
      'fa017e5700000000000000000000000000000000',
      '--finished-at',
      new Date(
        Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000,
      ).toISOString(),
      '--url',
      url,
      '--retries',
      '8',
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', d => (output += d));
  child.stderr.on('data', d => (output += d));
  const exit = new Promise(resolve =>
    child.once('exit', code => resolve(code)),
  );
  cleanups.push(() => child.kill('SIGKILL'));
  return { child, exit, output: () => output };
}

async function emitterRestart(ctx) {
  log('scenario 3: the CI emitter retries through a backend restart');
  await ctx.backend.kill('SIGKILL');
  log('  backend stopped; the emitter starts');
  const run = emitter(ctx.backend.url);
  await until(
    'the emitter to report a retry',
    async () => /retry|attempt/i.test(run.output()),
    {
      timeoutMs: 30_000,
    },
  );
  log('  the emitter is retrying; the backend restarts');
  ctx.backend = await startBackend(ctx.tmp, ctx.port, ctx.config, 'backend-3');
  const code = await run.exit;
  check(
    code === 0,
    `the emitter succeeded after retrying (exit ${code}): ${run
      .output()
      .trim()
      .split('\n')
      .slice(-2)
      .join(' | ')}`,
  );
  const count = async () =>
    (
      await ctx.pg.query(
        `select count(*)::int as n from dora_events where id like 'ci:%' or id like '%fault-emitter-1%'`,
      )
    )[0].n;
  check((await count()) === 1, `its event landed once (${await count()})`);
  const rerun = emitter(ctx.backend.url);
  const rerunCode = await rerun.exit;
  check(rerunCode === 0, `a rerun of the emitter succeeds (exit ${rerunCode})`);
  check((await count()) === 1, `and stores nothing new (${await count()})`);
}

// Backstage listens before its plugins have started, and answers 404 for a
// plugin's routes until that plugin's router exists. The plugins' start is
// held back here to make that window long enough to send into, every time.
async function emitterDuringStartup(ctx) {
  log('scenario 4: the CI emitter sends while the backend is starting');
  await ctx.backend.kill('SIGKILL');
  ctx.backend = await startBackend(ctx.tmp, ctx.port, ctx.config, 'backend-4', {
    env: { GOLDPATH_FAULT_START_DELAY_MS: '8000' },
    wait: false,
  });
  const base = ctx.backend.url;
  await until(
    'the starting backend to answer 404 for /api/dora and 503 for readiness',
    async () => {
      if (ctx.backend.exited)
        throw new Error(`backend-4 exited; see ${ctx.backend.logFile}`);
      const dora = await fetch(`${base}/api/dora/health`);
      const ready = await fetch(`${base}/.backstage/health/v1/readiness`);
      return dora.status === 404 && ready.status === 503;
    },
    { timeoutMs: 90_000, everyMs: 100 },
  );
  log(
    '  the backend answers 404 for /api/dora and is not ready; the emitter starts',
  );
  const run = emitter(base, { deploymentId: 'fault-emitter-startup' });
  const code = await run.exit;
  const output = run.output().trim();
  check(
    code === 0,
    `the emitter succeeded (exit ${code}): ${output
      .split('\n')
      .slice(-2)
      .join(' | ')}`,
  );
  check(
    /404 Not Found: the backend is not ready \(its readiness check says: Backend has not started yet\)/.test(
      output,
    ),
    'it retried the 404 because the backend was not ready',
  );
  const id = /deployment (ci:deployment:[0-9a-f]+): accepted 1/.exec(
    output,
  )?.[1];
  check(id !== undefined, `it reported its event accepted (${id})`);
  const rows = await ctx.pg.query(
    `select count(*)::int as n from dora_events where id = $1`,
    [id ?? ''],
  );
  check(rows[0].n === 1, `its event landed once (${rows[0].n})`);
  const wrong = emitter(`${base}/elsewhere`, {
    deploymentId: 'fault-emitter-wrong-url',
  });
  const wrongCode = await wrong.exit;
  check(
    wrongCode === 1 &&
      /no events endpoint here/.test(wrong.output()) &&
      !/retrying/.test(wrong.output()),
    `a 404 of the started backend (a wrong --url) fails at once (exit ${wrongCode}): ${wrong
      .output()
      .trim()}`,
  );
}

// --- main ------------------------------------------------------------------

const SCENARIOS = {
  kill9,
  postgres: postgresDown,
  emitter: emitterRestart,
  startup: emitterDuringStartup,
};

async function main() {
  const chosen = process.argv.slice(2).length
    ? process.argv.slice(2)
    : Object.keys(SCENARIOS);
  for (const name of chosen) {
    if (!SCENARIOS[name])
      throw new Error(
        `unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`,
      );
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'goldpath-fault-'));
  cleanups.push(() => {
    if (failures === 0) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`logs kept in ${tmp}`);
  });
  const pg = await startThrowawayPostgres(tmp);
  const port = await freePort();
  const config = writeConfig(tmp, port, pg);
  const ctx = { tmp, pg, port, config };
  ctx.backend = await startBackend(tmp, port, config, 'backend-1');
  for (const name of chosen) {
    if (ctx.backend.exited)
      ctx.backend = await startBackend(tmp, port, config, `backend-${name}`);
    await SCENARIOS[name](ctx);
  }
}

async function cleanup() {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (e) {
      log(`cleanup: ${e.message}`);
    }
  }
}

process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
process.on('SIGTERM', () => cleanup().then(() => process.exit(143)));

main()
  .catch(e => {
    failures++;
    log(`ERROR: ${e.stack ?? e}`);
  })
  .then(cleanup)
  .then(() => {
    log(failures ? `${failures} check(s) failed` : 'all fault checks passed');
    process.exit(failures ? 1 : 0);
  });
