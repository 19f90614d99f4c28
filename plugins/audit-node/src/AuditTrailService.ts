import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEventSeverityLevel,
  AuthService,
  BackstageCredentials,
  DatabaseService,
  DiscoveryService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AuditActorType,
  AuditOutcome,
  AuditRecord,
  AUDIT_MAX_BATCH,
  auditRecordSchema,
  describeAuditIssues,
} from '@goldpath/plugin-audit-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

/**
 * What a plugin says about one action it performed.
 *
 * @public
 */
export interface AuditTrailRecordOptions {
  /** Dotted action, e.g. `policy.report.upload` (see `AUDIT_ACTIONS` of the common package). */
  action: string;
  outcome: AuditOutcome;
  /** The entity the action was about, e.g. `component:default/checkout`. */
  targetEntityRef?: string;
  /**
   * Ties the records of one flow together (a request's created, approved and
   * fulfilled records; a scaffolder task). Default: the record's id.
   */
  correlationId?: string;
  /** Small facts of the action (≤ 4 KB as JSON); no secrets, no personal data. */
  meta?: Record<string, unknown>;
  /**
   * Who acted, from the request's credentials: a user becomes its entity ref,
   * a service principal its subject. Without `credentials` or `actor`, the
   * plugin itself acted (`plugin:<id>`, e.g. a scheduled task).
   */
  credentials?: BackstageCredentials;
  /** Who acted, when there are no credentials (an unauthenticated, signed webhook: `{ type: 'service', ref: 'webhook:github' }`). */
  actor?: { type: AuditActorType; ref: string };
  /** The HTTP request of the action: the auditor event carries it (caller, IP, path at the installation's sink). */
  request?: AuditorServiceCreateEventOptions['request'];
  /** Why a failed or rejected action ended so (for the auditor event; the message is not stored). */
  error?: Error;
  /** The auditor event's severity. Default `medium` (a write). */
  severityLevel?: AuditorServiceEventSeverityLevel;
  /** Default: now. */
  occurredAt?: Date;
  /** Default: a new UUID. Give a stable id (a webhook delivery id) to make repeats one record. */
  id?: string;
}

/**
 * A record that could not be delivered and waits in the dead-letter store.
 *
 * @public
 */
export interface AuditTrailDeadLetter {
  record: AuditRecord;
  attempts: number;
  lastError?: string;
  deadAt: string;
}

/**
 * What one {@link AuditTrailService.flush} did.
 *
 * @public
 */
export interface AuditTrailFlushResult {
  delivered: number;
  /** Failed now, retried later. */
  retrying: number;
  /** Moved to the dead-letter store now. */
  deadLettered: number;
}

/**
 * The audit trail of the calling plugin. `record` sends an action to the
 * installation's audit sink (Backstage's `auditor`) and to the audit plugin's
 * queryable store. Nothing accepted is lost: a record is kept in the calling
 * plugin's database (`audit_trail_outbox`) until the audit plugin confirmed
 * it, retried with backoff, and kept as a dead letter when it cannot be
 * delivered.
 *
 * @public
 */
export interface AuditTrailService {
  /**
   * Records an action. Resolves once the record is stored in the outbox and
   * the auditor event is written; delivery to the audit plugin follows in
   * the background. Throws an `InputError` naming the fields of a record
   * that is invalid (nothing is kept then).
   */
  record(options: AuditTrailRecordOptions): Promise<AuditRecord>;
  /** Delivers due records now (the scheduled task does this every 30 seconds). */
  flush(): Promise<AuditTrailFlushResult>;
  /** The dead letters, oldest first. */
  listDeadLetters(): Promise<AuditTrailDeadLetter[]>;
  /** Puts every dead letter back to be delivered; returns how many. */
  requeueDeadLetters(): Promise<number>;
}

const OUTBOX = 'audit_trail_outbox';
/**
 * The table knex records the outbox migrations in (never the plugin's own).
 *
 * @public
 */
export const AUDIT_TRAIL_MIGRATIONS_TABLE = 'audit_trail_knex_migrations';
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;
/** Statuses that no retry can change: the record goes to the dead letters at once. */
const PERMANENT = new Set([400, 413, 422]);

interface OutboxRow {
  id: string;
  plugin_id: string;
  record: string;
  created_at: number | string;
  attempts: number;
  next_attempt_at: number | string;
  last_error: string | null;
  dead_at: number | string | null;
}

class DeliveryError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** The actor of credentials: a user's entity ref or a service's subject. */
function actorOf(credentials: BackstageCredentials): {
  type: AuditActorType;
  ref: string;
} {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return { type: 'user', ref: principal.userEntityRef };
  }
  if (principal.type === 'service' && principal.subject) {
    return { type: 'service', ref: principal.subject };
  }
  return { type: 'service', ref: 'unauthenticated' };
}

