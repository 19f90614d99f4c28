/*
 * yarn bench: measures the dora backend on a deterministic synthetic fleet
 * (default 2,000 services, 1,000,000 events over a year) on SQLite and on
 * PostgreSQL, and writes the results with the machine to BENCHMARKS.md.
 *
 *   ingestion     events/s through the real ingestion path (validation,
 *                 normalisation, pseudonymisation, duplicate check, insert,
 *                 version bump) next to a plain knex bulk insert of the same
 *                 rows into an identical table; the ratio is the figure
 *   scorecard     latency of one service's scorecard (query + engine, with
 *                 trends and last week), p50 and p95 over sampled services
 *   fleet rollup  all services grouped by team: first computation (cold)
 *                 and from stored snapshots (warm, as the 15-minute task
 *                 keeps them)
 *   memory        peak resident set size of the process
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
import { ActorPseudonymizer } from '../src/service/ActorPseudonymizer';
import { IngestionService } from '../src/service/IngestionService';
import { ScorecardService } from '../src/service/ScorecardService';
import { ServiceDirectory } from '../src/service/ServiceDirectory';
import { fleetEntities, serviceEvents, serviceRef } from './fleet';

const AS_OF = Date.UTC(2026, 5, 1); // 2026-06-01T00:00:00Z
const BATCH = 1000;
const SAMPLES = 200;

interface Args {
  services: number;
  events: number;
  databases: string[];
  write: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    services: 2000,
    events: 1_000_000,
    databases: ['sqlite', 'postgres'],
    write: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--services') args.services = Number(argv[++i]);
    else if (a === '--events') args.events = Number(argv[++i]);
    else if (a === '--databases') args.databases = argv[++i].split(',');
    else if (a === '--no-write') args.write = false;
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

function pct(sorted: number[], p: number) {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  return (
    sorted[lo] +
    (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo)
  );
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/** The events of the fleet, in ingestion-sized batches, generated on the fly. */
function* batches(args: Args): Generator<object[]> {
  const perService = Math.floor(args.events / args.services);
  let buffer: object[] = [];
  for (let i = 0; i < args.services; i++) {
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
  const knex = knexFactory({
    client: 'pg',
    connection: withDatabase(name),
    pool: { min: 0, max: 10 },
  });
  const { rows } = await knex.raw('show server_version');
  return {
    knex,
    version: `PostgreSQL ${rows[0].server_version} (local server)`,
    close: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

interface Result {
  database: string;
  events: number;
  ingestSeconds: number;
  bulkSeconds: number;
  scorecardP50: number;
  scorecardP95: number;
  rollupColdMs: number;
  rollupWarmMs: number;
  rollupGroups: number;
}

async function benchDatabase(kind: string, args: Args): Promise<Result> {
  const { knex, version, close } = await openDatabase(kind);
  try {
    const database = { getClient: async () => knex } as DatabaseService;
    const store = await DatabaseDoraStore.create({ database });
    const ingestion = IngestionService.create({
      store,
      logger: silent,
      pseudonymizer: ActorPseudonymizer.create({ key: 'bench' }),
      maxFutureMillis: 3_600_000,
    });

    // Ingestion through the real path; generation is outside the clock.
    let ingestMs = 0;
    let events = 0;
    for (const batch of batches(args)) {
      const t = performance.now();
      const r = await ingestion.ingest(batch);
      ingestMs += performance.now() - t;
      if (r.rejected.length) throw new Error(JSON.stringify(r.rejected[0]));
      events += r.accepted;
    }
    process.stderr.write(
      `  ${kind}: ingested ${events} events in ${(ingestMs / 1000).toFixed(
        1,
      )} s\n`,
    );

    // The same rows, bulk-inserted by plain knex into an identical table.
    await knex.schema.createTable('bench_bulk', table => {
      table.string('id', 256).primary();
      table.string('type', 16).notNullable();
      table.string('service_ref', 255);
      table.bigInteger('occurred_at').notNullable();
      table.string('subject_id', 256);
      table.string('source', 64);
      table.text('event').notNullable();
      table.bigInteger('received_at').notNullable();
      table.index(['service_ref', 'occurred_at']);
      table.index(['type', 'occurred_at']);
      table.index(['received_at']);
    });
    let bulkMs = 0;
    for (const batch of batches(args)) {
      const rows = batch.map(e => eventToRow(e as DeliveryEvent, 1));
      const t = performance.now();
      await knex.transaction(async tx => {
        for (let i = 0; i < rows.length; i += 500) {
          await tx('bench_bulk').insert(rows.slice(i, i + 500));
        }
      });
      bulkMs += performance.now() - t;
    }
    process.stderr.write(
      `  ${kind}: bulk insert ${(bulkMs / 1000).toFixed(1)} s\n`,
    );

    const entities = fleetEntities(args.services);
    const catalog = {
      getEntities: async () => ({ items: entities }),
    } as unknown as CatalogService;
    const auth = {
      getOwnServiceCredentials: async () => ({}),
    } as unknown as AuthService;
    const scorecards = ScorecardService.create({
      store,
      engine: readDoraBackendConfig(new ConfigReader({})).engine,
      directory: ServiceDirectory.create({ catalog, auth, logger: silent }),
      logger: silent,
    });

    // One service's scorecard, sampled across the fleet.
    const step = Math.max(1, Math.floor(args.services / SAMPLES));
    const refs = Array.from(
      { length: Math.min(SAMPLES, args.services) },
      (_, i) => serviceRef((i * step) % args.services),
    );
    for (const ref of refs.slice(0, 10)) {
      await scorecards.getServiceScorecard({ entityRef: ref, asOf: AS_OF });
    }
    const latencies: number[] = [];
    for (const ref of refs) {
      const t = performance.now();
      const card = await scorecards.getServiceScorecard({
        entityRef: ref,
        asOf: AS_OF,
      });
      latencies.push(performance.now() - t);
      if (card.deploymentFrequency.deployments === 0) {
        throw new Error(`${ref} has no deployments: the fleet is wrong`);
      }
    }
    latencies.sort((a, b) => a - b);

    // The fleet rollup: cold, then from snapshots.
    let t = performance.now();
    const cold = await scorecards.getRollups({ groupBy: 'owner', asOf: AS_OF });
    const rollupColdMs = performance.now() - t;
    t = performance.now();
    const warm = await scorecards.getRollups({ groupBy: 'owner', asOf: AS_OF });
    const rollupWarmMs = performance.now() - t;
    if (
      warm.fleet.services !== args.services ||
      cold.fleet.services !== args.services
    ) {
      throw new Error(
        `rollup covered ${warm.fleet.services} of ${args.services} services`,
      );
    }
    return {
      database: version,
      events,
      ingestSeconds: ingestMs / 1000,
      bulkSeconds: bulkMs / 1000,
      scorecardP50: pct(latencies, 0.5),
      scorecardP95: pct(latencies, 0.95),
      rollupColdMs,
      rollupWarmMs,
      rollupGroups: warm.groups.length,
    };
  } finally {
    await close();
  }
}

function machine(): string[] {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    // not a git checkout
  }
  return [
    `- Date: ${new Date().toISOString().slice(0, 10)}; commit ${commit}`,
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores; memory ${(
      os.totalmem() /
      2 ** 30
    ).toFixed(0)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()}); Node.js ${
      process.version
    }`,
  ];
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });

const row = (label: string, cells: string[], target: string) =>
  `| ${label} | ${cells.join(' | ')} | ${target} |`;

function report(args: Args, results: Result[]): string {
  const lines = [
    '# Benchmarks',
    '',
    'Produced by `yarn bench` (plugins/dora-backend/bench): a deterministic synthetic fleet of',
    `${fmt(args.services)} services and ${fmt(
      args.events,
    )} events over one year (changes, staging and production`,
    'deployments with in-progress updates, incidents, builds), ingested through the real ingestion path, then',
    `queried as of ${new Date(
      AS_OF,
    ).toISOString()} with the default 90-day window.`,
    '',
    '## Machine',
    '',
    ...machine(),
    `- Peak resident memory of the benchmark process: ${fmt(
      peakRss / 2 ** 20,
    )} MiB (all databases, one process)`,
    '',
    '## Results',
    '',
    row(
      '',
      results.map(r => r.database),
      'target',
    ),
    `|---|${results.map(() => '---|').join('')}---|`,
    row(
      'ingestion (events/s)',
      results.map(r => fmt(r.events / r.ingestSeconds)),
      '',
    ),
    row(
      'plain knex bulk insert (rows/s)',
      results.map(r => fmt(r.events / r.bulkSeconds)),
      '',
    ),
    row(
      'ingestion ÷ bulk insert',
      results.map(r => fmt(r.bulkSeconds / r.ingestSeconds, 2)),
      '≥ 0.5',
    ),
    row(
      'one scorecard p50 (ms)',
      results.map(r => fmt(r.scorecardP50, 1)),
      '',
    ),
    row(
      'one scorecard p95 (ms)',
      results.map(r => fmt(r.scorecardP95, 1)),
      '< 50',
    ),
    row(
      'fleet rollup by team, from snapshots (ms)',
      results.map(r => fmt(r.rollupWarmMs)),
      '< 2 000',
    ),
    row(
      'fleet rollup, first computation (ms)',
      results.map(r => fmt(r.rollupColdMs)),
      '',
    ),
    '',
    '## Notes',
    '',
    '- Ingestion is timed around `IngestionService.ingest` for batches of 1,000 events (one request each):',
    '  zod validation and normalisation, actor pseudonymisation, the duplicate check and the insert and',
    '  version bump in one transaction. The bulk insert writes the same rows, 500 per statement, one',
    '  transaction per 1,000 rows, into a table with the same columns and indexes. Event generation is',
    '  outside both clocks.',
    "- A scorecard is `GET /scorecards/component/...` without HTTP: the service's events are read with",
    '  one indexed query and the engine computes the window, its weekly and monthly trends and the week',
    '  before.',
    '- A rollup reads the catalog snapshot (in memory here), the service versions and the stored',
    '  per-service scorecards, and aggregates distributions per team. The first computation after a year of',
    "  history computes and stores every service's scorecard; afterwards the 15-minute task keeps them, and",
    "  a service's snapshot is recomputed only after it gets new events.",
    `- Reproduce: \`yarn bench\` (full size) or \`yarn bench --services 200 --events 100000 --no-write\`.`,
    '',
  ];
  return lines.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const results: Result[] = [];
  for (const db of args.databases) {
    process.stderr.write(
      `benchmarking ${db} with ${args.services} services, ${args.events} events\n`,
    );
    results.push(await benchDatabase(db, args));
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const text = report(args, results);
  process.stdout.write(text);
  if (args.write) {
    const file = path.resolve(__dirname, '../../../BENCHMARKS.md');
    fs.writeFileSync(file, text);
    process.stderr.write(`wrote ${file}\n`);
  }
}

main().catch(e => {
  clearInterval(sampler);
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
