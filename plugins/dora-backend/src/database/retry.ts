/**
 * Bounded retries of the database errors a concurrent writer can meet and
 * that succeed when the transaction simply runs again: PostgreSQL's
 * serialization failures (`40001`) and deadlocks (`40P01`), and SQLite's
 * "database is busy" (`SQLITE_BUSY` and its extended codes).
 */

/** How {@link withRetry} retries. */
export interface RetryOptions {
  /** Attempts in all, the first one included (default 5). */
  attempts?: number;
  /** The backoff before the second attempt, doubled for each further one (default 25 ms). */
  baseDelayMs?: number;
  /** The largest backoff (default 1 s). */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Waits (default a timer); tests pass their own. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE_CODES = new Set(['40001', '40P01']);

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

/**
 * Whether an error is a transient conflict between concurrent transactions:
 * a serialization failure or deadlock on PostgreSQL, a busy database on
 * SQLite. The error may come straight from the driver or be wrapped once
 * (`cause`); it may come from another realm, so codes are compared, never
 * classes.
 */
export function isRetryableDatabaseError(error: unknown): boolean {
  for (const candidate of [
    error,
    typeof error === 'object' && error !== null
      ? (error as { cause?: unknown }).cause
      : undefined,
  ]) {
    const code = codeOf(candidate);
    if (typeof code !== 'string') continue;
    if (RETRYABLE_CODES.has(code) || code.startsWith('SQLITE_BUSY')) {
      return true;
    }
  }
  return false;
}

/**
 * The backoff before attempt `attempt + 1` (after `attempt` failures):
 * "full jitter", a uniform draw in [0, min(max, base * 2^(attempt - 1))).
 */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {},
): number {
  const base = options.baseDelayMs ?? 25;
  const max = options.maxDelayMs ?? 1000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

const timer = (ms: number) =>
  new Promise<void>(resolve => {
    setTimeout(resolve, ms);
  });

/**
 * Runs `fn`, and runs it again after a jittered backoff while it fails with
 * a retryable database error ({@link isRetryableDatabaseError}), at most
 * `attempts` times in all; then the last error is thrown as it is. Any
 * other error is thrown at once. `fn` must be a whole transaction (or a
 * single statement), so that a failed attempt left nothing behind.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 5));
  const sleep = options.sleep ?? timer;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryableDatabaseError(error)) {
        throw error;
      }
      await sleep(backoffDelay(attempt, options));
    }
  }
}