// Plugins that share one database (one knex) in this process migrate the
// outbox once, not concurrently (knex would race creating its own table).
const migrations = new WeakMap<Knex, Promise<void>>();
function migrateOnce(db: Knex): Promise<void> {
  let done = migrations.get(db);
  if (!done) {
    done = db.migrate
      .latest({
        directory: resolvePackagePath(
          '@goldpath/plugin-audit-node',
          'migrations',
        ),
        tableName: AUDIT_TRAIL_MIGRATIONS_TABLE,
      })
      .then(() => undefined);
    done.catch(() => migrations.delete(db));
    migrations.set(db, done);
  }
  return done;
}

/**
 * The default {@link AuditTrailService}.
 *
 * @public
 */
export class DefaultAuditTrailService implements AuditTrailService {
  static async create(options: {
    pluginId: string;
    auditor: AuditorService;
    database: DatabaseService;
    discovery: DiscoveryService;
    auth: AuthService;
    logger: LoggerService;
    /** Failed attempts before a record becomes a dead letter. Default 50 (about two days of hourly retries). */
    maxAttempts?: number;
    fetch?: typeof fetch;
    now?: () => number;
  }): Promise<DefaultAuditTrailService> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await migrateOnce(db);
    }
    return new DefaultAuditTrailService(options, db);
  }

  private readonly now: () => number;
  private readonly fetchFn: typeof fetch;
  private running: Promise<AuditTrailFlushResult> | undefined;
  private pending: Promise<AuditTrailFlushResult> | undefined;

  private constructor(
    private readonly options: {
      pluginId: string;
      auditor: AuditorService;
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      maxAttempts?: number;
      fetch?: typeof fetch;
      now?: () => number;
    },
    private readonly db: Knex,
  ) {
    this.now = options.now ?? Date.now;
    this.fetchFn = options.fetch ?? fetch;
  }

  async record(options: AuditTrailRecordOptions): Promise<AuditRecord> {
    const id = options.id ?? randomUUID();
    const actor =
      options.actor ??
      (options.credentials
        ? actorOf(options.credentials)
        : { type: 'service' as const, ref: `plugin:${this.options.pluginId}` });
    const parsed = auditRecordSchema.safeParse({
      id,
      occurredAt: (options.occurredAt ?? new Date(this.now())).toISOString(),
      actor,
      action: options.action,
      ...(options.targetEntityRef !== undefined
        ? { targetEntityRef: options.targetEntityRef }
        : {}),
      outcome: options.outcome,
      correlationId: options.correlationId ?? id,
      plugin: this.options.pluginId,
      ...(options.meta !== undefined ? { meta: options.meta } : {}),
    });
    if (!parsed.success) {
      throw new InputError(
        `Invalid audit record: ${describeAuditIssues(
          parsed.error,
          'record',
        ).join('; ')}`,
      );
    }
    const record = parsed.data as AuditRecord;
    const now = this.now();
    await this.db(OUTBOX)
      .insert({
        id: record.id,
        plugin_id: this.options.pluginId,
        record: JSON.stringify(record),
        created_at: now,
        attempts: 0,
        next_attempt_at: now,
      })
      .onConflict('id')
      .ignore();

    const event = await this.options.auditor.createEvent({
      eventId: record.action.replace(/\./g, '-'),
      severityLevel: options.severityLevel ?? 'medium',
      ...(options.request ? { request: options.request } : {}),
      meta: {
        auditRecordId: record.id,
        action: record.action,
        correlationId: record.correlationId,
        actor: record.actor,
        ...(record.targetEntityRef
          ? { targetEntityRef: record.targetEntityRef }
          : {}),
        ...(record.meta ? { meta: record.meta as any } : {}),
      },
    });
    if (record.outcome === 'succeeded') {
      await event.success();
    } else {
      await event.fail({
        meta: { outcome: record.outcome },
        error: options.error ?? new Error(`${record.action} ${record.outcome}`),
      });
    }

    // Deliver now when the audit plugin is up; the scheduled flush otherwise.
    this.flush().catch(e =>
      this.options.logger.warn(
        `Could not flush the audit trail outbox: ${(e as Error).message}`,
      ),
    );
    return record;
  }

  flush(): Promise<AuditTrailFlushResult> {
    // One flush at a time per process. A call during a flush gets the next
    // one (which sees every record accepted before the call); calls during
    // that wait share it.
    if (!this.running) {
      this.running = this.flushDue().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    if (!this.pending) {
      this.pending = this.running
        .catch(() => undefined)
        .then(() => {
          this.pending = undefined;
          return this.flush();
        });
    }
    return this.pending;
  }

  private async flushDue(): Promise<AuditTrailFlushResult> {
    const result = { delivered: 0, retrying: 0, deadLettered: 0 };
    for (;;) {
      const rows: OutboxRow[] = await this.db<OutboxRow>(OUTBOX)
        .where('plugin_id', this.options.pluginId)
        .whereNull('dead_at')
        .where('next_attempt_at', '<=', this.now())
        .orderBy([
          { column: 'next_attempt_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(AUDIT_MAX_BATCH);
      if (rows.length === 0) return result;
      try {
        await this.deliver(rows);
        await this.db(OUTBOX)
          .where('plugin_id', this.options.pluginId)
          .whereIn(
            'id',
            rows.map(r => r.id),
          )
          .delete();
        result.delivered += rows.length;
      } catch (e) {
        const error = e as DeliveryError;
        if (error.status !== undefined && PERMANENT.has(error.status)) {
          // One bad record must not hold back the others: send one by one.
          for (const row of rows) {
            try {
              await this.deliver([row]);
              await this.db(OUTBOX)
                .where({ plugin_id: this.options.pluginId, id: row.id })
                .delete();
              result.delivered += 1;
            } catch (single) {
              const s = single as DeliveryError;
              if (s.status !== undefined && PERMANENT.has(s.status)) {
                await this.deadLetter(row, s.message);
                result.deadLettered += 1;
              } else {
                result[await this.retryLater(row, s.message)] += 1;
              }
            }
          }
        } else {
          // The audit plugin is away: every due record waits for its backoff.
          for (const row of rows) {
            result[await this.retryLater(row, error.message)] += 1;
          }
          return result;
        }
      }
    }
  }

  private async retryLater(
    row: OutboxRow,
    message: string,
  ): Promise<'retrying' | 'deadLettered'> {
    const attempts = row.attempts + 1;
    if (attempts >= (this.options.maxAttempts ?? 50)) {
      await this.deadLetter({ ...row, attempts }, message);
      return 'deadLettered';
    }
    const backoff = Math.min(
      BASE_BACKOFF_MS * 2 ** (attempts - 1),
      MAX_BACKOFF_MS,
    );
    await this.db(OUTBOX)
      .where('plugin_id', this.options.pluginId)
      .where('id', row.id)
      .update({
        attempts,
        next_attempt_at: this.now() + backoff,
        last_error: message.slice(0, 1000),
      });
    return 'retrying';
  }

  private async deadLetter(row: OutboxRow, message: string) {
    await this.db(OUTBOX)
      .where('plugin_id', this.options.pluginId)
      .where('id', row.id)
      .update({
        attempts: row.attempts,
        dead_at: this.now(),
        last_error: message.slice(0, 1000),
      });
    this.options.logger.error(
      `Audit record ${row.id} could not be delivered to the audit plugin and is kept as a dead letter in ${OUTBOX}: ${message}`,
    );
  }

  /** POSTs rows to the audit plugin; throws a DeliveryError unless it confirmed every one. */
  private async deliver(rows: OutboxRow[]): Promise<void> {
    let response: Response;
    try {
      const baseUrl = await this.options.discovery.getBaseUrl('audit');
      const { token } = await this.options.auth.getPluginRequestToken({
        onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
        targetPluginId: 'audit',
      });
      response = await this.fetchFn(`${baseUrl}/records`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ records: rows.map(r => JSON.parse(r.record)) }),
      });
    } catch (e) {
      throw new DeliveryError(
        `the audit plugin could not be reached: ${(e as Error).message}`,
      );
    }
    if (!response.ok) {
      let detail = '';
      try {
        detail = (await response.json())?.error?.message ?? '';
      } catch {
        // no JSON error body
      }
      throw new DeliveryError(
        `the audit plugin answered ${response.status}${
          detail ? `: ${detail}` : ''
        }`,
        response.status,
      );
    }
    const body = (await response.json().catch(() => undefined)) as
      | { stored?: unknown; duplicates?: unknown }
      | undefined;
    const confirmed = new Set([
      ...(Array.isArray(body?.stored) ? body!.stored : []),
      ...(Array.isArray(body?.duplicates) ? body!.duplicates : []),
    ]);
    if (rows.some(r => !confirmed.has(r.id))) {
      throw new DeliveryError(
        'the audit plugin answered without confirming every record',
      );
    }
  }

  async listDeadLetters(): Promise<AuditTrailDeadLetter[]> {
    const rows: OutboxRow[] = await this.db<OutboxRow>(OUTBOX)
      .where('plugin_id', this.options.pluginId)
      .whereNotNull('dead_at')
      .orderBy([
        { column: 'dead_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(r => ({
      record: JSON.parse(r.record),
      attempts: r.attempts,
      ...(r.last_error ? { lastError: r.last_error } : {}),
      deadAt: new Date(Number(r.dead_at)).toISOString(),
    }));
  }

  async requeueDeadLetters(): Promise<number> {
    return this.db(OUTBOX)
      .where('plugin_id', this.options.pluginId)
      .whereNotNull('dead_at')
      .update({ dead_at: null, attempts: 0, next_attempt_at: this.now() });
  }
}
