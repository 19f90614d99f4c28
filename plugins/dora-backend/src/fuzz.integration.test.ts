import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  TestBackend,
  TestDatabaseId,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import fc from 'fast-check';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '@goldpath/test-utils';
import doraPlugin from './index';

/**
 * Property-based tests of every input boundary: the events endpoint (JSON and
 * NDJSON), the webhook endpoints and the scorecard and rollup queries. Whatever
 * arrives, the answer is a 4xx with a reason (or a 200/202 that reports what it
 * kept), never a 5xx, and nothing invalid is stored.
 *
 * Runs are bounded and seeded: set GOLDPATH_FUZZ_SEED (and GOLDPATH_FUZZ_RUNS)
 * to replay a failure; fast-check prints the seed and path of a counterexample.
 */
/** Generous: each property makes hundreds of requests, on a loaded CI machine too. */
const PROPERTY_TIMEOUT = 180_000;
const SEED = Number(process.env.GOLDPATH_FUZZ_SEED ?? 20260901);
const RUNS = Number(process.env.GOLDPATH_FUZZ_RUNS ?? 150);
const params = (numRuns = RUNS): fc.Parameters<unknown> => ({
  seed: SEED,
  numRuns,
});

const CI_TOKEN = 'ci-token-for-fuzzing-0123456789';
const auth = { Authorization: `Bearer ${CI_TOKEN}` };
const MAX_BODY = 64 * 1024;
const TABLES = ['dora_events', 'dora_unresolved_events'] as const;

const SOURCES = [
  'github',
  'gitlab',
  'pagerduty',
  'opsgenie',
  'argocd',
  'flux',
  'cdevents',
] as const;

const SQL = [
  "'; DROP TABLE dora_events; --",
  "' OR '1'='1",
  '" OR ""="',
  "1; DELETE FROM dora_events WHERE '1'='1",
  "x' UNION SELECT event FROM dora_events --",
  "Robert'); DROP TABLE dora_unresolved_events;--",
  '%',
  '_',
  '\\',
  "\\'; select pg_sleep(0); --",
  '$1',
  '?',
  '\u0000',
];
const sqlString = fc.oneof(
  fc.constantFrom(...SQL),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...SQL))
    .map(([a, b]) => `${a}${b}`),
);

/** Anything a hostile client might put where a string belongs. */
const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  sqlString,
);

/** Values no string field accepts (numbers may be read as ids). */
const notAString = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
);

/** Timestamps that are no valid instant, or an instant out of range. */
const badTimestamp = fc.oneof(
  fc.constantFrom(
    'yesterday',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-01',
    '2024-05-01T00:00:00',
    '275760-09-13T00:00:00.001Z',
    '9999-12-31T23:59:59Z',
    '3000-01-01T00:00:00Z',
    '',
  ),
  fc
    .date({
      min: new Date(Date.now() + 2 * 86_400_000),
      max: new Date(8.64e15),
      noInvalidDate: true,
    })
    .map(d => d.toISOString()),
  wrongValue,
);

const EVENT_FIELDS = [
  'id',
  'type',
  'service',
  'timestamp',
  'deploymentId',
  'environment',
  'environmentTier',
  'outcome',
  'commitSha',
  'actor',
  'incidentId',
  'status',
  'changeId',
  'pipelineId',
  'startedAt',
  'template',
];

function validDeployment(id: string) {
  return {
    id,
    type: 'deployment',
    service: 'checkout',
    deploymentId: `d-${id}`,
    environment: 'production',
    outcome: 'success',
    commitSha: 'c0ffee0001',
    timestamp: new Date(Date.now() - 3_600_000).toISOString(),
  };
}

/** An event whose timestamp or a required field is certainly invalid. */
const invalidEvent = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 10 }), badTimestamp)
    .map(([id, timestamp]) => ({ ...validDeployment(`bad-${id}`), timestamp })),
  fc
    .tuple(
      fc.constantFrom(
        'type',
        'service',
        'deploymentId',
        'environment',
        'outcome',
      ),
      notAString,
    )
    .map(([field, v]) => ({ ...validDeployment('wrong-type'), [field]: v })),
  fc.dictionary(fc.constantFrom(...EVENT_FIELDS), wrongValue, {
    maxKeys: 8,
  }),
);

