import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  BACKOFF_CAP_MS,
  backoffDelay,
  eventsEndpoint,
  formatFailure,
  parseRetryAfter,
  policyReportUrl,
  policyReportsEndpoint,
  postEvents,
  postPolicyReport,
  postWithRetries,
  readinessUrl,
} from './client';

const TOKEN = 'secret-token-0123456789';
const EVENT = { id: 'e1', type: 'deployment' };
const OK_BODY = {
  received: 1,
  accepted: 1,
  duplicates: 0,
  optedOut: 0,
  rejected: [],
};

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(s => new Promise(resolve => s.close(resolve))),
  );
});

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
  contentType?: string;
  body: unknown;
}

const READINESS = '/.backstage/health/v1/readiness';

/** Answers a readiness check with `readiness` in turn (404 without). */
function answerReadiness(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  readiness: Reply[],
  probes: string[],
): boolean {
  if (req.method !== 'GET' || req.url !== READINESS) return false;
  probes.push(req.url);
  const reply = readiness[Math.min(probes.length, readiness.length) - 1] ?? {
    status: 404,
  };
  res.writeHead(reply.status, { 'Content-Type': 'application/json' });
  res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  return true;
}

/**
 * A server answering with the given replies in turn (the last repeats), and
 * its readiness check with the given readiness replies in turn (404 without).
 */
async function server(replies: Reply[], readiness: Reply[] = []) {
  const seen: Seen[] = [];
  const probes: string[] = [];
  const srv = http.createServer((req, res) => {
    if (answerReadiness(req, res, readiness, probes)) return;
    let raw = '';
    req.on('data', chunk => {
      raw += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: raw ? JSON.parse(raw) : undefined,
      });
      const reply = replies[Math.min(seen.length, replies.length) - 1];
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        ...reply.headers,
      });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  servers.push(srv);
  return { url: `http://127.0.0.1:${port}`, seen, probes };
}

function options(url: string, retries = 5) {
  const sleeps: number[] = [];
  return {
    sleeps,
    options: {
      endpoint: eventsEndpoint(url),
      token: TOKEN,
      timeoutMs: 5_000,
      retries,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    },
  };
}

