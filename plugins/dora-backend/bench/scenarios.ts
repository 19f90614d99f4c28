/*
 * The benchmark's load scenarios beyond sequential batch ingestion:
 *
 *   concurrent   8 writers into two store instances ("replicas", each with
 *                its own connection pool) on one database; some batches are
 *                sent to both replicas at once, so duplicate races happen; the
 *                stored count must equal the distinct events sent
 *   webhooks     signed GitHub deployment_status deliveries over real HTTP
 *                (express, the plugin's own webhook route, raw body, HMAC
 *                check, adapter, catalog resolution, ingestion), 16 in flight
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import examples from '@octokit/webhooks-examples';
import express from 'express';
import Router from 'express-promise-router';
import { createHmac } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Knex } from 'knex';
import { DoraStore } from '../src/database/DoraStore';
import { ActorPseudonymizer } from '../src/ingestion/ActorPseudonymizer';
import { IngestionService } from '../src/ingestion/IngestionService';
import { UnresolvedIdentities } from '../src/ingestion/UnresolvedIdentities';
import { CatalogDirectory } from '../src/catalog/CatalogDirectory';
import { IdentityResolver } from '../src/ingestion/IdentityResolver';
import { WebhookService } from '../src/ingestion/WebhookService';
import { webhookRoutes } from '../src/http/routes/webhooks';
import { serviceEvents, serviceName } from './fleet';

export const WRITERS = 8;
const WRITER_BATCHES = 10;
const WRITER_BATCH = 1000;
/** Every n-th batch is also sent to the other replica at the same time. */
const RESEND_EVERY = 5;

export const GITHUB_SECRET = 'bench-github-secret';
const WEBHOOK_IN_FLIGHT = 16;

export function pct(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  return (
    sorted[lo] +
    (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo)
  );
}

export async function countEvents(knex: Knex): Promise<number> {
  const [{ n }] = await knex('dora_events').count({ n: '*' });
  return Number(n);
}

export interface ConcurrentResult {
  writers: number;
  replicas: number;
  sent: number;
  distinct: number;
  stored: number;
  duplicates: number;
  failedRequests: number;
  seconds: number;
  batchP99Ms: number;
}

/**
 * 8 writers, each sending its own batches of 1,000 new events (services
 * outside the fleet) to replica `writer % replicas`; every fifth batch goes
 * to both replicas concurrently.
 */
