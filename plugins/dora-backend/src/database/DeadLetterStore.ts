import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { migrateDoraDatabase } from './migrations';

const TABLE = 'dora_dead_letters';

/** The largest payload kept (GitHub's documented webhook maximum, 25 MB). */
export const MAX_DEAD_LETTER_PAYLOAD_BYTES = 25 * 1024 * 1024;
const MAX_REASON_CHARS = 2000;

/** What a dead letter holds: the events-bus event, as it was published. */
export interface DeadLetterEvent {
  topic: string;
  eventPayload: unknown;
  metadata?: Record<string, string | string[] | undefined>;
}

/** A stored dead letter. */
export interface DeadLetter {
  id: string;
  source: string;
  topic: string;
  /** Absent when the event was larger than the bound (it cannot be replayed). */
  event?: DeadLetterEvent;
  payloadBytes: number;
  reason: string;
  attempts: number;
  firstFailedAt: number;
  lastFailedAt: number;
  replayedAt?: number;
}

/** A keyset position in the listing (first failure, then id). */
export interface DeadLetterCursor {
  firstFailedAt: number;
  id: string;
}

const bounded = (reason: string) =>
  reason.length > MAX_REASON_CHARS
    ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…`
    : reason;

function toDeadLetter(r: any, withEvent: boolean): DeadLetter {
  return {
    id: r.id,
    source: r.source,
    topic: r.topic,
    ...(withEvent && r.payload !== null && r.payload !== undefined
      ? { event: JSON.parse(r.payload) }
      : {}),
    payloadBytes: Number(r.payload_bytes),
    reason: r.reason,
    attempts: Number(r.attempts),
    firstFailedAt: Number(r.first_failed_at),
    lastFailedAt: Number(r.last_failed_at),
    ...(r.replayed_at !== null && r.replayed_at !== undefined
      ? { replayedAt: Number(r.replayed_at) }
      : {}),
  };
}

/**
 * Events taken from the events bus that could not be stored after the
 * in-process retries (`dora_dead_letters`): kept with the reason, listed by
 * the API and replayed by a scheduled task, which deletes an entry once it
 * is stored.
 */
export class DeadLetterStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DeadLetterStore> {
    const client = await options.database.getClient();
    await migrateDoraDatabase(options.database, client);
    return new DeadLetterStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** Keeps an event that could not be stored. */
  async add(options: {
    source: string;
    event: DeadLetterEvent;
    reason: string;
    attempts: number;
    failedAt: number;
  }): Promise<DeadLetter> {
    const json = JSON.stringify(options.event);
    const bytes = Buffer.byteLength(json, 'utf8');
    const tooLarge = bytes > MAX_DEAD_LETTER_PAYLOAD_BYTES;
    const row = {
      id: randomUUID(),
      source: options.source,
      topic: options.event.topic.slice(0, 255),
      payload: tooLarge ? null : json,
      payload_bytes: bytes,
      reason: bounded(
        tooLarge
          ? `${options.reason} (the payload of ${bytes} bytes is larger than ${MAX_DEAD_LETTER_PAYLOAD_BYTES} and was not kept)`
          : options.reason,
      ),
      attempts: options.attempts,
      first_failed_at: options.failedAt,
      last_failed_at: options.failedAt,
      replayed_at: null,
    };
    await this.db(TABLE).insert(row);
    return toDeadLetter(row, false);
  }

  /** A page of dead letters, oldest first failure first, without payloads. */
  async list(options: {
    limit: number;
    after?: DeadLetterCursor;
  }): Promise<{ items: DeadLetter[]; next?: DeadLetterCursor }> {
    let query = this.db(TABLE)
      .select(
        'id',
        'source',
        'topic',
        'payload_bytes',
        'reason',
        'attempts',
        'first_failed_at',
        'last_failed_at',
        'replayed_at',
      )
      .orderBy([{ column: 'first_failed_at' }, { column: 'id' }])
      .limit(options.limit + 1);
    if (options.after) {
      const { firstFailedAt, id } = options.after;
      query = query.where(q =>
        q
          .where('first_failed_at', '>', firstFailedAt)
          .orWhere(q2 =>
            q2.where('first_failed_at', firstFailedAt).andWhere('id', '>', id),
          ),
      );
    }
    const rows = await query;
    const items = rows.slice(0, options.limit).map(r => toDeadLetter(r, false));
    const last = items[items.length - 1];
    return {
      items,
      ...(rows.length > options.limit && last
        ? { next: { firstFailedAt: last.firstFailedAt, id: last.id } }
        : {}),
    };
  }

  /**
   * The entries to replay, with their events: those longest since their
   * last failure first (read through the `(last_failed_at, id)` index).
   * Entries whose payload was not kept cannot be replayed and are skipped.
   */
  async due(options: { limit: number }): Promise<DeadLetter[]> {
    const rows = await this.db(TABLE)
      .whereNotNull('payload')
      .orderBy([{ column: 'last_failed_at' }, { column: 'id' }])
      .limit(options.limit);
    return rows.map(r => toDeadLetter(r, true));
  }

  /** A replay failed again. */
  async failedAgain(id: string, options: { reason: string; at: number }) {
    await this.db(TABLE)
      .where({ id })
      .update({
        reason: bounded(options.reason),
        last_failed_at: options.at,
        replayed_at: options.at,
        attempts: this.db.raw('attempts + 1'),
      });
  }

  /** A replay stored the event: the entry is done. */
  async remove(id: string): Promise<void> {
    await this.db(TABLE).where({ id }).delete();
  }
}