describe('postEvents', () => {
  it('posts {"events": [...]} with the bearer token', async () => {
    const { url, seen } = await server([{ status: 200, body: OK_BODY }]);
    const { options: o, sleeps } = options(url);
    const result = await postEvents([EVENT], o);
    expect(result).toEqual({
      ok: true,
      status: 200,
      result: OK_BODY,
      attempts: 1,
    });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/api/dora/events',
        authorization: `Bearer ${TOKEN}`,
        contentType: 'application/json',
        body: { events: [EVENT] },
      },
    ]);
    expect(sleeps).toEqual([]);
  });

  it('retries 503 twice with growing backoff, then succeeds', async () => {
    const { url, seen } = await server([
      { status: 503, body: { error: { message: 'starting up' } } },
      { status: 503 },
      { status: 200, body: OK_BODY },
    ]);
    const { options: o, sleeps } = options(url);
    const retries: string[] = [];
    const result = await postEvents([EVENT], {
      ...o,
      onRetry: ({ why }) => retries.push(why),
    });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(seen).toHaveLength(3);
    // 0.5 s × 2^n with equal jitter at random() = 0.5: 75 % of each step
    expect(sleeps).toEqual([375, 750]);
    expect(retries).toEqual([
      '503 Service Unavailable: starting up',
      '503 Service Unavailable',
    ]);
  });

  it.each([408, 429, 500, 502, 504])('retries %s', async status => {
    const { url, seen } = await server([
      { status },
      { status: 200, body: OK_BODY },
    ]);
    const { options: o } = options(url);
    await expect(postEvents([EVENT], o)).resolves.toMatchObject({ ok: true });
    expect(seen).toHaveLength(2);
  });

  it('honours Retry-After (seconds and HTTP dates)', async () => {
    const { url } = await server([
      { status: 429, headers: { 'Retry-After': '7' } },
      {
        status: 503,
        headers: { 'Retry-After': 'Wed, 01 May 2024 12:00:03 GMT' },
      },
      { status: 200, body: OK_BODY },
    ]);
    const { options: o, sleeps } = options(url);
    const result = await postEvents([EVENT], {
      ...o,
      now: () => Date.parse('2024-05-01T12:00:00Z'),
    });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(sleeps).toEqual([7_000, 3_000]);
  });

  it('does not retry a 400 and reports every rejected event', async () => {
    const rejected = [
      {
        index: 0,
        id: 'e1',
        errors: [
          { path: 'service', message: 'is required' },
          { path: 'timestamp', message: '"x" is not an ISO 8601 date-time' },
        ],
      },
    ];
    const { url, seen } = await server([
      {
        status: 400,
        body: {
          error: {
            name: 'InputError',
            message: 'No valid events in the request (1 rejected): …',
            rejected,
          },
        },
      },
    ]);
    const { options: o, sleeps } = options(url);
    const result = await postEvents([EVENT], o);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(result).toMatchObject({ ok: false, reason: 'rejected', rejected });
    expect(formatFailure(result as any)).toEqual([
      '400 Bad Request: the backend rejected every event',
      '  event 0 (e1) was rejected:',
      '    service: is required',
      '    timestamp: "x" is not an ISO 8601 date-time',
    ]);
  });

  it('reports a 400 without rejected events by its message', async () => {
    const { url } = await server([
      {
        status: 400,
        body: {
          error: { name: 'InputError', message: 'The request holds no events' },
        },
      },
    ]);
    const result = await postEvents([], options(url).options);
    expect(result).toMatchObject({
      ok: false,
      reason: 'rejected',
      message: expect.stringContaining('The request holds no events'),
    });
  });

  it.each([
    [401, 'unauthorized', 'the token is missing or invalid'],
    [403, 'forbidden', 'not allowed to send events'],
    [404, 'not-found', 'no events endpoint'],
    [413, 'too-large', 'too large'],
    [422, 'http', '422'],
  ])('does not retry %s', async (status, reason, message) => {
    const { url, seen } = await server([
      { status, body: { error: { name: 'Error', message: 'nope' } } },
    ]);
    const { options: o, sleeps } = options(url);
    const result = await postEvents([EVENT], o);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(result).toMatchObject({
      ok: false,
      status,
      reason,
      message: expect.stringContaining(message),
    });
  });

  it('retries a 404 while the backend is starting (readiness 503), then succeeds', async () => {
    const starting = {
      status: 503,
      body: { message: 'Backend has not started yet', status: 'error' },
    };
    const { url, seen, probes } = await server(
      [
        { status: 404, body: { error: { name: 'NotFoundError' } } },
        { status: 404, body: { error: { name: 'NotFoundError' } } },
        { status: 200, body: OK_BODY },
      ],
      [starting, starting],
    );
    const retries: string[] = [];
    const { options: o, sleeps } = options(url);
    const result = await postEvents([EVENT], {
      ...o,
      onRetry: ({ why }) => retries.push(why),
    });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(seen).toHaveLength(3);
    expect(probes).toHaveLength(2);
    expect(sleeps).toEqual([375, 750]);
    expect(retries[0]).toMatch(
      /^404 Not Found: the backend is not ready \(its readiness check says: Backend has not started yet\)$/,
    );
  });

  it('does not retry a 404 of a ready backend, and asks its readiness once', async () => {
    const { url, seen, probes } = await server(
      [{ status: 404, body: { error: { name: 'NotFoundError' } } }],
      [{ status: 200, body: { status: 'ok' } }],
    );
    const { options: o, sleeps } = options(url);
    const result = await postEvents([EVENT], o);
    expect(result).toMatchObject({
      ok: false,
      reason: 'not-found',
      attempts: 1,
      message: expect.stringContaining('no events endpoint here'),
    });
    expect(seen).toHaveLength(1);
    expect(probes).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up on a backend that never becomes ready, saying so', async () => {
    const { url } = await server(
      [{ status: 404 }],
      [{ status: 503, body: { message: 'Backend is shutting down' } }],
    );
    const { options: o, sleeps } = options(url, 2);
    const result = await postEvents([EVENT], o);
    expect(sleeps).toHaveLength(2);
    expect(result).toMatchObject({
      ok: false,
      reason: 'not-found',
      status: 404,
      attempts: 3,
      message: expect.stringMatching(
        /the backend is not ready .*Backend is shutting down.*\(gave up after 3 attempts\)/,
      ),
    });
  });

  it('retries a refused connection, then gives up', async () => {
    const { url } = await server([{ status: 200, body: OK_BODY }]);
    await new Promise(resolve => servers.pop()!.close(resolve));
    const { options: o, sleeps } = options(url, 3);
    const result = await postEvents([EVENT], o);
    expect(result).toMatchObject({
      ok: false,
      reason: 'network',
      attempts: 4,
      message: expect.stringMatching(
        /could not reach .*: .*ECONNREFUSED.*\(gave up after 4 attempts\)/,
      ),
    });
    expect(sleeps).toEqual([375, 750, 1500]);
  });

  it('gives up on 5xx after the retries, with the last answer', async () => {
    const { url, seen } = await server([
      { status: 502, body: { error: { message: 'bad gateway' } } },
    ]);
    const { options: o } = options(url, 2);
    const result = await postEvents([EVENT], o);
    expect(seen).toHaveLength(3);
    expect(result).toMatchObject({
      ok: false,
      reason: 'http',
      status: 502,
      attempts: 3,
      message: '502 Bad Gateway: bad gateway (gave up after 3 attempts)',
    });
  });

  it('times out a silent server and retries', async () => {
    const srv = http.createServer(() => {
      /* never answers */
    });
    await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve));
    servers.push(srv);
    const { port } = srv.address() as AddressInfo;
    const { options: o, sleeps } = options(`http://127.0.0.1:${port}`, 1);
    const result = await postEvents([EVENT], { ...o, timeoutMs: 100 });
    srv.closeAllConnections();
    expect(result).toMatchObject({
      ok: false,
      reason: 'network',
      attempts: 2,
      message: expect.stringContaining('no answer within 0.1s'),
    });
    expect(sleeps).toHaveLength(1);
  });

  it('reports a redirect instead of following it as a GET', async () => {
    const { url, seen } = await server([
      { status: 301, headers: { Location: 'https://goldpath.example.com/' } },
    ]);
    const result = await postEvents([EVENT], options(url).options);
    expect(seen).toHaveLength(1);
    expect(result).toMatchObject({
      ok: false,
      reason: 'redirected',
      message: expect.stringContaining('https://goldpath.example.com/'),
    });
  });

  it('refuses a 200 that is not an ingest result (e.g. the frontend)', async () => {
    const { url } = await server([{ status: 200, body: '<html>' }]);
    const result = await postEvents([EVENT], options(url).options);
    expect(result).toMatchObject({
      ok: false,
      reason: 'bad-response',
      message: expect.stringContaining('backend'),
    });
  });

  it('never repeats the token in messages', async () => {
    const { url } = await server([
      { status: 401, body: { error: { message: `bad token ${TOKEN}` } } },
    ]);
    const result = await postEvents([EVENT], options(url).options);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('uses injected fetch', async () => {
    const calls: string[] = [];
    const result = await postEvents([EVENT], {
      endpoint: 'https://goldpath.example.com/api/dora/events',
      token: TOKEN,
      timeoutMs: 1000,
      retries: 0,
      fetch: async input => {
        calls.push(String(input));
        return new Response(JSON.stringify(OK_BODY), { status: 200 });
      },
    });
    expect(result.ok).toBe(true);
    expect(calls).toEqual(['https://goldpath.example.com/api/dora/events']);
  });
});

