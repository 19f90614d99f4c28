import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  AuditActorType,
  AuditOutcome,
  AuditRecord,
} from '@goldpath/plugin-audit-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@goldpath/plugin-audit-backend',
  'migrations',
);

/** The table knex records the audit plugin's migrations in. */
export const MIGRATIONS_TABLE = 'audit_knex_migrations';

const TABLE = 'audit_records';

/** What a page of records is filtered by; every field is an exact match except `actionPrefix`. */
export interface AuditFilter {
  /** Any of these actor refs (a user's ref and its pseudonym). */
  actorRefs?: string[];
  actorType?: AuditActorType;
  entityRef?: string;
  /** The action itself and every action below it (`requests` → `requests.request.created`). */
  actionPrefix?: string;
  outcome?: AuditOutcome;
  correlationId?: string;
  /** Epoch ms, inclusive. */
  fromMillis?: number;
  /** Epoch ms, exclusive. */
  toMillis?: number;
}

/** A position in the newest-first order: the last row of the previous page. */
export interface AuditCursor {
  occurredAt: number;
  seq: number;
}

interface Row {
  seq: number | string;
  id: string;
  occurred_at: number | string;
  received_at: number | string;
  actor_type: string;
  actor_ref: string;
  action: string;
  target_entity_ref: string | null;
  outcome: string;
  correlation_id: string;
  plugin: string;
  meta: string | null;
}

function toRecord(row: Row): AuditRecord {
  return {
    id: row.id,
    occurredAt: new Date(Number(row.occurred_at)).toISOString(),
    actor: { type: row.actor_type as AuditActorType, ref: row.actor_ref },
    action: row.action,
    ...(row.target_entity_ref
      ? { targetEntityRef: row.target_entity_ref }
      : {}),
    outcome: row.outcome as AuditOutcome,
    correlationId: row.correlation_id,
    plugin: row.plugin,
    ...(row.meta ? { meta: JSON.parse(row.meta) } : {}),
  };
}

/** Encodes a cursor as opaque URL-safe text. */
export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.occurredAt}.${cursor.seq}`, 'utf8').toString(
    'base64url',
  );
}

/** Decodes a cursor; undefined for text that is none. */
export function decodeCursor(text: string): AuditCursor | undefined {
  const match = /^(\d{1,16})\.(\d{1,19})$/.exec(
    Buffer.from(text, 'base64url').toString('utf8'),
  );
  if (!match) return undefined;
  const cursor = { occurredAt: Number(match[1]), seq: Number(match[2]) };
  return Number.isSafeInteger(cursor.occurredAt) &&
    Number.isSafeInteger(cursor.seq)
    ? cursor
    : undefined;
}

/** The audit plugin's store (knex: SQLite and PostgreSQL). */
export class AuditStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<AuditStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new AuditStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Stores records, in one transaction. A record whose id is stored already
   * (a redelivery) is left as it is and reported as a duplicate.
   */
  async insert(
    records: readonly AuditRecord[],
    receivedAt: number,
  ): Promise<{ stored: string[]; duplicates: string[] }> {
    const unique = new Map<string, AuditRecord>();
    const duplicates: string[] = [];
    for (const record of records) {
      if (unique.has(record.id)) duplicates.push(record.id);
      else unique.set(record.id, record);
    }
    return this.db.transaction(async tx => {
      const existing = new Set(
        (
          await tx(TABLE)
            .whereIn('id', [...unique.keys()])
            .select('id')
        ).map((r: { id: string }) => r.id),
      );
      const fresh = [...unique.values()].filter(r => !existing.has(r.id));
      if (fresh.length > 0) {
        await tx(TABLE)
          .insert(
            fresh.map(r => ({
              id: r.id,
              occurred_at: Date.parse(r.occurredAt),
              received_at: receivedAt,
              actor_type: r.actor.type,
              actor_ref: r.actor.ref,
              action: r.action,
              target_entity_ref: r.targetEntityRef ?? null,
              outcome: r.outcome,
              correlation_id: r.correlationId,
              plugin: r.plugin,
              meta: r.meta ? JSON.stringify(r.meta) : null,
            })),
          )
          .onConflict('id')
          .ignore();
      }
      return {
        stored: fresh.map(r => r.id),
        duplicates: [...duplicates, ...[...existing]],
      };
    });
  }

  /** One page of records, newest first (ties in insertion order, newest first). */
  async query(
    filter: AuditFilter,
    page: { cursor?: AuditCursor; limit: number },
  ): Promise<{ items: AuditRecord[]; next?: AuditCursor }> {
    const q = this.db<Row>(TABLE);
    if (filter.actorRefs) q.whereIn('actor_ref', filter.actorRefs);
    if (filter.actorType) q.where('actor_type', filter.actorType);
    if (filter.entityRef) q.where('target_entity_ref', filter.entityRef);
    if (filter.outcome) q.where('outcome', filter.outcome);
    if (filter.correlationId) q.where('correlation_id', filter.correlationId);
    if (filter.actionPrefix) {
      // Actions hold only [a-z0-9.-]: nothing in them is a LIKE wildcard.
      const prefix = filter.actionPrefix;
      q.where(b =>
        b.where('action', prefix).orWhere('action', 'like', `${prefix}.%`),
      );
    }
    if (filter.fromMillis !== undefined) {
      q.where('occurred_at', '>=', filter.fromMillis);
    }
    if (filter.toMillis !== undefined) {
      q.where('occurred_at', '<', filter.toMillis);
    }
    const cursor = page.cursor;
    if (cursor) {
      q.where(b =>
        b
          .where('occurred_at', '<', cursor.occurredAt)
          .orWhere(c =>
            c
              .where('occurred_at', cursor.occurredAt)
              .andWhere('seq', '<', cursor.seq),
          ),
      );
    }
    const rows: Row[] = await q
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'seq', order: 'desc' },
      ])
      .limit(page.limit + 1)
      .select('*');
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toRecord),
      ...(rows.length > page.limit && last
        ? {
            next: {
              occurredAt: Number(last.occurred_at),
              seq: Number(last.seq),
            },
          }
        : {}),
    };
  }

  /**
   * Deletes up to `batchSize` records that happened before `beforeMillis`,
   * oldest first; returns how many went. Call again until it returns less
   * than `batchSize`.
   */
  async purgeBatch(beforeMillis: number, batchSize: number): Promise<number> {
    return this.db.transaction(async tx => {
      const seqs = (
        await tx(TABLE)
          .where('occurred_at', '<', beforeMillis)
          .orderBy([
            { column: 'occurred_at', order: 'asc' },
            { column: 'seq', order: 'asc' },
          ])
          .limit(batchSize)
          .select('seq')
      ).map((r: { seq: number | string }) => Number(r.seq));
      if (seqs.length === 0) return 0;
      await tx(TABLE).whereIn('seq', seqs).delete();
      return seqs.length;
    });
  }
}
