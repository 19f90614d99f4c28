/**
 * Posts events to the Goldpath DORA backend (`POST /api/dora/events`),
 * retrying what may succeed later: network errors, timeouts, 408, 429 and
 * 5xx, with exponential backoff and jitter, honouring `Retry-After`.
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

export type PostResult =
  | { ok: true; status: number; result: IngestResult; attempts: number }
  | {
      ok: false;
      reason: FailureReason;
      /** The HTTP status, when there was an answer. */
      status?: number;
      /** What went wrong, in words (without the token). */
      message: string;
      /** For 400: every refused event with its field errors. */
      rejected?: RejectedEvent[];
      attempts: number;
    };

export type Fetch = typeof globalThis.fetch;

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

function statusText(status: number, text: string) {
  return text ? `${status} ${text}` : String(status);
}

/** Sends `{"events": [...]}`; never throws for network or HTTP failures. */
export async function postEvents(
  events: readonly object[],
  options: PostOptions,
): Promise<PostResult> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const body = JSON.stringify({ events });
  const clean = (text: string) => redact(text, options.token);
  const maxAttempts = 1 + Math.max(0, options.retries);

  for (let attempt = 1; ; attempt++) {
    let why: string;
    let retryAfterMs: number | undefined;
    let lastFailure: PostResult;
    try {
      const response = await doFetch(options.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: `Bearer ${options.token}`,
          'User-Agent': options.userAgent ?? 'goldpath-events',
        },
        body,
        // A redirected POST would silently become a GET: report it instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
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
        if (isIngestResult(json)) {
          return {
            ok: true,
            status,
            result: {
              ...json,
              received: json.received ?? events.length,
              optedOut: json.optedOut ?? 0,
            },
            attempts: attempt,
          };
        }
        return {
          ok: false,
          reason: 'bad-response',
          status,
          message: `${label} is not an answer of the Goldpath DORA backend${
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
      if (!isRetryableStatus(status)) {
        const failure = clientError(status, label, message, json);
        return { ...failure, attempts: attempt };
      }
      why = `${label}${message ? `: ${message}` : ''}`;
      retryAfterMs = parseRetryAfter(
        response.headers.get('retry-after'),
        now(),
      );
      lastFailure = {
        ok: false,
        reason: 'http',
        status,
        message: why,
        attempts: attempt,
      };
    } catch (error) {
      why = clean(describeNetworkError(error, options.timeoutMs));
      lastFailure = {
        ok: false,
        reason: 'network',
        message: `could not reach ${options.endpoint}: ${why}`,
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
    options.onRetry?.({ attempt, delayMs, why });
    await sleep(delayMs);
  }
}

function clientError(
  status: number,
  label: string,
  message: string,
  json: unknown,
): Omit<Extract<PostResult, { ok: false }>, 'attempts'> {
  const detail = message ? ` (${message})` : '';
  switch (status) {
    case 400: {
      const rejected = (json as { error?: { rejected?: unknown } } | undefined)
        ?.error?.rejected;
      if (Array.isArray(rejected) && rejected.length > 0) {
        return {
          ok: false,
          reason: 'rejected',
          status,
          message: `${label}: the backend rejected every event`,
          rejected: rejected as RejectedEvent[],
        };
      }
      return {
        ok: false,
        reason: 'rejected',
        status,
        message: `${label}: the backend refused the request${detail}`,
      };
    }
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
        message: `${label}: the token is not allowed to send events${detail}. Its accessRestrictions must include plugin: dora (and, if permissions are listed, dora.events.create).`,
      };
    case 404:
      return {
        ok: false,
        reason: 'not-found',
        status,
        message: `${label}: no events endpoint here${detail}. Is --url the Backstage backend's base URL, with the dora backend plugin installed?`,
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
export function formatFailure(
  failure: Extract<PostResult, { ok: false }>,
): string[] {
  const lines = [failure.message];
  for (const r of failure.rejected ?? []) {
    lines.push(`  event ${r.index}${r.id ? ` (${r.id})` : ''} was rejected:`);
    for (const e of r.errors ?? []) {
      lines.push(`    ${e.path ? `${e.path}: ` : ''}${e.message}`);
    }
  }
  return lines;
}