describe('helpers', () => {
  it.each([
    ['https://b.example.com', 'https://b.example.com/api/dora/events'],
    ['https://b.example.com/', 'https://b.example.com/api/dora/events'],
    ['https://b.example.com/api/dora', 'https://b.example.com/api/dora/events'],
    [
      'https://b.example.com/api/dora/events/',
      'https://b.example.com/api/dora/events',
    ],
    [
      'https://x.example.com/backstage',
      'https://x.example.com/backstage/api/dora/events',
    ],
  ])('eventsEndpoint(%s)', (url, endpoint) => {
    expect(eventsEndpoint(url)).toBe(endpoint);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 0.999999)).toBe(500);
    expect(backoffDelay(3, () => 0)).toBe(2000);
    expect(backoffDelay(20, () => 0.999999)).toBe(BACKOFF_CAP_MS);
  });

  it('reads Retry-After', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(300_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

const POLICY_OK = {
  reports: 1,
  results: 3,
  entities: ['component:default/cart'],
  unmapped: 0,
  skipped: [],
};

/** A server that records the raw bytes it gets. */
async function rawServer(replies: Reply[]) {
  const seen: Array<{
    method?: string;
    url?: string;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
  }> = [];
  const probes: string[] = [];
  const srv = http.createServer((req, res) => {
    if (answerReadiness(req, res, [], probes)) return;
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const reply = replies[Math.min(seen.length, replies.length) - 1];
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        ...reply.headers,
      });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  servers.push(srv);
  return { url: `http://127.0.0.1:${port}`, seen, probes };
}

describe('postPolicyReport', () => {
  const query = {
    format: 'conftest',
    entity: 'component:default/cart',
    source: 'github-actions:acme/cart/Preflight',
    repository: 'acme/cart',
  };
  // A byte order mark and CRLF: sent exactly as read.
  const REPORT = Buffer.from(
    '\uFEFF[{"filename": "k8s/a.yaml", "successes": 3}]\r\n',
    'utf8',
  );

  function policyOptions(url: string, retries = 5) {
    const { options: o, sleeps } = options(url, retries);
    return {
      sleeps,
      options: {
        ...o,
        endpoint: policyReportUrl(policyReportsEndpoint(url), query),
      },
    };
  }

  it('posts the bytes unchanged, with the query, the bearer token and JSON content type', async () => {
    const { url, seen } = await rawServer([{ status: 200, body: POLICY_OK }]);
    const { options: o, sleeps } = policyOptions(url);
    const result = await postPolicyReport(REPORT, o);
    expect(result).toEqual({
      ok: true,
      status: 200,
      result: POLICY_OK,
      attempts: 1,
    });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request.method).toBe('POST');
    const target = new URL(request.url!, 'http://x');
    expect(target.pathname).toBe('/api/policy/reports');
    expect(Object.fromEntries(target.searchParams)).toEqual(query);
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body.equals(REPORT)).toBe(true);
    expect(sleeps).toEqual([]);
  });

  it('retries a 503 (with Retry-After) and a 429, sending the same bytes each time', async () => {
    const { url, seen } = await rawServer([
      { status: 503, headers: { 'Retry-After': '2' } },
      { status: 429 },
      { status: 200, body: POLICY_OK },
    ]);
    const { options: o, sleeps } = policyOptions(url);
    const result = await postPolicyReport(REPORT, o);
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(sleeps).toEqual([2_000, 750]);
    expect(seen.map(s => s.body.equals(REPORT))).toEqual([true, true, true]);
  });

  it.each([
    [
      400,
      'rejected',
      'the backend refused the request (document 1: [0].failures: expected an array)',
    ],
    [401, 'unauthorized', 'the token is missing or invalid'],
    [
      403,
      'forbidden',
      'the token is not allowed to post policy reports (nope). Its accessRestrictions must include plugin: policy (and, if permissions are listed, policy.reports.create).',
    ],
    [
      404,
      'not-found',
      "no policy reports endpoint here (nope). Is --url the Backstage backend's base URL, with the policy backend plugin installed?",
    ],
    [413, 'too-large', 'the request is too large for the backend (nope)'],
  ])('does not retry %s and says why', async (status, reason, message) => {
    const { url, seen } = await rawServer([
      {
        status,
        body: {
          error: {
            name: status === 400 ? 'InputError' : 'Error',
            message:
              status === 400
                ? 'document 1: [0].failures: expected an array'
                : 'nope',
          },
        },
      },
    ]);
    const { options: o, sleeps } = policyOptions(url);
    const result = await postPolicyReport(REPORT, o);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(result).toMatchObject({
      ok: false,
      status,
      reason,
      message: expect.stringContaining(message),
    });
  });

  it('refuses a 200 that is not a policy ingest answer (e.g. the DORA one)', async () => {
    const { url } = await rawServer([{ status: 200, body: OK_BODY }]);
    const result = await postPolicyReport(REPORT, policyOptions(url).options);
    expect(result).toMatchObject({
      ok: false,
      reason: 'bad-response',
      message: expect.stringContaining(
        'is not an answer of the Goldpath policy backend',
      ),
    });
  });
});

