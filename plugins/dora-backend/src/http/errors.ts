import { CustomErrorBase, InputError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';
import { IngestResult } from '@goldpath/plugin-dora-common';

/**
 * No event of a request was valid: a 400 whose body lists every rejected
 * event with its index and field-level reasons (`error.rejected`).
 */
export class InvalidEventsError extends InputError {
  readonly rejected: IngestResult['rejected'];

  constructor(rejected: IngestResult['rejected']) {
    const shown = rejected
      .slice(0, 5)
      .map(
        r =>
          `event ${r.index}: ${r.errors
            .map(e => (e.path ? `${e.path} ${e.message}` : e.message))
            .join('; ')}`,
      )
      .join(' | ');
    super(
      `No valid events in the request (${rejected.length} rejected): ${shown}${
        rejected.length > 5 ? ' | …' : ''
      }`,
    );
    this.name = 'InputError';
    this.rejected = rejected;
  }
}

/** A request larger than the configured limits: 413. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}

/** Seconds a client is asked to wait when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 30;

/**
 * The database cannot be reached: a 503 with `Retry-After`. Nothing of the
 * request was written (every write is one transaction).
 */
export class DatabaseUnavailableError extends CustomErrorBase {
  readonly statusCode = 503;
  readonly retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now
  '57P01',
  '57P02',
  '57P03',
  // PostgreSQL connection exceptions, too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  // SQLite: another writer holds the database
  'SQLITE_BUSY',
]);

const UNAVAILABLE_MESSAGES = [
  /Knex: Timeout acquiring a connection/i,
  /Connection terminated/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /Client has encountered a connection error/i,
];

/**
 * Whether an error says the database is unreachable (refused or lost
 * connection, pool timeout, server shutting down or starting) rather than
 * that a query was wrong. Looks through `cause` and aggregated errors.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (error instanceof DatabaseUnavailableError) return true;
  const e = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (
    typeof e.message === 'string' &&
    UNAVAILABLE_MESSAGES.some(m => m.test(e.message as string))
  ) {
    return true;
  }
  if (
    Array.isArray(e.errors) &&
    e.errors.some(x => isDatabaseUnavailable(x, depth + 1))
  ) {
    return true;
  }
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * Error middleware for the plugin's router: a database that cannot be
 * reached answers 503 with `Retry-After` (through Backstage's error
 * handler, with its usual error body); other errors pass on unchanged.
 */
export function databaseUnavailableHandler(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (!res.headersSent && isDatabaseUnavailable(error)) {
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      next(
        error instanceof DatabaseUnavailableError
          ? error
          : new DatabaseUnavailableError(
              'The database is unavailable; nothing was stored, try again later',
              error,
            ),
      );
      return;
    }
    next(error);
  };
}