/** Bodies that are no event batch, or not JSON at all. */
const hostileJson = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.constantFrom(
    '',
    'null',
    'true',
    '0',
    '"events"',
    '{"events": [',
    '{"events": {}}',
    '{"events": "x"}',
    '{"events": null}',
    '{"__proto__": {"type": "deployment"}}',
    '{"constructor": {"prototype": {"x": 1}}}',
  ),
  // deeply nested, within the body limit
  fc
    .integer({ min: 100, max: 20_000 })
    .map(n => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc
    .integer({ min: 100, max: 5_000 })
    .map(n => `{"events":[${'{"a":'.repeat(n)}1${'}'.repeat(n)}]}`),
  // huge, over the body limit
  fc
    .integer({ min: MAX_BODY + 1, max: 4 * MAX_BODY })
    .map(n => JSON.stringify({ events: [{ id: 'x'.repeat(n) }] })),
  fc
    .array(invalidEvent, { minLength: 1, maxLength: 20 })
    .map(events => JSON.stringify({ events })),
  fc
    .array(invalidEvent, { minLength: 1, maxLength: 20 })
    .map(events => JSON.stringify(events)),
  invalidEvent.map(e => JSON.stringify(e)),
  // too many events
  fc
    .integer({ min: 201, max: 400 })
    .map(n =>
      JSON.stringify({ events: Array.from({ length: n }, () => ({})) }),
    ),
);

/** Bytes that are not valid UTF-8, somewhere inside otherwise plausible JSON. */
const invalidUtf8 = fc
  .tuple(
    fc.constantFrom(
      [0xff],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xe2, 0x82],
      [0x80],
    ),
    invalidEvent,
  )
  .map(([bad, event]) => {
    const json = JSON.stringify({ events: [event] });
    const cut = json.indexOf('"', 12) + 1 || json.length;
    return Buffer.concat([
      Buffer.from(json.slice(0, cut)),
      Buffer.from(bad),
      Buffer.from(json.slice(cut)),
    ]);
  });

const ndjsonLine = fc.oneof(
  invalidEvent.map(e => JSON.stringify(e)),
  fc.string({ maxLength: 80 }).filter(s => !s.includes('\n')),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{', '[1,', 'undefined', '\r', ' ', '{"type":'),
);
const hostileNdjson = fc.oneof(
  fc
    .array(ndjsonLine, { minLength: 0, maxLength: 30 })
    .map(lines => Buffer.from(lines.join('\n'))),
  invalidUtf8,
  fc
    .integer({ min: MAX_BODY + 1, max: 2 * MAX_BODY })
    .map(n => Buffer.from(`${JSON.stringify({ id: 'y'.repeat(n) })}\n`)),
);

const databases = createTestDatabases();

type Server = TestBackend['server'];

async function start(knex: Knex): Promise<TestBackend> {
  const webhooks: JsonObject = { allowInsecure: true };
  for (const source of SOURCES) webhooks[source] = {};
  return startTestBackend({
    features: [
      doraPlugin,
      mockServices.database.factory({ knex }),
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
              ],
            },
          },
          goldpath: {
            dora: {
              privacy: { actorHashKey: 'fuzz-key' },
              ingestion: { maxEvents: 200, maxBodySize: '64kb' },
              webhooks,
            },
          },
        },
      }),
    ],
  });
}

