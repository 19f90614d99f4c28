/**
 * Posts to the Goldpath backends: events to the DORA backend
 * (`POST /api/dora/events`) and policy reports to the policy backend
 * (`POST /api/policy/reports`). Both go through one POST that retries what
 * may succeed later: network errors, timeouts, 408, 429 and 5xx, with
 * exponential backoff and jitter, honouring `Retry-After`.
 */

/** A field-level reason an event was refused. */
export interface FieldError {
  path: string;
  message: string;
}

/** An event the backend refused, by its position in the request. */
export interface RejectedEvent {
  index: number;
  id?: string;
  errors: FieldError[];
}

/** The backend's answer to an accepted request (200). */
export interface IngestResult {
  received: number;
  accepted: number;
  duplicates: number;
  optedOut: number;
  rejected: RejectedEvent[];
}

export type FailureReason =
  | 'rejected'
  | 'unauthorized'
  | 'forbidden'
  | 'too-large'
  | 'not-found'
  | 'redirected'
  | 'http'
  | 'network'
  | 'bad-response';

/** The policy backend's answer to an accepted report (200). */
export interface PolicyIngestResult {
  reports: number;
  results: number;
  /** Entities whose state changed (a snapshot was stored). */
  entities: string[];
  /** Results kept unmapped until the catalog knows where they belong. */
  unmapped: number;
  /** Why parts of the report were left out. */
  skipped: string[];
}

/** A post that did not succeed. */
export interface PostFailure {
  ok: false;
  reason: FailureReason;
  /** The HTTP status, when there was an answer. */
  status?: number;
  /** What went wrong, in words (without the token). */
  message: string;
  /** For 400 of the events endpoint: every refused event with its field errors. */
  rejected?: RejectedEvent[];
  attempts: number;
}

/** The outcome of a post whose accepted answer is a `T`. */
export type PostOutcome<T> =
  | { ok: true; status: number; result: T; attempts: number }
  | PostFailure;

/** The outcome of {@link postEvents}. */
export type PostResult = PostOutcome<IngestResult>;

/** The outcome of {@link postPolicyReport}. */
export type PolicyPostResult = PostOutcome<PolicyIngestResult>;

export type Fetch = typeof globalThis.fetch;

/** How to post: where, with which token, and how patiently. */
export interface PostOptions {
  /** The full endpoint, e.g. `https://backstage.example.com/api/dora/events`. */
  endpoint: string;
  token: string;
  /** Per attempt, including reading the answer. */
  timeoutMs: number;
  /** Further attempts after the first one. */
  retries: number;
  fetch?: Fetch;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): jitter. */
  random?: () => number;
  /** Current time in epoch ms, for HTTP-date `Retry-After` values. */
  now?: () => number;
  /** Told before each wait. */
  onRetry?: (info: { attempt: number; delayMs: number; why: string }) => void;
  userAgent?: string;
}

/** First backoff step, doubled each retry. */
export const BACKOFF_BASE_MS = 500;
/** Upper bound of one backoff step. */
export const BACKOFF_CAP_MS = 30_000;
/** Upper bound of a server's `Retry-After`. */
export const RETRY_AFTER_CAP_MS = 300_000;

const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Where to post for a `--url`: the Backstage backend's base URL (the usual
 * case), or already `/api/dora` or `/api/dora/events`.
 */
export function eventsEndpoint(url: string): string {
  const base = url.trim().replace(/\/+$/, '');
  if (/\/api\/dora\/events$/.test(base)) return base;
  if (/\/api\/dora$/.test(base)) return `${base}/events`;
  return `${base}/api/dora/events`;
}

/**
 * Where to post policy reports for a `--url`: the Backstage backend's base
 * URL (the usual case), or already `/api/policy` or `/api/policy/reports`.
 */
export function policyReportsEndpoint(url: string): string {
  const base = url.trim().replace(/\/+$/, '');
  if (/\/api\/policy\/reports$/.test(base)) return base;
  if (/\/api\/policy$/.test(base)) return `${base}/reports`;
  return `${base}/api/policy/reports`;
}

