/*
 * yarn bench: measures the dora backend on deterministic synthetic fleets on
 * SQLite and on PostgreSQL, at several sizes (services x events over a year),
 * keeps every run's figures in bench/results.json and writes them with the
 * machine to BENCHMARKS.md. Not part of the test suite.
 *
 *   ingestion     events/s through the real ingestion path (validation,
 *                 normalisation, pseudonymisation, duplicate check, insert,
 *                 version bump) next to a plain knex bulk insert of the same
 *                 rows into an identical table; the ratio is the figure
 *   memory        peak resident set size of the process during the ingest
 *   concurrent    8 writers into two store instances on one database
 *                 (scenarios.ts); stored must equal the distinct events sent
 *   webhooks      signed GitHub deliveries over HTTP, throughput and p99
 *   scorecard     latency of one service's scorecard (query + engine, with
 *                 trends and last week), p50 and p95 over sampled services
 *   fleet rollup  all services grouped by team: first computation (cold),
 *                 from stored snapshots (warm), and both for a 30-day window
 *
 *   yarn bench [--runs 2000x100000,2000x1000000,10000x1000000]
 *              [--databases sqlite,postgres] [--no-write] [--report-only]
 */
import { ConfigReader } from '@backstage/config';
import {
  AuthService,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DeliveryEvent } from '@goldpath/plugin-dora-common';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { readDoraBackendConfig } from '../src/config';
import { DatabaseDoraStore } from '../src/database/DatabaseDoraStore';
import { eventToRow } from '../src/database/mappers';
import { ActorPseudonymizer } from '../src/ingestion/ActorPseudonymizer';
import { IngestionService } from '../src/ingestion/IngestionService';
import { ScorecardService } from '../src/scorecards/ScorecardService';
import { CatalogDirectory } from '../src/catalog/CatalogDirectory';
import { fleetEntities, serviceEvents, serviceRef } from './fleet';
import {
  ConcurrentResult,
  WebhookResult,
  concurrentIngestion,
  countEvents,
  pct,
  webhookThroughput,
} from './scenarios';

const AS_OF = Date.UTC(2026, 5, 1); // 2026-06-01T00:00:00Z
const BATCH = 1000;
const SAMPLES = 200;
/** Runs above this many events skip the bulk-insert comparison and rollups. */
const LARGE = 2_000_000;
const OTHER_WINDOW = 30;
/** Time allowed for growing the PostgreSQL table towards 10M rows. */
const AMPLIFY_BUDGET_MS =
  Number(process.env.GOLDPATH_BENCH_AMPLIFY_SECONDS ?? 300) * 1000;
const WEBHOOK_DELIVERIES = 500;
const RESULTS = path.resolve(__dirname, 'results.json');
const BOTTLENECK = path.resolve(__dirname, 'bottleneck.md');

interface Run {
  services: number;
  events: number;
}

interface Args {
  runs: Run[];
  databases: string[];
  write: boolean;
  reportOnly: boolean;
  /** PostgreSQL: grow the events table of this run to N times its rows. */
  amplify: number;
  amplifyRun: string;
  results: string;
}

function parseRuns(text: string): Run[] {
  return text.split(',').map(spec => {
    const m = /^(\d+)x(\d+)$/.exec(spec.trim());
    if (!m) throw new Error(`--runs: "${spec}" is not SERVICESxEVENTS`);
    return { services: Number(m[1]), events: Number(m[2]) };
  });
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    runs: parseRuns('2000x100000,2000x1000000,10000x500000'),
    databases: ['sqlite', 'postgres'],
    write: true,
    reportOnly: false,
    amplify: 10,
    amplifyRun: '2000x1000000',
    results: RESULTS,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') args.runs = parseRuns(argv[++i]);
    else if (a === '--services' || a === '--events') {
      // the former single-size form: --services N --events M
      const n = Number(argv[++i]);
      const last = args.runs.length === 1 ? args.runs[0] : undefined;
      const run = last ?? { services: 2000, events: 1_000_000 };
      if (a === '--services') run.services = n;
      else run.events = n;
      args.runs = [run];
    } else if (a === '--databases') args.databases = argv[++i].split(',');
    else if (a === '--no-write') args.write = false;
    else if (a === '--report-only') args.reportOnly = true;
    else if (a === '--amplify') args.amplify = Number(argv[++i]);
    else if (a === '--amplify-run') args.amplifyRun = argv[++i];
    else if (a === '--results') args.results = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const silent: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
};

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      });

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/** The events of the fleet, in ingestion-sized batches, generated on the fly. */
function* batches(run: Run): Generator<object[]> {
  const perService = Math.floor(run.events / run.services);
  let buffer: object[] = [];
  for (let i = 0; i < run.services; i++) {
    buffer.push(...serviceEvents(i, perService, AS_OF));
    while (buffer.length >= BATCH) {
      yield buffer.slice(0, BATCH);
      buffer = buffer.slice(BATCH);
    }
  }
  if (buffer.length) yield buffer;
}