export async function concurrentIngestion(options: {
  knex: Knex;
  ingestions: IngestionService[];
  asOf: number;
}): Promise<ConcurrentResult> {
  const { knex, ingestions, asOf } = options;
  const before = await countEvents(knex);
  const work: object[][][] = [];
  let distinct = 0;
  for (let w = 0; w < WRITERS; w++) {
    const events = serviceEvents(
      100_000 + w,
      WRITER_BATCHES * WRITER_BATCH,
      asOf,
    );
    distinct += events.length;
    const batches: object[][] = [];
    for (let i = 0; i < events.length; i += WRITER_BATCH) {
      batches.push(events.slice(i, i + WRITER_BATCH));
    }
    work.push(batches);
  }
  let sent = 0;
  let duplicates = 0;
  let failedRequests = 0;
  const latencies: number[] = [];
  const send = async (replica: number, batch: object[]) => {
    const t = performance.now();
    try {
      const r = await ingestions[replica].ingest(batch);
      duplicates += r.duplicates;
      if (r.rejected.length) failedRequests++;
    } catch (e) {
      failedRequests++;
      process.stderr.write(`    concurrent batch failed: ${e}\n`);
    }
    latencies.push(performance.now() - t);
    sent += batch.length;
  };
  const start = performance.now();
  await Promise.all(
    work.map(async (batches, w) => {
      const home = w % ingestions.length;
      for (let b = 0; b < batches.length; b++) {
        if (b % RESEND_EVERY === 0) {
          await Promise.all([
            send(home, batches[b]),
            send((home + 1) % ingestions.length, batches[b]),
          ]);
        } else {
          await send(home, batches[b]);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const stored = (await countEvents(knex)) - before;
  latencies.sort((a, b) => a - b);
  return {
    writers: WRITERS,
    replicas: ingestions.length,
    sent,
    distinct,
    stored,
    duplicates,
    failedRequests,
    seconds,
    batchP99Ms: pct(latencies, 0.99),
  };
}

export interface WebhookResult {
  deliveries: number;
  accepted: number;
  non2xx: number;
  stored: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

/** GitHub's own deployment_status example, for one fleet service. */
function deploymentStatus(service: number, id: number, at: number) {
  const example = structuredClone(
    examples.find(e => e.name === 'deployment_status')!.examples[0],
  ) as any;
  example.repository.full_name = `acme/${serviceName(service)}`;
  example.repository.name = serviceName(service);
  example.deployment.id = id;
  example.deployment.environment = 'production';
  example.deployment.created_at = new Date(at - 600_000).toISOString();
  example.deployment_status.id = id * 10;
  example.deployment_status.state = 'success';
  example.deployment_status.environment = 'production';
  example.deployment_status.created_at = new Date(at).toISOString();
  return example;
}

/**
 * Signed GitHub deliveries over HTTP to the plugin's webhook route, on a
 * port in 7100-7199.
 */
export async function webhookThroughput(options: {
  knex: Knex;
  store: DoraStore;
  ingestion: IngestionService;
  directory: Pick<CatalogDirectory, 'get'>;
  logger: LoggerService;
  services: number;
  deliveries: number;
  asOf: number;
}): Promise<WebhookResult> {
  const { knex, store, ingestion, directory, logger } = options;
  const webhooks = WebhookService.create({
    sources: { github: { secrets: [GITHUB_SECRET] } },
    allowInsecure: false,
    ingestion,
    store,
    directory,
    resolver: new IdentityResolver({ excludeRepositories: [] }),
    pseudonymizer: ActorPseudonymizer.create({ key: 'bench' }),
    logger,
    maxFutureMillis: 3_600_000,
  });
  const router = Router();
  webhookRoutes(router, {
    webhooks,
    unresolved: {} as UnresolvedIdentities,
    authorize: async () => {
      throw new AuthenticationError('not used by the benchmark');
    },
    maxBodyBytes: 1_000_000,
    // only the other routes of the file read these
    ...({ visibility: {} } as object),
  } as unknown as Parameters<typeof webhookRoutes>[1]);
  const app = express();
  app.use(router);
  app.use(
    (
      err: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const statuses: Record<string, number> = {
        AuthenticationError: 401,
        InputError: 400,
        NotFoundError: 404,
      };
      const status = statuses[err.name] ?? 500;
      if (status === 500)
        process.stderr.write(`    webhook 500: ${err.stack}\n`);
      res
        .status(status)
        .json({ error: { name: err.name, message: err.message } });
    },
  );
  const server = await listen(app);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const bodies = Array.from({ length: options.deliveries }, (_, k) =>
      Buffer.from(
        JSON.stringify(
          deploymentStatus(
            k % options.services,
            9_000_000 + k,
            options.asOf - 86_400_000 + k * 1000,
          ),
        ),
      ),
    );
    const post = (body: Buffer) =>
      fetch(`${base}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'deployment_status',
          'x-github-delivery': `bench-${body.length}`,
          'x-hub-signature-256': `sha256=${createHmac('sha256', GITHUB_SECRET)
            .update(body)
            .digest('hex')}`,
        },
        body,
      });
    // Warm-up outside the clock (catalog snapshot, JIT), then the count.
    for (let k = 0; k < 20; k++) {
      const r = await post(
        Buffer.from(
          JSON.stringify(deploymentStatus(k, 8_000_000 + k, options.asOf)),
        ),
      );
      await r.arrayBuffer();
      if (r.status !== 202) throw new Error(`warm-up answered ${r.status}`);
    }
    const before = await countEvents(knex);
    const latencies: number[] = [];
    let accepted = 0;
    let non2xx = 0;
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: WEBHOOK_IN_FLIGHT }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const t = performance.now();
          const r = await post(body);
          const json = (await r.json()) as { status?: string };
          latencies.push(performance.now() - t);
          if (r.status === 202 && json.status === 'accepted') accepted++;
          else non2xx++;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const stored = (await countEvents(knex)) - before;
    latencies.sort((a, b) => a - b);
    return {
      deliveries: bodies.length,
      accepted,
      non2xx,
      stored,
      seconds,
      p50Ms: pct(latencies, 0.5),
      p99Ms: pct(latencies, 0.99),
    };
  } finally {
    await new Promise(resolve => server.close(resolve));
  }
}

async function listen(app: express.Express) {
  for (let port = 7100 + Math.floor(Math.random() * 50); port < 7200; port++) {
    try {
      return await new Promise<import('node:http').Server>(
        (resolve, reject) => {
          const s = app.listen(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        },
      );
    } catch {
      // port taken: try the next one
    }
  }
  throw new Error('no free port in 7100-7199');
}