/** Removes the token from text shown to the user. */
export function redact(text: string, token: string): string {
  return token ? text.split(token).join('***') : text;
}

/** Exponential backoff with "equal jitter": between half and all of the step. */
export function backoffDelay(retry: number, random: () => number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  return Math.round(step / 2 + (random() * step) / 2);
}

/** `Retry-After` in ms (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(
  value: string | null,
  now: number,
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, Math.round(ms)));
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The Backstage backend's readiness check for a plugin endpoint, or undefined. */
export function readinessUrl(
  endpoint: string,
  pluginId: string,
): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  const at = url.pathname.indexOf(`/api/${pluginId}`);
  if (at < 0) return undefined;
  url.pathname = `${url.pathname.slice(0, at)}/.backstage/health/v1/readiness`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/**
 * Why the backend behind `endpoint` is not ready (its readiness check answers
 * 503 while it starts or shuts down), or undefined when it is ready, has no
 * such check, or cannot be asked: then a 404 means what it says.
 */
async function backendNotReady(
  endpoint: string,
  pluginId: string,
  doFetch: Fetch,
  timeoutMs: number,
): Promise<string | undefined> {
  const url = readinessUrl(endpoint, pluginId);
  if (!url) return undefined;
  try {
    const response = await doFetch(url, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status !== 503) return undefined;
    let message: unknown;
    try {
      message = (JSON.parse(text) as { message?: unknown } | null)?.message;
    } catch {
      message = undefined;
    }
    return typeof message === 'string' && message ? message : '503';
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: unknown };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return `no answer within ${timeoutMs / 1000}s`;
  }
  const cause = err?.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  const message = err?.message ?? String(error);
  return detail && !message.includes(detail)
    ? `${message} (${detail})`
    : message;
}

/** The `error.message` of a Backstage error body, or the start of the text. */
function serverMessage(body: unknown, text: string): string {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  if (error && typeof error.message === 'string') return error.message;
  const trimmed = text.trim();
  if (!trimmed) return '';
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

function isIngestResult(body: unknown): body is IngestResult {
  const b = body as Partial<IngestResult> | undefined;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.accepted === 'number' &&
    typeof b.duplicates === 'number' &&
    Array.isArray(b.rejected)
  );
}

function isPolicyIngestResult(body: unknown): body is PolicyIngestResult {
  const b = body as Partial<PolicyIngestResult> | undefined;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.reports === 'number' &&
    typeof b.results === 'number' &&
    typeof b.unmapped === 'number' &&
    Array.isArray(b.entities) &&
    b.entities.every(e => typeof e === 'string') &&
    Array.isArray(b.skipped)
  );
}

function statusText(status: number, text: string) {
  return text ? `${status} ${text}` : String(status);
}

/** What the messages of {@link postWithRetries} say about the endpoint. */
export interface EndpointDescription {
  /** Whose answer a 2xx must be, e.g. `the Goldpath DORA backend`. */
  backend: string;
  /** For 404, e.g. `events endpoint`. */
  name: string;
  /** The backend plugin's id, e.g. `dora`. */
  pluginId: string;
  /** For 403: what the token may not do, e.g. `send events`. */
  action: string;
  /** For 403: the permission a token's `accessRestrictions` may list. */
  permission: string;
  /**
   * For 400: a failure more precise than the server's message (the events
   * endpoint lists every rejected event), or undefined.
   */
  refused?: (
    json: unknown,
    label: string,
  ) => Omit<PostFailure, 'attempts'> | undefined;
}

/** One POST request for {@link postWithRetries}. */
export interface PostRequest<T> extends PostOptions {
  /** Sent as it is, on every attempt. */
  body: string | Uint8Array;
  contentType: string;
  /** The result in a 2xx answer, or undefined when it is not this endpoint's answer. */
  readResult: (json: unknown) => T | undefined;
  describe: EndpointDescription;
}

/**
 * Posts `body` to `endpoint` with the bearer token, retrying network errors,
 * timeouts, 408, 429, 5xx, and 404 while the backend's readiness check
 * answers 503 (it is starting); never throws for network or HTTP failures.
 */
