import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  DeliveryEvent,
  ModelHealthEvent,
  ScaffoldEvent,
  TicketEvent,
} from '@goldpath/plugin-dora-common';
import { Knex } from 'knex';
import {
  DoraStore,
  ScorecardSnapshot,
  UnresolvedEvent,
  UnresolvedIdentity,
} from './DoraStore';
import { eventToRow, rowToEvent } from './mappers';
import { migrateDoraDatabase } from './migrations';
import { withRetry } from './retry';

/**
 * Lock order: every multi-row write touches its rows in one order, the same
 * for every writer and replica (events by id, service versions by service
 * ref, snapshots by their key, code-unit order), so overlapping batches wait
 * for each other instead of deadlocking. Conflicts that remain (a deadlock
 * against another kind of write, a busy SQLite) run the transaction again
 * ({@link withRetry}).
 */
function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bind-parameter limits. */
const CHUNK = 500;

/** Rows a retention purge deletes per transaction. */
const PURGE_BATCH = 5_000;

const WEEK_MS = 7 * 86_400_000;
/** 1970-01-05, the first Monday after the epoch. */
const MONDAY_OFFSET_MS = 4 * 86_400_000;

/**
 * The knex implementation of {@link DoraStore}, for SQLite and PostgreSQL.
 */
export class DatabaseDoraStore implements DoraStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDoraStore> {
    const client = await options.database.getClient();
    await migrateDoraDatabase(options.database, client);
    return new DatabaseDoraStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * A transaction, run again after a deadlock, a serialization failure or a
   * busy SQLite, a bounded number of times (see `retry.ts`). `fn` may run
   * more than once: it must keep its results inside and return them. Inside
   * an outer transaction (a store made on one) it is a savepoint, never
   * retried by itself: the aborted transaction is the outer one, and the
   * outermost store retries it whole.
   */
  private transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>) {
    return this.retried(() => this.db.transaction(fn));
  }

  /** {@link withRetry}, unless this store runs inside a transaction. */
  private retried<T>(fn: () => Promise<T>): Promise<T> {
    return (this.db as { isTransaction?: boolean }).isTransaction
      ? fn()
      : withRetry(fn);
  }

  async insertEvents(options: {
    events: readonly DeliveryEvent[];
    receivedAt: number;
  }): Promise<{ inserted: number }> {
    if (options.events.length === 0) {
      return { inserted: 0 };
    }
    // By id (stable: of repeated ids in one batch, the first still wins).
    const events = [...options.events].sort((a, b) => byCodeUnits(a.id, b.id));
    return this.transaction(async tx => {
      let inserted = 0;
      const services = new Set<string>();
      for (let i = 0; i < events.length; i += CHUNK) {
        const rows = events
          .slice(i, i + CHUNK)
          .map(e => eventToRow(e, options.receivedAt));
        // Ids already stored are skipped by the conflict clause (first write
        // wins); RETURNING names exactly the rows this call stored.
        const stored: Array<{ service_ref: string | null; type: string }> =
          await tx('dora_events')
            .insert(rows)
            .onConflict('id')
            .ignore()
            .returning(['service_ref', 'type']);
        inserted += stored.length;
        for (const r of stored) {
          // Model-health telemetry changes no scorecard: snapshots stay valid.
          if (r.service_ref && r.type !== 'model_health') {
            services.add(r.service_ref);
          }
        }
      }
      await this.bumpVersions(tx, [...services], options.receivedAt);
      return { inserted };
    });
  }

  async insertDelivery(options: {
    events: readonly DeliveryEvent[];
    unresolved: readonly UnresolvedEvent[];
    receivedAt: number;
  }): Promise<{ inserted: number; unresolvedInserted: number }> {
    // One transaction; the two writes run as savepoints inside it.
    return this.transaction(async tx => {
      const inner = new DatabaseDoraStore(tx);
      const { inserted } = await inner.insertEvents(options);
      const kept = await inner.insertUnresolved(options.unresolved);
      return { inserted, unresolvedInserted: kept.inserted };
    });
  }

  async listServiceEvents(options: {
    service: string;
    from?: number;
    before?: number;
    types?: readonly string[];
  }): Promise<DeliveryEvent[]> {
    let query = this.db('dora_events')
      .where('service_ref', options.service)
      .orderBy([
        { column: 'occurred_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('event');
    if (options.from !== undefined) {
      query = query.where('occurred_at', '>=', options.from);
    }
    if (options.before !== undefined) {
      query = query.where('occurred_at', '<', options.before);
    }
    if (options.types) {
      query = query.whereIn('type', options.types as string[]);
    }
    const rows: Array<{ event: string }> = await query;
    return rows.map(rowToEvent);
  }

  async getServiceVersions(): Promise<Map<string, number>> {
    const rows: Array<{ service_ref: string; version: number | string }> =
      await this.db('dora_service_state').select('service_ref', 'version');
    return new Map(rows.map(r => [r.service_ref, Number(r.version)]));
  }

  async getSnapshots(options: {
    windowDays: number;
    asOf: number;
    services?: readonly string[];
  }): Promise<ScorecardSnapshot[]> {
    let query = this.db('dora_scorecard_snapshots')
      .where({ window_days: options.windowDays, as_of: options.asOf })
      .select('service_ref', 'options_key', 'version', 'scorecard');
    if (options.services) {
      if (options.services.length === 0) return [];
      if (options.services.length <= CHUNK) {
        query = query.whereIn('service_ref', options.services as string[]);
      }
    }
    const wanted = options.services ? new Set(options.services) : undefined;
    const rows: Array<{
      service_ref: string;
      options_key: string;
      version: number | string;
      scorecard: string;
    }> = await query;
    return rows
      .filter(r => !wanted || wanted.has(r.service_ref))
      .map(r => ({
        service: r.service_ref,
        windowDays: options.windowDays,
        asOf: options.asOf,
        optionsKey: r.options_key,
        version: Number(r.version),
        scorecard: JSON.parse(r.scorecard),
      }));
  }

  async getLatestSnapshots(options: {
    windowDays: number;
    since: number;
    before: number;
    services: readonly string[];
  }): Promise<ScorecardSnapshot[]> {
    const newest = new Map<string, ScorecardSnapshot>();
    for (let i = 0; i < options.services.length; i += CHUNK) {
      const rows: Array<{
        service_ref: string;
        as_of: number | string;
        options_key: string;
        version: number | string;
        scorecard: string;
      }> = await this.db('dora_scorecard_snapshots')
        .where('window_days', options.windowDays)
        .where('as_of', '>=', options.since)
        .where('as_of', '<=', options.before)
        .whereIn(
          'service_ref',
          options.services.slice(i, i + CHUNK) as string[],
        )
        .select('service_ref', 'as_of', 'options_key', 'version', 'scorecard');
      for (const r of rows) {
        const key = `${r.service_ref}\u0000${r.options_key}`;
        const asOf = Number(r.as_of);
        const seen = newest.get(key);
        if (seen && seen.asOf >= asOf) continue;
        newest.set(key, {
          service: r.service_ref,
          windowDays: options.windowDays,
          asOf,
          optionsKey: r.options_key,
          version: Number(r.version),
          scorecard: r.scorecard as unknown as ScorecardSnapshot['scorecard'],
        });
      }
    }
    return [...newest.values()].map(s => ({
      ...s,
      scorecard: JSON.parse(s.scorecard as unknown as string),
    }));
  }

  async putSnapshots(input: readonly ScorecardSnapshot[]): Promise<void> {
    const now = Date.now();
    // One row per key (the last given wins; PostgreSQL refuses to update a
    // row twice in one statement), in key order.
    const keyOf = (s: ScorecardSnapshot) =>
      [s.service, s.windowDays, s.asOf, s.optionsKey].join('\u0000');
    const byKey = new Map<string, ScorecardSnapshot>();
    for (const s of input) byKey.set(keyOf(s), s);
    const snapshots = [...byKey.values()].sort(
      (a, b) =>
        byCodeUnits(a.service, b.service) ||
        a.windowDays - b.windowDays ||
        a.asOf - b.asOf ||
        byCodeUnits(a.optionsKey, b.optionsKey),
    );
    await this.transaction(async tx => {
      for (let i = 0; i < snapshots.length; i += CHUNK) {
        await tx('dora_scorecard_snapshots')
          .insert(
            snapshots.slice(i, i + CHUNK).map(s => ({
              service_ref: s.service,
              window_days: s.windowDays,
              as_of: s.asOf,
              options_key: s.optionsKey,
              version: s.version,
              scorecard: JSON.stringify(s.scorecard),
              computed_at: now,
            })),
          )
          .onConflict(['service_ref', 'window_days', 'as_of', 'options_key'])
          .merge(['version', 'scorecard', 'computed_at']);
      }
    });
  }

  async pruneSnapshots(options: {
    before: number;
    keepWeeklyAfter: number;
    weeklyWindowDays?: number;
    otherWindowsBefore?: number;
    futureAfter?: number;
  }): Promise<number> {
    // Every key goes once its instant or its computation is before `before`
    // (any window, past or future instant), except the weekly snapshots (of the default window, when
    // given) newer than `keepWeeklyAfter`; other windows' go sooner, and
    // instants beyond the allowed future skew at once. Read through the
    // `computed_at` and `(as_of, window_days)` indexes.
    const weekly = options.weeklyWindowDays;
    // Each delete is retried alone: it may meet a concurrent putSnapshots.
    let deleted = await this.retried(() =>
      this.db('dora_scorecard_snapshots')
        .where(q =>
          q
            .where('as_of', '<', options.before)
            .orWhere('computed_at', '<', options.before),
        )
        .andWhere(q => {
          q.whereRaw('as_of % ? <> ?', [WEEK_MS, MONDAY_OFFSET_MS]).orWhere(
            'as_of',
            '<',
            options.keepWeeklyAfter,
          );
          if (weekly !== undefined) q.orWhereNot('window_days', weekly);
        })
        .delete(),
    );
    if (options.otherWindowsBefore !== undefined && weekly !== undefined) {
      deleted += await this.retried(() =>
        this.db('dora_scorecard_snapshots')
          .where('computed_at', '<', options.otherWindowsBefore!)
          .whereNot('window_days', weekly)
          .delete(),
      );
    }
    if (options.futureAfter !== undefined) {
      deleted += await this.retried(() =>
        this.db('dora_scorecard_snapshots')
          .where('as_of', '>', options.futureAfter!)
          .delete(),
      );
    }
    return deleted;
  }

  async insertUnresolved(
    events: readonly UnresolvedEvent[],
  ): Promise<{ inserted: number }> {
    const sorted = [...events].sort((a, b) => byCodeUnits(a.id, b.id));
    return this.transaction(async tx => {
      let inserted = 0;
      for (let i = 0; i < sorted.length; i += CHUNK) {
        let chunk = sorted.slice(i, i + CHUNK);
        // A redelivery of an event already stored for its service (the
        // catalog could not be read this time) is a duplicate, not a second
        // copy to resolve later.
        const known: Array<{ id: string }> = await tx('dora_events')
          .whereIn(
            'id',
            chunk.map(e => e.id),
          )
          .select('id');
        if (known.length > 0) {
          const knownIds = new Set(known.map(r => r.id));
          chunk = chunk.filter(e => !knownIds.has(e.id));
          if (chunk.length === 0) continue;
        }
        const stored = await tx('dora_unresolved_events')
          .insert(
            chunk.map(e => ({
              id: e.id,
              source: e.source,
              identity_annotation: e.identity.annotation,
              identity_value: e.identity.value.toLowerCase().slice(0, 512),
              fallback_name: e.identity.fallbackName.slice(0, 128),
              event: JSON.stringify(e.event),
              occurred_at: e.occurredAt,
              received_at: e.receivedAt,
            })),
          )
          .onConflict('id')
          .ignore()
          .returning(['id']);
        inserted += stored.length;
      }
      return { inserted };
    });
  }

  async listUnresolvedIdentities(): Promise<UnresolvedIdentity[]> {
    const rows: Array<{
      identity_annotation: string;
      identity_value: string;
      fallback_name: string;
      source: string;
      events: number | string;
      first: number | string;
      last: number | string;
    }> = await this.db('dora_unresolved_events')
      .select('identity_annotation', 'identity_value', 'source')
      .min({ fallback_name: 'fallback_name' })
      .count({ events: '*' })
      .min({ first: 'received_at' })
      .max({ last: 'received_at' })
      .groupBy('identity_annotation', 'identity_value', 'source');
    const byIdentity = new Map<string, UnresolvedIdentity>();
    for (const r of rows) {
      const key = `${r.identity_annotation}\u0000${r.identity_value}`;
      const seen = byIdentity.get(key);
      if (seen) {
        seen.sources.push(r.source);
        seen.events += Number(r.events);
        seen.firstReceivedAt = Math.min(seen.firstReceivedAt, Number(r.first));
        seen.lastReceivedAt = Math.max(seen.lastReceivedAt, Number(r.last));
      } else {
        byIdentity.set(key, {
          annotation: r.identity_annotation,
          value: r.identity_value,
          fallbackName: r.fallback_name,
          sources: [r.source],
          events: Number(r.events),
          firstReceivedAt: Number(r.first),
          lastReceivedAt: Number(r.last),
        });
      }
    }
    return [...byIdentity.values()].sort(
      (a, b) => b.lastReceivedAt - a.lastReceivedAt,
    );
  }

  async getUnresolved(identity: {
    annotation: string;
    value: string;
  }): Promise<UnresolvedEvent[]> {
    const rows = await this.db('dora_unresolved_events')
      .where({
        identity_annotation: identity.annotation,
        identity_value: identity.value.toLowerCase().slice(0, 512),
      })
      .orderBy('occurred_at');
    return rows.map(r => ({
      id: r.id,
      source: r.source,
      identity: {
        annotation: r.identity_annotation,
        value: r.identity_value,
        fallbackName: r.fallback_name,
      },
      event: JSON.parse(r.event),
      occurredAt: Number(r.occurred_at),
      receivedAt: Number(r.received_at),
    }));
  }

  async deleteUnresolved(input: readonly string[]): Promise<number> {
    const ids = [...new Set(input)].sort(byCodeUnits);
    let deleted = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      deleted += await this.retried(() =>
        this.db('dora_unresolved_events').whereIn('id', chunk).delete(),
      );
    }
    return deleted;
  }

  async purge(options: {
    eventsBefore?: number;
    unresolvedBefore?: number;
    batchSize?: number;
  }): Promise<{ events: number; unresolved: number }> {
    // Bounded deletes: each transaction removes at most `batchSize` rows
    // found through the `occurred_at` / `received_at` indexes, so a large
    // backlog never holds locks for long or grows one huge transaction.
    const batch = Math.max(1, options.batchSize ?? PURGE_BATCH);
    let events = 0;
    let unresolved = 0;
    if (options.eventsBefore !== undefined) {
      const before = options.eventsBefore;
      for (;;) {
        const n = await this.transaction(async tx => {
          const rows: Array<{ id: string; service_ref: string | null }> =
            await tx('dora_events')
              .where('occurred_at', '<', before)
              .orderBy('occurred_at')
              .limit(batch)
              .select('id', 'service_ref');
          if (rows.length === 0) return 0;
          for (let i = 0; i < rows.length; i += CHUNK) {
            await tx('dora_events')
              .whereIn(
                'id',
                rows.slice(i, i + CHUNK).map(r => r.id),
              )
              .delete();
          }
          // Their scorecards change: bump the versions so snapshots recompute.
          const services = [
            ...new Set(
              rows.flatMap(r => (r.service_ref ? [r.service_ref] : [])),
            ),
          ].sort();
          await this.bumpVersions(tx, services, Date.now());
          return rows.length;
        });
        events += n;
        if (n < batch) break;
      }
    }
    if (options.unresolvedBefore !== undefined) {
      const before = options.unresolvedBefore;
      for (;;) {
        const n = await this.transaction(async tx => {
          const ids: Array<{ id: string }> = await tx('dora_unresolved_events')
            .where('received_at', '<', before)
            .orderBy('received_at')
            .limit(batch)
            .select('id');
          let deleted = 0;
          for (let i = 0; i < ids.length; i += CHUNK) {
            deleted += await tx('dora_unresolved_events')
              .whereIn(
                'id',
                ids.slice(i, i + CHUNK).map(r => r.id),
              )
              .delete();
          }
          return { read: ids.length, deleted };
        });
        unresolved += n.deleted;
        if (n.read < batch) break;
      }
    }
    return { events, unresolved };
  }

  async listScaffoldEvents(options: {
    receivedSince?: number;
    after?: { receivedAt: number; service: string };
    limit: number;
  }): Promise<{
    events: DeliveryEvent[];
    last?: { receivedAt: number; service: string };
    full: boolean;
  }> {
    let recent = this.db('dora_events')
      .where('type', 'scaffold')
      .whereNotNull('service_ref');
    if (options.receivedSince !== undefined) {
      recent = recent.where('received_at', '>=', options.receivedSince);
    }
    recent = recent.groupBy('service_ref');
    if (options.after) {
      const { receivedAt, service } = options.after;
      recent = recent.havingRaw(
        'max(received_at) > ? or (max(received_at) = ? and service_ref > ?)',
        [receivedAt, receivedAt, service],
      );
    }
    const changed = (await recent
      .select('service_ref')
      .max({ received: 'received_at' })
      .orderByRaw('max(received_at) asc, service_ref asc')
      .limit(options.limit)) as Array<{
      service_ref: string;
      received: number | string;
    }>;
    if (changed.length === 0) {
      return { events: [], full: false };
    }
    const rows: Array<{ event: string }> = await this.db('dora_events')
      .where('type', 'scaffold')
      .whereIn(
        'service_ref',
        changed.map(r => r.service_ref),
      )
      .orderBy([
        { column: 'occurred_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('event');
    const last = changed[changed.length - 1];
    return {
      events: rows.map(rowToEvent),
      last: { receivedAt: Number(last.received), service: last.service_ref },
      full: changed.length === options.limit,
    };
  }

  async findArtifactChange(artifactId: string): Promise<string | undefined> {
    const rows: Array<{ event: string }> = await this.db('dora_events')
      .where({ type: 'build', subject_id: artifactId.slice(0, 256) })
      .orderBy('occurred_at', 'desc')
      .limit(5)
      .select('event');
    for (const row of rows) {
      const changeId = rowToEvent(row).attributes?.changeId;
      if (typeof changeId === 'string' && changeId) return changeId;
    }
    return undefined;
  }

  async deleteServices(input: readonly string[]): Promise<number> {
    if (input.length === 0) return 0;
    const services = [...new Set(input)].sort(byCodeUnits);
    return this.transaction(async tx => {
      let deleted = 0;
      for (let i = 0; i < services.length; i += CHUNK) {
        const chunk = services.slice(i, i + CHUNK) as string[];
        deleted += await tx('dora_events')
          .whereIn('service_ref', chunk)
          .delete();
        await tx('dora_scorecard_snapshots')
          .whereIn('service_ref', chunk)
          .delete();
        await tx('dora_service_state').whereIn('service_ref', chunk).delete();
      }
      return deleted;
    });
  }

  async listTicketEvents(options: {
    from: number;
    to: number;
  }): Promise<TicketEvent[]> {
    const active = this.db('dora_events')
      .where('type', 'ticket')
      .where('occurred_at', '>=', options.from)
      .where('occurred_at', '<', options.to)
      .whereNotNull('subject_id')
      .distinct('subject_id');
    const rows: Array<{ event: string }> = await this.db('dora_events')
      .where('type', 'ticket')
      .whereIn('subject_id', active)
      .where('occurred_at', '<', options.to)
      .orderBy([
        { column: 'occurred_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('event');
    return rows.map(r => rowToEvent(r) as TicketEvent);
  }

  async listTemplateScaffoldEvents(options: {
    templates: readonly string[];
    before: number;
  }): Promise<ScaffoldEvent[]> {
    const out: ScaffoldEvent[] = [];
    const templates = [...new Set(options.templates)].sort(byCodeUnits);
    for (let i = 0; i < templates.length; i += CHUNK) {
      const rows: Array<{ event: string }> = await this.db('dora_events')
        .where('type', 'scaffold')
        .whereIn('subject_id', templates.slice(i, i + CHUNK))
        .where('occurred_at', '<', options.before)
        .orderBy([
          { column: 'occurred_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .select('event');
      out.push(...rows.map(r => rowToEvent(r) as ScaffoldEvent));
    }
    return out;
  }

  async listScaffoldEventsBetween(options: {
    from: number;
    to: number;
  }): Promise<ScaffoldEvent[]> {
    const rows: Array<{ event: string }> = await this.db('dora_events')
      .where('type', 'scaffold')
      .where('occurred_at', '>=', options.from)
      .where('occurred_at', '<', options.to)
      .orderBy([
        { column: 'occurred_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('event');
    return rows.map(r => rowToEvent(r) as ScaffoldEvent);
  }

  async listActiveServices(options: {
    since: number;
    before: number;
  }): Promise<string[]> {
    const rows: Array<{ service_ref: string }> = await this.db('dora_events')
      .whereNotNull('service_ref')
      .where('occurred_at', '<', options.before)
      // Any event of METRICS.md's types; model-health telemetry (an
      // addition of ours) is not delivery activity.
      .whereNot('type', 'model_health')
      .groupBy('service_ref')
      .havingRaw('max(occurred_at) >= ?', [options.since])
      .select('service_ref')
      .orderBy('service_ref');
    return rows.map(r => r.service_ref);
  }

  async listModelHealthEvents(options: {
    service: string;
    from: number;
    to: number;
    limit: number;
  }): Promise<ModelHealthEvent[]> {
    const rows: Array<{ event: string }> = await this.db('dora_events')
      .where('service_ref', options.service)
      .where('occurred_at', '>=', options.from)
      .where('occurred_at', '<', options.to)
      .where('type', 'model_health')
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit)
      .select('event');
    return rows.reverse().map(r => rowToEvent(r) as ModelHealthEvent);
  }

  private async bumpVersions(
    tx: Knex.Transaction,
    services: readonly string[],
    at: number,
  ) {
    // By service ref, whatever order the caller found them in.
    const sorted = [...new Set(services)].sort(byCodeUnits);
    for (let i = 0; i < sorted.length; i += CHUNK) {
      await tx('dora_service_state')
        .insert(
          sorted.slice(i, i + CHUNK).map(service_ref => ({
            service_ref,
            version: 1,
            updated_at: at,
          })),
        )
        .onConflict('service_ref')
        .merge({
          version: tx.raw('?? + 1', ['dora_service_state.version']),
          updated_at: at,
        });
    }
  }
}