async function openDatabase(kind: string): Promise<{
  knex: Knex;
  version: string;
  /** Another connection pool on the same database (PostgreSQL only). */
  replica?: () => Knex;
  close: () => Promise<void>;
}> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goldpath-bench-'));
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'bench.sqlite') },
      useNullAsDefault: true,
    });
    const [{ v }] = await knex.raw('select sqlite_version() as v');
    return {
      knex,
      version: `SQLite ${v} (better-sqlite3, file on local disk)`,
      close: async () => {
        await knex.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url =
    process.env.GOLDPATH_BENCH_POSTGRES ??
    Object.entries(process.env).find(([k]) =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k),
    )?.[1];
  if (!url) {
    throw new Error(
      'PostgreSQL: set GOLDPATH_BENCH_POSTGRES (or run yarn bench, which starts the local server)',
    );
  }
  const name = `goldpath_bench_${Date.now()}`;
  const withDatabase = (db: string) => {
    const u = new URL(url);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const admin = knexFactory({
    client: 'pg',
    connection: withDatabase('postgres'),
  });
  await admin.raw(`CREATE DATABASE ${name}`);
  const pools: Knex[] = [];
  const pool = () => {
    const k = knexFactory({
      client: 'pg',
      connection: withDatabase(name),
      pool: { min: 0, max: 10 },
    });
    pools.push(k);
    return k;
  };
  const knex = pool();
  const { rows } = await knex.raw('show server_version');
  return {
    knex,
    version: `PostgreSQL ${
      rows[0].server_version.split(' ')[0]
    } (local server)`,
    replica: pool,
    close: async () => {
      for (const k of pools) await k.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    },
  };
}

/**
 * `bench_bulk`: the columns and every index of `dora_events` as the
 * migrations left it, for the plain bulk insert to pay the same index cost.
 */
async function copyTableShape(knex: Knex, kind: string) {
  if (kind === 'postgres') {
    await knex.raw('CREATE TABLE bench_bulk (LIKE dora_events INCLUDING ALL)');
    return;
  }
  const ddl: Array<{ sql: string | null }> = await knex.raw(
    "SELECT sql FROM sqlite_master WHERE tbl_name = 'dora_events' AND sql IS NOT NULL ORDER BY type DESC",
  );
  for (const { sql } of ddl) {
    await knex.raw(
      sql!
        .replace(/INDEX\s+[`"]?(\w+)[`"]?/i, 'INDEX bench_$1')
        .replace(/dora_events/g, 'bench_bulk'),
    );
  }
}

interface Result {
  kind: string;
  database: string;
  services: number;
  events: number;
  date: string;
  commit: string;
  ingestSeconds: number;
  /** Events timed by ingestSeconds, when not `events`. */
  ingestEvents?: number;
  ingestPeakRssMiB: number;
  bulkSeconds?: number;
  scorecardP50: number;
  scorecardP95: number;
  rollupColdMs?: number;
  rollupWarmMs?: number;
  rollupWindowColdMs?: number;
  rollupWindowWarmMs?: number;
  rollupGroups?: number;
  concurrent?: ConcurrentResult;
  webhooks?: WebhookResult;
  /** Rows copied server-side to reach `events` (see the notes). */
  amplifiedFrom?: number;
}

const log = (text: string) => process.stderr.write(`  ${text}\n`);

async function benchDatabase(
  kind: string,
  run: Run,
  amplify: number,
): Promise<Result[]> {
  const { knex, version, replica, close } = await openDatabase(kind);
  try {
    const storeOn = (k: Knex) =>
      DatabaseDoraStore.create({
        database: { getClient: async () => k } as DatabaseService,
      });
    const ingestionOn = (store: DatabaseDoraStore) =>
      IngestionService.create({
        store,
        logger: silent,
        pseudonymizer: ActorPseudonymizer.create({ key: 'bench' }),
        maxFutureMillis: 3_600_000,
      });
    const store = await storeOn(knex);
    const ingestion = ingestionOn(store);

    // Ingestion through the real path; generation is outside the clock.
    global.gc?.();
    peakRss = process.memoryUsage().rss;
    let ingestMs = 0;
    let events = 0;
    let lastLog = performance.now();
    for (const batch of batches(run)) {
      const t = performance.now();
      const r = await ingestion.ingest(batch);
      ingestMs += performance.now() - t;
      if (r.rejected.length) throw new Error(JSON.stringify(r.rejected[0]));
      events += r.accepted;
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        log(`${kind}: ${events} events, ${fmt(events / (ingestMs / 1000))}/s`);
      }
    }
    const ingestPeakRssMiB =
      Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20;
    log(
      `${kind}: ingested ${events} events in ${(ingestMs / 1000).toFixed(1)} s`,
    );

    // The same rows, bulk-inserted by plain knex into an identical table.
    let bulkSeconds: number | undefined;
    if (run.events <= LARGE && run.services <= 2000) {
      await copyTableShape(knex, kind);
      let bulkMs = 0;
      for (const batch of batches(run)) {
        const rows = batch.map(e => eventToRow(e as DeliveryEvent, 1));
        const t = performance.now();
        await knex.transaction(async tx => {
          for (let i = 0; i < rows.length; i += 500) {
            await tx('bench_bulk').insert(rows.slice(i, i + 500));
          }
        });
        bulkMs += performance.now() - t;
      }
      bulkSeconds = bulkMs / 1000;
      await knex.schema.dropTable('bench_bulk');
      log(`${kind}: bulk insert ${bulkSeconds.toFixed(1)} s`);
    }

    const entities = fleetEntities(run.services);
    // The catalog in memory: the whole list, or pages of it by cursor.
    const catalog = {
      getEntities: async () => ({ items: entities }),
      queryEntities: async (request: { cursor?: string; limit?: number }) => {
        const from = Number(request.cursor ?? 0);
        const to = from + (request.limit ?? 500);
        return {
          items: entities.slice(from, to),
          totalItems: entities.length,
          pageInfo: to < entities.length ? { nextCursor: String(to) } : {},
        };
      },
    } as unknown as CatalogService;
    const auth = {
      getOwnServiceCredentials: async () => ({}),
    } as unknown as AuthService;
    const directory = CatalogDirectory.create({
      catalog,
      auth,
      logger: silent,
    });
    const scorecards = ScorecardService.create({
      store,
      engine: readDoraBackendConfig(new ConfigReader({})).engine,
      directory,
      logger: silent,
    });

    // One service's scorecard, sampled across the fleet.
    const step = Math.max(1, Math.floor(run.services / SAMPLES));
    const refs = Array.from(
      { length: Math.min(SAMPLES, run.services) },
      (_, i) => serviceRef((i * step) % run.services),
    );
    for (const ref of refs.slice(0, 10)) {
      await scorecards.getServiceScorecard({ entityRef: ref, asOf: AS_OF });
    }
    const latencies: number[] = [];
    let idle = 0;
    for (const ref of refs) {
      const t = performance.now();
      const card = await scorecards.getServiceScorecard({
        entityRef: ref,
        asOf: AS_OF,
      });
      latencies.push(performance.now() - t);
      if (card.deploymentFrequency.deployments === 0) idle++;
    }
    // A sparse fleet (50 events a year) has some quiet quarters; not most.
    if (idle > refs.length / 5) {
      throw new Error(
        `${idle} of ${refs.length} services have no deployments: the fleet is wrong`,
      );
    }
    latencies.sort((a, b) => a - b);
    log(`${kind}: scorecard p95 ${pct(latencies, 0.95).toFixed(1)} ms`);

    // The fleet rollup: cold, then from snapshots; the same for 30 days.
    const rollups: Partial<Result> = {};
    if (run.events <= LARGE) {
      // A rollup that is still computing in the background answers at once
      // with what it has ("computing"); cold is the time to the full answer.
      const timed = async (windowDays?: number) => {
        const t = performance.now();
        for (;;) {
          const r = (await scorecards.getRollups({
            groupBy: 'owner',
            asOf: AS_OF,
            windowDays,
          })) as Awaited<ReturnType<typeof scorecards.getRollups>> & {
            computing?: boolean;
          };
          if (!r.computing) {
            if (r.fleet.services !== run.services) {
              throw new Error(
                `rollup covered ${r.fleet.services} of ${run.services} services`,
              );
            }
            return { ms: performance.now() - t, groups: r.groups.length };
          }
          await new Promise(resolve => setTimeout(resolve, 50));
        }
      };
      rollups.rollupColdMs = (await timed()).ms;
      const warm = await timed();
      rollups.rollupWarmMs = warm.ms;
      rollups.rollupGroups = warm.groups;
      rollups.rollupWindowColdMs = (await timed(OTHER_WINDOW)).ms;
      rollups.rollupWindowWarmMs = (await timed(OTHER_WINDOW)).ms;
      log(`${kind}: rollups ${JSON.stringify(rollups)}`);
    }

    // 8 writers into two replicas (one store on SQLite: one writer at a time).
    const replicas = [ingestion];
    if (replica) replicas.push(ingestionOn(await storeOn(replica())));
    const concurrent = await concurrentIngestion({
      knex,
      ingestions: replicas,
      asOf: AS_OF,
    });
    log(`${kind}: concurrent ${JSON.stringify(concurrent)}`);
    if (
      concurrent.stored !== concurrent.distinct ||
      concurrent.failedRequests
    ) {
      throw new Error(
        `concurrent ingestion stored ${concurrent.stored} of ${concurrent.distinct} events, ${concurrent.failedRequests} failed requests`,
      );
    }

    const webhooks = await webhookThroughput({
      knex,
      store,
      ingestion,
      directory,
      logger: silent,
      services: run.services,
      deliveries: WEBHOOK_DELIVERIES,
      asOf: AS_OF,
    });
    log(`${kind}: webhooks ${JSON.stringify(webhooks)}`);
    if (webhooks.non2xx || webhooks.stored !== webhooks.deliveries) {
      throw new Error(`webhooks: ${JSON.stringify(webhooks)}`);
    }

    const result: Result = {
      kind,
      database: version,
      services: run.services,
      events,
      date: new Date().toISOString().slice(0, 10),
      commit: commit(),
      ingestSeconds: ingestMs / 1000,
      ingestPeakRssMiB,
      bulkSeconds,
      scorecardP50: pct(latencies, 0.5),
      scorecardP95: pct(latencies, 0.95),
      ...rollups,
      concurrent,
      webhooks,
    };
    const results = [result];
    if (amplify > 1 && kind === 'postgres') {
      results.push(
        await amplified({ knex, ingestion, scorecards, run, amplify, version }),
      );
    }
    return results;
  } finally {
    await close();
  }
}

/**
 * The 10M-event figure on PostgreSQL without ingesting 10M events one batch
 * at a time: the fleet's rows are copied server-side (amplify - 1) times
 * under other services (`svc-0001~k`), so the table and its indexes have
 * the size; then one original service's scorecard is measured again and
 * 100,000 new events go through the real ingestion path.
 */
async function amplified(options: {
  knex: Knex;
  ingestion: IngestionService;
  scorecards: ScorecardService;
  run: Run;
  amplify: number;
  version: string;
}): Promise<Result> {
  const { knex, ingestion, scorecards, run, amplify, version } = options;
  const columns = (
    await knex('information_schema.columns')
      .where({ table_name: 'dora_events', table_schema: 'public' })
      .select('column_name')
  ).map(c => String(c.column_name));
  // Copies of 100 services at a time, until the size or the time budget.
  const t = performance.now();
  let rows = await countEvents(knex);
  const target = rows + run.events * (amplify - 1);
  const spent = () =>
    rows >= target || performance.now() - t > AMPLIFY_BUDGET_MS;
  for (let g = 1; g < amplify && !spent(); g++) {
    const select = columns.map(c =>
      c === 'id' || c === 'service_ref' ? `${c} || '~${g}'` : c,
    );
    for (let from = 0; from < run.services; from += 100) {
      if (spent()) break;
      const r = await knex.raw(
        `INSERT INTO dora_events (${columns.join(', ')}) SELECT ${select.join(
          ', ',
        )} FROM dora_events WHERE service_ref >= ? AND service_ref < ? AND service_ref ~ '^component:default/svc-[0-9]{4}$'`,
        [
          serviceRef(from),
          from + 100 < run.services
            ? serviceRef(from + 100)
            : 'component:default/svc-:',
        ],
      );
      rows += r.rowCount ?? 0;
    }
    log(`postgres: copy ${g} of ${amplify - 1} done, ${rows} rows`);
  }
  await knex.raw('ANALYZE dora_events');
  rows = await countEvents(knex);
  log(
    `postgres: ${rows} rows after ${((performance.now() - t) / 1000).toFixed(
      0,
    )} s of copying`,
  );

  const latencies: number[] = [];
  const step = Math.max(1, Math.floor(run.services / SAMPLES));
  const refs = Array.from({ length: Math.min(SAMPLES, run.services) }, (_, i) =>
    serviceRef((i * step) % run.services),
  );
  for (const ref of refs.slice(0, 10)) {
    await scorecards.getServiceScorecard({ entityRef: ref, asOf: AS_OF });
  }
  for (const ref of refs) {
    const s = performance.now();
    await scorecards.getServiceScorecard({ entityRef: ref, asOf: AS_OF });
    latencies.push(performance.now() - s);
  }
  latencies.sort((a, b) => a - b);

  // 100,000 more events through the real path, into the large table.
  const extra: Run = { services: 100, events: 100_000 };
  peakRss = process.memoryUsage().rss;
  let ingestMs = 0;
  let events = 0;
  for (const batch of batches(extra)) {
    const renamed = batch.map((e: any) => ({
      ...e,
      id: `x:${e.id}`,
      service: e.service.replace('/svc-', '/late-'),
    }));
    const s = performance.now();
    const r = await ingestion.ingest(renamed);
    ingestMs += performance.now() - s;
    if (r.rejected.length) throw new Error(JSON.stringify(r.rejected[0]));
    events += r.accepted;
  }
  log(
    `postgres (${rows} rows): scorecard p95 ${pct(latencies, 0.95).toFixed(
      1,
    )} ms, ingest ${fmt(events / (ingestMs / 1000))}/s`,
  );
  return {
    kind: 'postgres',
    database: version,
    services: run.services,
    events: rows,
    date: new Date().toISOString().slice(0, 10),
    commit: commit(),
    ingestSeconds: ingestMs / 1000,
    ingestEvents: events,
    ingestPeakRssMiB: Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20,
    scorecardP50: pct(latencies, 0.5),
    scorecardP95: pct(latencies, 0.95),
    amplifiedFrom: run.events,
  };
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync(
      'git',
      [
        'status',
        '--porcelain',
        '--',
        'plugins/dora-backend/src',
        'plugins/dora-common/src',
      ],
      { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') },
    ).trim();
    return dirty ? `${head} + uncommitted changes to the dora plugins` : head;
  } catch {
    return 'unknown';
  }
}

function machine(): string[] {
  const cpus = os.cpus();
  let disk = '';
  try {
    disk = execFileSync(
      'df',
      ['-h', '--output=source,fstype,size', os.tmpdir()],
      {
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n')
      .pop()!
      .replace(/\s+/g, ' ');
  } catch {
    // no df
  }
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores; memory ${(
      os.totalmem() /
      2 ** 30
    ).toFixed(0)} GiB`,
    `- Disk (SQLite file, PostgreSQL on the same machine): ${
      disk || 'unknown'
    }`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()}); Node.js ${
      process.version
    }`,
  ];
}

const row = (label: string, cells: string[], target = '') =>
  `| ${label} | ${cells.join(' | ')} | ${target} |`;

const millions = (n: number) =>
  n >= 1_000_000
    ? `${fmt(n / 1_000_000, n % 1_000_000 ? 1 : 0)}M`
    : `${fmt(n / 1000)}k`;

const sizeLabel = (r: Result) =>
  r.amplifiedFrom
    ? `${millions(r.events)} rows (${millions(
        r.amplifiedFrom,
      )} ingested, copied)`
    : `${fmt(r.services)} services, ${millions(r.events)} events`;

function resultTable(results: Result[]): string[] {
  const m = (f: (r: Result) => string) => results.map(f);
  const c = (f: (x: ConcurrentResult, r: Result) => string) =>
    m(r => (r.concurrent ? f(r.concurrent, r) : '–'));
  const w = (f: (x: WebhookResult) => string) =>
    m(r => (r.webhooks ? f(r.webhooks) : '–'));
  return [
    row('', m(sizeLabel), 'target'),
    `|---|${results.map(() => '---|').join('')}---|`,
    row(
      'ingestion (events/s)',
      m(
        r =>
          fmt((r.ingestEvents ?? r.events) / r.ingestSeconds) +
          (r.ingestEvents ? ` (${millions(r.ingestEvents)} more)` : ''),
      ),
    ),
    row(
      'plain knex bulk insert (rows/s)',
      m(r => fmt(r.bulkSeconds && r.events / r.bulkSeconds)),
    ),
    row(
      'ingestion ÷ bulk insert',
      m(r => fmt(r.bulkSeconds && r.bulkSeconds / r.ingestSeconds, 2)),
      '≥ 0.5',
    ),
    row(
      'peak RSS during the ingest (MiB)',
      m(r => fmt(r.ingestPeakRssMiB)),
    ),
    row(
      '8 writers: events/s',
      c(
        x =>
          `${fmt(x.distinct / x.seconds)} (${x.replicas} ${
            x.replicas > 1 ? 'replicas' : 'store'
          })`,
      ),
    ),
    row(
      '8 writers: stored / distinct sent (duplicates)',
      c(x => `${fmt(x.stored)} / ${fmt(x.distinct)} (${fmt(x.duplicates)})`),
      'equal',
    ),
    row(
      '8 writers: batch p99 (ms)',
      c(x => fmt(x.batchP99Ms)),
    ),
    row(
      'signed GitHub webhooks (deliveries/s)',
      w(x => fmt(x.deliveries / x.seconds, 1)),
    ),
    row(
      'webhook p50 / p99 (ms)',
      w(x => `${fmt(x.p50Ms)} / ${fmt(x.p99Ms)}`),
    ),
    row(
      'one scorecard p50 (ms)',
      m(r => fmt(r.scorecardP50, 1)),
    ),
    row(
      'one scorecard p95 (ms)',
      m(r => fmt(r.scorecardP95, 1)),
      '< 50',
    ),
    row(
      'fleet rollup by team, warm, 90 days (ms)',
      m(r => fmt(r.rollupWarmMs)),
      '< 2 000',
    ),
    row(
      'fleet rollup, first computation, 90 days (ms)',
      m(r => fmt(r.rollupColdMs)),
    ),
    row(
      `fleet rollup, ${OTHER_WINDOW} days: first / warm (ms)`,
      m(r =>
        r.rollupWindowColdMs === undefined
          ? '–'
          : `${fmt(r.rollupWindowColdMs)} / ${fmt(r.rollupWindowWarmMs)}`,
      ),
    ),
    row(
      'run (date, commit)',
      m(r => `${r.date}, ${r.commit}`),
    ),
  ];
}

function report(results: Result[]): string {
  const byKind = new Map<string, Result[]>();
  for (const r of [...results].sort(
    (a, b) => a.services * 1e9 + a.events - (b.services * 1e9 + b.events),
  )) {
    byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  }
  const sections: string[] = [];
  for (const rs of byKind.values()) {
    sections.push(`### ${rs[0].database}`, '', ...resultTable(rs), '');
  }
  const bottleneck = fs.existsSync(BOTTLENECK)
    ? fs.readFileSync(BOTTLENECK, 'utf8').trim()
    : '';
  const lines = [
    '# Benchmarks',
    '',
    'Produced by `yarn bench` (plugins/dora-backend/bench; not part of the test suite): deterministic synthetic',
    'fleets (services × events over one year: changes, staging and production deployments with in-progress',
    'updates, incidents, builds), ingested through the real ingestion path, then queried as of',
    `${new Date(
      AS_OF,
    ).toISOString()} with the default 90-day window (and a ${OTHER_WINDOW}-day one for rollups).`,
    '',
    '## Machine',
    '',
    ...machine(),
    '- The machine is shared: other work (tests, type checks) ran beside some runs, so figures are',
    '  indicative to about ±20 %.',
    '',
    '## Results',
    '',
    ...sections,
    ...(bottleneck ? [bottleneck, ''] : []),
    '## Notes',
    '',
    '- Ingestion is timed around `IngestionService.ingest` for batches of 1,000 events (one request each):',
    '  zod validation and normalisation, actor pseudonymisation, the duplicate check and the insert and',
    '  version bump in one transaction. The bulk insert writes the same rows, 500 per statement, one',
    '  transaction per 1,000 rows, into a table with the same columns and indexes (copied from `dora_events`). Event generation is',
    `  outside both clocks. Runs above ${fmt(
      LARGE / 1e6,
    )}M events skip the bulk insert and the rollups, runs of more than 2,000 services the bulk insert.`,
    '  "rows (… ingested, copied)": the PostgreSQL table grown server-side from that run (see below).',
    '- Peak RSS is `process.memoryUsage().rss` sampled every 50 ms during the ingest of that run (the',
    '  benchmark process is the backend here: store, ingestion, scorecards in one Node.js process).',
    '- 8 writers: each sends 10 batches of 1,000 new events (its own service) to replica `writer mod 2`;',
    '  every fifth batch is sent to both replicas at the same moment, so duplicate races happen. A replica is',
    '  a second `DatabaseDoraStore` with its own connection pool on the same PostgreSQL database, as two',
    '  backend instances are. On SQLite there is one store (a SQLite file has one writer; Backstage runs one',
    '  instance on it). The run fails unless the stored count equals the distinct events sent.',
    `- Webhooks: ${fmt(
      WEBHOOK_DELIVERIES,
    )} GitHub \`deployment_status\` deliveries (GitHub's own example payload),`,
    '  each signed with `X-Hub-Signature-256`, POSTed over HTTP on loopback, 16 in flight, to an express app',
    "  mounting the plugin's `/webhooks/:source` route: raw body, HMAC check, adapter, catalog resolution by",
    '  `github.com/project-slug`, ingestion. The run fails unless every delivery is answered 202 and stored.',
    "- A scorecard is `GET /scorecards/component/...` without HTTP: the service's events are read with",
    '  one indexed query and the engine computes the window, its weekly and monthly trends and the week',
    '  before.',
    '- A rollup reads the catalog snapshot (in memory here), the service versions and the stored',
    '  per-service scorecards, and aggregates distributions per team. The first computation computes and',
    "  stores every service's scorecard for that window; afterwards the 15-minute task keeps them, and a",
    "  service's snapshot is recomputed only after it gets new events.",
    '- Reproduce: `yarn bench` (SQLite and PostgreSQL, the three default sizes), then',
    '  `yarn bench --databases postgres --runs 10000x10000000` for the large PostgreSQL run; each run is',
    '  kept in `plugins/dora-backend/bench/results.json` (same database and size replaced) and BENCHMARKS.md',
    '  is written from all of them. `--no-write` prints only; `--report-only` rewrites BENCHMARKS.md.',
    '',
  ];
  return lines.join('\n');
}

function loadResults(file: string): Result[] {
  return fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Result[])
    : [];
}

const sameRun = (a: Result, b: Result) =>
  a.kind === b.kind &&
  a.services === b.services &&
  a.events === b.events &&
  Boolean(a.amplifiedFrom) === Boolean(b.amplifiedFrom);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let results = loadResults(args.results);
  if (!args.reportOnly) {
    for (const run of args.runs) {
      for (const db of args.databases) {
        process.stderr.write(
          `benchmarking ${db} with ${run.services} services, ${run.events} events\n`,
        );
        const rs = await benchDatabase(
          db,
          run,
          `${run.services}x${run.events}` === args.amplifyRun
            ? args.amplify
            : 1,
        );
        for (const r of rs) {
          if (args.write) {
            results = results.filter(o => !sameRun(o, r));
            results.push(r);
            fs.writeFileSync(
              args.results,
              `${JSON.stringify(results, null, 2)}\n`,
            );
          } else {
            process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          }
        }
      }
    }
  }
  clearInterval(sampler);
  if (args.write) {
    const file = path.resolve(__dirname, '../../../BENCHMARKS.md');
    // every results*.json of the bench folder (parallel runs keep their own)
    const all: Result[] = [];
    for (const f of fs.readdirSync(__dirname)) {
      if (!/^results.*\.json$/.test(f)) continue;
      for (const r of loadResults(path.join(__dirname, f))) {
        if (!all.some(o => sameRun(o, r))) all.push(r);
      }
    }
    fs.writeFileSync(file, report(all));
    process.stderr.write(`wrote ${file}\n`);
  }
}

main().catch(e => {
  clearInterval(sampler);
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