export async function postWithRetries<T>(
  request: PostRequest<T>,
): Promise<PostOutcome<T>> {
  const doFetch = request.fetch ?? globalThis.fetch;
  const sleep = request.sleep ?? defaultSleep;
  const random = request.random ?? Math.random;
  const now = request.now ?? Date.now;
  const clean = (text: string) => redact(text, request.token);
  const maxAttempts = 1 + Math.max(0, request.retries);

  for (let attempt = 1; ; attempt++) {
    let why: string;
    let retryAfterMs: number | undefined;
    let lastFailure: PostFailure;
    try {
      const response = await doFetch(request.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': request.contentType,
          Accept: 'application/json',
          Authorization: `Bearer ${request.token}`,
          'User-Agent': request.userAgent ?? 'goldpath-events',
        },
        body: request.body,
        // A redirected POST would silently become a GET: report it instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const status = response.status;
      const message = clean(serverMessage(json, text));
      const label = statusText(status, response.statusText);

      if (status >= 200 && status < 300) {
        const result = request.readResult(json);
        if (result !== undefined) {
          return { ok: true, status, result, attempts: attempt };
        }
        return {
          ok: false,
          reason: 'bad-response',
          status,
          message: `${label} is not an answer of ${request.describe.backend}${
            message ? `: ${message}` : ''
          }. Is --url the Backstage backend's base URL?`,
          attempts: attempt,
        };
      }
      if (status >= 300 && status < 400) {
        const location = response.headers.get('location');
        return {
          ok: false,
          reason: 'redirected',
          status,
          message: `${label}: the server redirects${
            location ? ` to ${clean(location)}` : ''
          }; use that URL as --url`,
          attempts: attempt,
        };
      }
      // Backstage answers 404 for a plugin's routes until that plugin has
      // started: a 404 from a backend that is not ready yet is retried.
      const notReady =
        status === 404
          ? await backendNotReady(
              request.endpoint,
              request.describe.pluginId,
              doFetch,
              request.timeoutMs,
            )
          : undefined;
      if (!isRetryableStatus(status) && notReady === undefined) {
        const failure = clientError(
          request.describe,
          status,
          label,
          message,
          json,
        );
        return { ...failure, attempts: attempt };
      }
      why =
        notReady !== undefined
          ? `${label}: the backend is not ready (its readiness check says: ${clean(
              notReady,
            )})`
          : `${label}${message ? `: ${message}` : ''}`;
      retryAfterMs = parseRetryAfter(
        response.headers.get('retry-after'),
        now(),
      );
      lastFailure = {
        ok: false,
        reason: notReady !== undefined ? 'not-found' : 'http',
        status,
        message: why,
        attempts: attempt,
      };
    } catch (error) {
      why = clean(describeNetworkError(error, request.timeoutMs));
      lastFailure = {
        ok: false,
        reason: 'network',
        message: `could not reach ${request.endpoint}: ${why}`,
        attempts: attempt,
      };
    }
    if (attempt >= maxAttempts) {
      return attempt > 1
        ? {
            ...lastFailure,
            message: `${lastFailure.message} (gave up after ${attempt} attempts)`,
          }
        : lastFailure;
    }
    const delayMs = retryAfterMs ?? backoffDelay(attempt - 1, random);
    request.onRetry?.({ attempt, delayMs, why });
    await sleep(delayMs);
  }
}

const DORA_EVENTS: EndpointDescription = {
  backend: 'the Goldpath DORA backend',
  name: 'events endpoint',
  pluginId: 'dora',
  action: 'send events',
  permission: 'dora.events.create',
  refused: (json, label) => {
    const rejected = (json as { error?: { rejected?: unknown } } | undefined)
      ?.error?.rejected;
    if (Array.isArray(rejected) && rejected.length > 0) {
      return {
        ok: false,
        reason: 'rejected',
        status: 400,
        message: `${label}: the backend rejected every event`,
        rejected: rejected as RejectedEvent[],
      };
    }
    return undefined;
  },
};

