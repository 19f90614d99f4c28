import { InputError } from '@backstage/errors';
import {
  PolicySummaryEntry,
  PolicySummaryResponse,
  emptySeverityCounts,
} from '@goldpath/plugin-policy-common';
import { PolicyStore, SummaryPosition } from '../database/PolicyStore';

/** Entries per answer; a reader that gets a full page asks again with the cursor. */
export const SUMMARY_PAGE = 1000;
/**
 * How far behind the present a cursor stays: a transaction that set a row's
 * `updated_at` and commits up to this much later (or a replica whose clock is
 * this much behind) is still read. Rows in the window are sent again.
 */
export const SUMMARY_OVERLAP_MS = 2 * 60_000;

const CURSOR_PREFIX = 'v1.';

/** Encodes a stream position as an opaque cursor. */
export function encodeCursor(position: SummaryPosition): string {
  return (
    CURSOR_PREFIX +
    Buffer.from(
      JSON.stringify([position.updatedAt, position.entityRef]),
    ).toString('base64url')
  );
}

/** Decodes a cursor; an `InputError` (400) for anything that is none. */
export function decodeCursor(cursor: string): SummaryPosition {
  const fail = () =>
    new InputError(
      'Invalid query: query.since is not a cursor of this endpoint (pass the cursor of an earlier answer, or none)',
    );
  if (!cursor.startsWith(CURSOR_PREFIX)) throw fail();
  try {
    const value = JSON.parse(
      Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString(
        'utf8',
      ),
    );
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      value[0] >= 0 &&
      typeof value[1] === 'string'
    ) {
      return { updatedAt: value[0], entityRef: value[1] };
    }
  } catch {
    // fall through
  }
  throw fail();
}

/**
 * The summary stream for the catalog processor: entries in (updatedAt,
 * entityRef) order after the cursor. The cursor never moves past "now minus
 * the overlap", so rows of transactions that were still open when the reader
 * looked are read next time (and some entries repeat; they are idempotent).
 */
export class SummaryService {
  static create(options: {
    store: PolicyStore;
    now?: () => number;
    overlapMillis?: number;
    pageSize?: number;
  }): SummaryService {
    return new SummaryService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof SummaryService.create>[0],
  ) {}

  async read(options: { since?: string }): Promise<PolicySummaryResponse> {
    const since = options.since ? decodeCursor(options.since) : undefined;
    const now = this.options.now?.() ?? Date.now();
    const overlap = this.options.overlapMillis ?? SUMMARY_OVERLAP_MS;
    const limit = this.options.pageSize ?? SUMMARY_PAGE;
    const rows = await this.options.store.listSummaryChanges({
      after: since,
      limit,
    });
    const entries: PolicySummaryEntry[] = [];
    const removed: string[] = [];
    for (const row of rows) {
      if (row.status === null) {
        removed.push(row.entityRef);
        continue;
      }
      entries.push({
        entityRef: row.entityRef,
        status: row.status,
        violationsBySeverity: row.violationsBySeverity ?? emptySeverityCounts(),
        excepted: row.excepted,
        lastAudit: new Date(row.lastAuditAt ?? row.updatedAt).toISOString(),
        updatedAt: new Date(row.updatedAt).toISOString(),
      });
    }
    const start: SummaryPosition = since ?? { updatedAt: 0, entityRef: '' };
    const last = rows.length
      ? {
          updatedAt: rows[rows.length - 1].updatedAt,
          entityRef: rows[rows.length - 1].entityRef,
        }
      : start;
    const safe: SummaryPosition = {
      updatedAt: Math.max(0, now - overlap),
      entityRef: '',
    };
    // Never past the safe point, never back behind the reader's own cursor.
    // (Only times are compared here: the order of refs is the database's.)
    let next = last.updatedAt >= safe.updatedAt ? safe : last;
    if (start.updatedAt > next.updatedAt) next = start;
    return { entries, removed, cursor: encodeCursor(next) };
  }
}