async function rowCounts(knex: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [{ n }] = await knex(table).count({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}

/** A refusal must say why; a success must be JSON. Never a 5xx. */
function expectAnswered(res: request.Response, what: string) {
  if (res.status >= 500 || res.status < 200) {
    throw new Error(
      `${what}: status ${res.status}, body ${String(res.text).slice(0, 500)}`,
    );
  }
  if (res.status >= 400) {
    const message = res.body?.error?.message;
    if (typeof message !== 'string' || message.length === 0) {
      throw new Error(
        `${what}: ${res.status} without a reason: ${String(res.text).slice(
          0,
          300,
        )}`,
      );
    }
  }
}

/** The exact bytes, never re-serialised by superagent (which JSON-encodes a Buffer). */
const raw = (body: unknown) => body as string;

function postEvents(
  server: Server,
  body: string | Buffer,
  contentType: string,
) {
  return request(server)
    .post('/api/dora/events')
    .set(auth)
    .set('Content-Type', contentType)
    .serialize(raw)
    .send(body);
}

describe.each([['SQLITE_3' as TestDatabaseId]])(
  'fuzzing the dora backend (%s)',
  databaseId => {
    let backend: TestBackend;
    let knex: Knex;
    let server: Server;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await start(knex);
      server = backend.server;
    }, 60_000);

    afterAll(async () => {
      await backend?.stop();
    });

    it(
      'answers hostile JSON bodies with a 4xx and stores nothing',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            hostileJson,
            fc.constantFrom(
              'application/json',
              'application/json; charset=utf-8',
            ),
            async (body, contentType) => {
              const before = await rowCounts(knex);
              const res = await postEvents(server, body, contentType);
              expectAnswered(res, 'POST /events (JSON)');
              expect(res.status).toBeGreaterThanOrEqual(400);
              expect(await rowCounts(knex)).toEqual(before);
            },
          ),
          params(),
        );
      },
      PROPERTY_TIMEOUT,
    );

    it(
      'answers hostile NDJSON and invalid UTF-8 with a 4xx and stores nothing',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            hostileNdjson,
            fc.constantFrom(
              'application/x-ndjson',
              'application/ndjson',
              'text/plain; charset=utf-8',
              'application/json',
            ),
            async (body, contentType) => {
              const before = await rowCounts(knex);
              const res = await postEvents(server, body, contentType);
              expectAnswered(res, `POST /events (${contentType})`);
              expect(res.status).toBeGreaterThanOrEqual(400);
              expect(await rowCounts(knex)).toEqual(before);
            },
          ),
          params(),
        );
      },
      PROPERTY_TIMEOUT,
    );

    it(
      'keeps the valid events of a mixed batch and reports every invalid one',
      async () => {
        let n = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.array(invalidEvent, { minLength: 1, maxLength: 10 }),
            fc.boolean(),
            async (bad, ndjson) => {
              const good = validDeployment(`good-${SEED}-${++n}`);
              const events = [good, ...bad];
              const before = await rowCounts(knex);
              const res = ndjson
                ? await postEvents(
                    server,
                    events.map(e => JSON.stringify(e)).join('\n'),
                    'application/x-ndjson',
                  )
                : await postEvents(
                    server,
                    JSON.stringify({ events }),
                    'application/json',
                  );
              expectAnswered(res, 'POST /events (mixed)');
              expect({ status: res.status, body: res.body }).toMatchObject({
                status: 200,
                body: { received: events.length, accepted: 1 },
              });
              expect(res.body.rejected.map((r: any) => r.index)).toEqual(
                bad.map((_, i) => i + 1),
              );
              for (const r of res.body.rejected) {
                expect(r.errors.length).toBeGreaterThan(0);
              }
              const after = await rowCounts(knex);
              expect(after.dora_events).toBe(before.dora_events + 1);
            },
          ),
          params(Math.min(RUNS, 100)),
        );
      },
      PROPERTY_TIMEOUT,
    );

    it(
      'refuses pre-1970 timestamps with a 400 naming the field, storing nothing',
      async () => {
        let n = 0;
        const answers = new Set<number>();
        await fc.assert(
          fc.asyncProperty(
            fc
              .date({
                min: new Date('0001-01-01T00:00:00Z'),
                max: new Date('1969-12-31T23:59:59.999Z'),
                noInvalidDate: true,
              })
              .map(d => d.toISOString()),
            fc.constantFrom('timestamp', 'startedAt'),
            async (at, field) => {
              const event = { ...validDeployment(`old-${++n}`), [field]: at };
              const before = await rowCounts(knex);
              const res = await postEvents(
                server,
                JSON.stringify(event),
                'application/json',
              );
              expectAnswered(res, `POST /events with ${field}=${at}`);
              answers.add(res.status);
              const after = await rowCounts(knex);
              expect(res.status).toBe(400);
              expect(JSON.stringify(res.body)).toContain(
                'lies before 1970-01-01T00:00:00Z',
              );
              expect(after.dora_events - before.dora_events).toBe(0);
            },
          ),
          params(Math.min(RUNS, 50)),
        );
        expect([...answers]).toEqual([400]);
      },
      PROPERTY_TIMEOUT,
    );

    it(
      'answers hostile webhook deliveries with a 4xx (or 202 for what it keeps), never a 5xx',
      async () => {
        const headerValue = fc
          .oneof(
            fc.constantFrom(
              'deployment_status',
              'pull_request',
              'push',
              'workflow_run',
              'Deployment Hook',
              'Merge Request Hook',
              'Pipeline Hook',
            ),
            sqlString,
            fc.string({ maxLength: 20 }),
          )
          .filter(v => /^[\x20-\x7e]*$/.test(v));
        const body = fc.oneof(
          hostileJson.map(s => Buffer.from(s)),
          invalidUtf8,
          fc
            .dictionary(
              fc.string({ maxLength: 10 }),
              fc.jsonValue({ maxDepth: 3 }),
            )
            .map(o => Buffer.from(JSON.stringify(o))),
          fc
            .record({
              action: fc.oneof(fc.string(), wrongValue),
              repository: fc.oneof(
                wrongValue,
                fc.record({ full_name: fc.oneof(sqlString, wrongValue) }),
              ),
              deployment: fc.oneof(
                wrongValue,
                fc.record({
                  id: wrongValue,
                  environment: wrongValue,
                  created_at: badTimestamp,
                }),
              ),
              deployment_status: fc.oneof(
                wrongValue,
                fc.record({ state: wrongValue, created_at: badTimestamp }),
              ),
              event: fc.oneof(
                wrongValue,
                fc.record({
                  event_type: fc.oneof(
                    fc.constantFrom('incident.triggered', 'incident.resolved'),
                    wrongValue,
                  ),
                  occurred_at: badTimestamp,
                  data: wrongValue,
                }),
              ),
              specversion: fc.oneof(fc.constant('1.0'), wrongValue),
              type: fc.oneof(
                fc.constantFrom(
                  'dev.cdevents.service.deployed.0.2.0',
                  'dev.cdevents.incident.detected.0.2.0',
                ),
                wrongValue,
              ),
              time: badTimestamp,
            })
            .map(o => Buffer.from(JSON.stringify(o))),
        );
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc.constantFrom(...SOURCES),
              sqlString,
              fc.string({ minLength: 1, maxLength: 10 }),
            ),
            body,
            headerValue,
            fc.constantFrom(
              'application/json',
              'application/cloudevents+json',
              'text/plain',
              'application/octet-stream',
            ),
            async (source, payload, event, contentType) => {
              const before = await rowCounts(knex);
              const res = await request(server)
                .post(`/api/dora/webhooks/${encodeURIComponent(source)}`)
                .set('Content-Type', contentType)
                .set('X-GitHub-Event', event)
                .set('X-Gitlab-Event', event)
                .set('X-GitHub-Delivery', event)
                .set('Ce-Type', event)
                .serialize(raw)
                .send(payload);
              expectAnswered(res, `POST /webhooks/${source}`);
              const after = await rowCounts(knex);
              // whatever it kept, it counted; a refusal keeps nothing
              const kept =
                res.status === 202 && res.body.status === 'accepted'
                  ? (res.body.accepted ?? 0) + (res.body.unresolved ?? 0)
                  : 0;
              for (const table of TABLES) {
                expect(after[table]).toBeGreaterThanOrEqual(before[table]);
              }
              expect(
                after.dora_events -
                  before.dora_events +
                  after.dora_unresolved_events -
                  before.dora_unresolved_events,
              ).toBeLessThanOrEqual(kept);
            },
          ),
          params(),
        );
      },
      PROPERTY_TIMEOUT,
    );

    it(
      'answers hostile scorecard and rollup queries with a 4xx, never a 5xx',
      async () => {
        const value = fc.oneof(
          sqlString,
          fc.string({ maxLength: 30 }),
          fc.constantFrom(
            '90d',
            '12w',
            '0d',
            '-1d',
            '99999999999999999999d',
            '3661d',
            '1e3d',
            'service',
            'team',
            'system',
            '1969-12-31T23:59:59Z',
            '0001-01-01T00:00:00Z',
            '9999-12-31T23:59:59Z',
            '275760-09-13T00:00:00Z',
            '2024-05-01T00:00:00+99:99',
          ),
        );
        const query = fc.dictionary(
          fc.oneof(
            fc.constantFrom('window', 'asOf', 'groupBy', 'since'),
            fc.string({ minLength: 1, maxLength: 8 }),
            sqlString,
          ),
          fc.oneof(value, fc.array(value, { minLength: 2, maxLength: 3 })),
          { maxKeys: 4 },
        );
        const segment = fc.oneof(
          fc.constantFrom('component', 'default', 'checkout'),
          sqlString,
          fc.string({ minLength: 1, maxLength: 30 }),
        );
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc
                .tuple(segment, segment, segment)
                .map(
                  parts =>
                    `/api/dora/scorecards/${parts
                      .map(encodeURIComponent)
                      .join('/')}`,
                ),
              fc.constant('/api/dora/rollups'),
            ),
            query,
            async (path, q) => {
              const before = await rowCounts(knex);
              const res = await request(server).get(path).query(q).set(auth);
              expectAnswered(res, `GET ${path}?${JSON.stringify(q)}`);
              expect(await rowCounts(knex)).toEqual(before);
            },
          ),
          params(),
        );
      },
      PROPERTY_TIMEOUT,
    );
  },
);