const POLICY_REPORTS: EndpointDescription = {
  backend: 'the Goldpath policy backend',
  name: 'policy reports endpoint',
  pluginId: 'policy',
  action: 'post policy reports',
  permission: 'policy.reports.create',
};

/** Sends `{"events": [...]}`; never throws for network or HTTP failures. */
export async function postEvents(
  events: readonly object[],
  options: PostOptions,
): Promise<PostResult> {
  return postWithRetries<IngestResult>({
    ...options,
    body: JSON.stringify({ events }),
    contentType: 'application/json',
    describe: DORA_EVENTS,
    readResult: json =>
      isIngestResult(json)
        ? {
            ...json,
            received: json.received ?? events.length,
            optedOut: json.optedOut ?? 0,
          }
        : undefined,
  });
}

/**
 * Sends a policy report as it is (JSON) to `options.endpoint`, which
 * carries the query (`?format=...&entity=...&source=...`, see
 * {@link policyReportUrl}); never throws for network or HTTP failures.
 */
export async function postPolicyReport(
  body: string | Uint8Array,
  options: PostOptions,
): Promise<PolicyPostResult> {
  return postWithRetries<PolicyIngestResult>({
    ...options,
    body,
    contentType: 'application/json',
    describe: POLICY_REPORTS,
    readResult: json => (isPolicyIngestResult(json) ? json : undefined),
  });
}

/** The query of `POST /api/policy/reports`. */
export interface PolicyReportQuery {
  format: string;
  /** The entity every result is about, e.g. `component:default/checkout`. */
  entity: string;
  /** The pipeline that produced the report. */
  source: string;
  /** The repository (`owner/name`) file results belong to. */
  repository?: string;
}

/** `endpoint` (see {@link policyReportsEndpoint}) with the report's query. */
export function policyReportUrl(
  endpoint: string,
  query: PolicyReportQuery,
): string {
  const params = new URLSearchParams();
  params.set('format', query.format);
  params.set('entity', query.entity);
  params.set('source', query.source);
  if (query.repository) params.set('repository', query.repository);
  return `${endpoint}?${params.toString()}`;
}

function clientError(
  describe: EndpointDescription,
  status: number,
  label: string,
  message: string,
  json: unknown,
): Omit<PostFailure, 'attempts'> {
  const detail = message ? ` (${message})` : '';
  switch (status) {
    case 400:
      return (
        describe.refused?.(json, label) ?? {
          ok: false,
          reason: 'rejected',
          status,
          message: `${label}: the backend refused the request${detail}`,
        }
      );
    case 401:
      return {
        ok: false,
        reason: 'unauthorized',
        status,
        message: `${label}: the token is missing or invalid${detail}. Set GOLDPATH_TOKEN (or --token) to a static token of backend.auth.externalAccess in the Backstage configuration.`,
      };
    case 403:
      return {
        ok: false,
        reason: 'forbidden',
        status,
        message: `${label}: the token is not allowed to ${describe.action}${detail}. Its accessRestrictions must include plugin: ${describe.pluginId} (and, if permissions are listed, ${describe.permission}).`,
      };
    case 404:
      return {
        ok: false,
        reason: 'not-found',
        status,
        message: `${label}: no ${describe.name} here${detail}. Is --url the Backstage backend's base URL, with the ${describe.pluginId} backend plugin installed?`,
      };
    case 413:
      return {
        ok: false,
        reason: 'too-large',
        status,
        message: `${label}: the request is too large for the backend${detail}`,
      };
    default:
      return {
        ok: false,
        reason: 'http',
        status,
        message: `${label}${detail}`,
      };
  }
}

/** The lines to print for a failed post. */
export function formatFailure(failure: PostFailure): string[] {
  const lines = [failure.message];
  for (const r of failure.rejected ?? []) {
    lines.push(`  event ${r.index}${r.id ? ` (${r.id})` : ''} was rejected:`);
    for (const e of r.errors ?? []) {
      lines.push(`    ${e.path ? `${e.path}: ` : ''}${e.message}`);
    }
  }
  return lines;
}