describe('postWithRetries', () => {
  it('sends the given body and content type, and reads the answer with readResult', async () => {
    const { url, seen } = await rawServer([
      { status: 503 },
      { status: 202, body: { queued: 7 } },
    ]);
    const { options: o, sleeps } = options(url, 1);
    const result = await postWithRetries({
      ...o,
      endpoint: `${url}/anything`,
      body: 'a=1',
      contentType: 'application/x-www-form-urlencoded',
      describe: {
        backend: 'a test backend',
        name: 'test endpoint',
        pluginId: 'test',
        action: 'test',
        permission: 'test.create',
      },
      readResult: json => (json as { queued?: number } | undefined)?.queued,
    });
    expect(result).toEqual({ ok: true, status: 202, result: 7, attempts: 2 });
    expect(sleeps).toEqual([375]);
    expect(
      seen.map(s => [s.url, s.headers['content-type'], String(s.body)]),
    ).toEqual([
      ['/anything', 'application/x-www-form-urlencoded', 'a=1'],
      ['/anything', 'application/x-www-form-urlencoded', 'a=1'],
    ]);
  });
});

describe('readinessUrl', () => {
  it.each([
    [
      'https://bs.example.com/api/dora/events',
      'dora',
      'https://bs.example.com/.backstage/health/v1/readiness',
    ],
    [
      'https://bs.example.com/backstage/api/policy/reports?format=sarif',
      'policy',
      'https://bs.example.com/backstage/.backstage/health/v1/readiness',
    ],
    ['https://bs.example.com/events', 'dora', undefined],
    ['not a url', 'dora', undefined],
  ])('%s (%s) -> %s', (endpoint, pluginId, expected) => {
    expect(readinessUrl(endpoint, pluginId)).toBe(expected);
  });
});

describe('policy endpoint helpers', () => {
  it.each([
    ['https://b.example.com', 'https://b.example.com/api/policy/reports'],
    ['https://b.example.com/', 'https://b.example.com/api/policy/reports'],
    [
      'https://b.example.com/api/policy',
      'https://b.example.com/api/policy/reports',
    ],
    [
      'https://b.example.com/api/policy/reports/',
      'https://b.example.com/api/policy/reports',
    ],
    [
      'https://x.example.com/backstage',
      'https://x.example.com/backstage/api/policy/reports',
    ],
  ])('policyReportsEndpoint(%s)', (url, endpoint) => {
    expect(policyReportsEndpoint(url)).toBe(endpoint);
  });

  it('puts format, entity, source and the optional repository in the query', () => {
    expect(
      policyReportUrl('https://b.example.com/api/policy/reports', {
        format: 'sarif',
        entity: 'component:default/cart',
        source: 'gitlab-ci:acme/shop/cart/trivy scan',
      }),
    ).toBe(
      'https://b.example.com/api/policy/reports?format=sarif&entity=component%3Adefault%2Fcart&source=gitlab-ci%3Aacme%2Fshop%2Fcart%2Ftrivy+scan',
    );
  });
});