describe.each(
  databases
    .eachSupportedId()
    .map(([id]) => [id])
    .filter(([id]) => id === 'SQLITE_3' || id.startsWith('POSTGRES'))
    .slice(0, 2),
)('SQL-looking strings in every field (%s)', databaseId => {
  let backend: TestBackend;
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await start(knex);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it(
    'stores them verbatim or refuses them, and the tables survive',
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            'id',
            'service',
            'deploymentId',
            'environment',
            'commitSha',
            'actor',
          ),
          sqlString,
          fc.constantFrom('application/json', 'application/x-ndjson'),
          async (field, value, contentType) => {
            const event = {
              ...validDeployment(`sql-${++n}`),
              // ids stay unique, so a repeated string is no duplicate
              [field]: field === 'id' ? `${value}-${n}` : value,
            };
            const before = await rowCounts(knex);
            const res = await postEvents(
              backend.server,
              contentType === 'application/json'
                ? JSON.stringify({ events: [event] })
                : JSON.stringify(event),
              contentType,
            );
            expectAnswered(res, `POST /events with ${field}=${value}`);
            const after = await rowCounts(knex);
            const accepted = res.status === 200 ? res.body.accepted : 0;
            expect(after.dora_events - before.dora_events).toBe(accepted);
            expect(after.dora_unresolved_events).toBe(
              before.dora_unresolved_events,
            );
            // stored verbatim: the id is found as it was sent
            // (only then: PostgreSQL cannot even compare a NUL byte)
            const rows =
              field === 'id' && accepted > 0
                ? await knex('dora_events')
                    .where({ id: `${value}-${n}` })
                    .select('id')
                : [];
            expect(rows).toHaveLength(field === 'id' ? accepted : 0);
          },
        ),
        params(Math.min(RUNS, 100)),
      );
      // every query parameter too, on this database
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('window', 'asOf', 'groupBy'),
          sqlString,
          fc.constantFrom(
            '/api/dora/rollups',
            '/api/dora/scorecards/component/default/checkout',
          ),
          async (key, value, path) => {
            const res = await request(backend.server)
              .get(path)
              .query({
                ...(path.endsWith('rollups') ? { groupBy: 'team' } : {}),
                [key]: value,
              })
              .set(auth);
            expectAnswered(res, `GET ${path}?${key}=${value}`);
            expect(res.status).toBe(400);
          },
        ),
        params(Math.min(RUNS, 100)),
      );
      expect(Object.keys(await rowCounts(knex))).toEqual([...TABLES]);
    },
    PROPERTY_TIMEOUT,
  );
});
