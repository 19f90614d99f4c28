import { DatabaseService } from '@backstage/backend-plugin-api';
import { DeliveryEvent } from '@goldpath/plugin-dora-common';
import { Knex } from 'knex';
import { DoraStore, ScorecardSnapshot } from './DoraStore';
import { eventToRow, rowToEvent } from './mappers';
import { migrateDoraDatabase } from './migrations';

/** Rows per INSERT: well under SQLite's and PostgreSQL's bind-parameter limits. */
const CHUNK = 500;

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

  async insertEvents(options: {
    events: readonly DeliveryEvent[];
    receivedAt: number;
  }): Promise<{ inserted: number }> {
    if (options.events.length === 0) {
      return { inserted: 0 };
    }
    let inserted = 0;
    const services = new Set<string>();
    await this.db.transaction(async tx => {
      for (let i = 0; i < options.events.length; i += CHUNK) {
        const rows = options.events
          .slice(i, i + CHUNK)
          .map(e => eventToRow(e, options.receivedAt));
        const existing = new Set(
          (
            await tx('dora_events')
              .whereIn(
                'id',
                rows.map(r => r.id),
              )
              .select('id')
          ).map((r: { id: string }) => r.id),
        );
        const fresh = rows.filter(r => !existing.has(r.id));
        if (fresh.length === 0) continue;
        // A concurrent writer may have stored one of these ids meanwhile:
        // the conflict clause keeps the first write and fails nothing.
        await tx('dora_events').insert(fresh).onConflict('id').ignore();
        inserted += fresh.length;
        for (const r of fresh) if (r.service_ref) services.add(r.service_ref);
      }
      const touched = [...services];
      for (let i = 0; i < touched.length; i += CHUNK) {
        await tx('dora_service_state')
          .insert(
            touched.slice(i, i + CHUNK).map(service_ref => ({
              service_ref,
              version: 1,
              updated_at: options.receivedAt,
            })),
          )
          .onConflict('service_ref')
          .merge({
            version: tx.raw('?? + 1', ['dora_service_state.version']),
            updated_at: options.receivedAt,
          });
      }
    });
    return { inserted };
  }

  async listServiceEvents(options: {
    service: string;
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

  async putSnapshots(snapshots: readonly ScorecardSnapshot[]): Promise<void> {
    const now = Date.now();
    await this.db.transaction(async tx => {
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
  }): Promise<number> {
    return this.db('dora_scorecard_snapshots')
      .where('as_of', '<', options.before)
      .andWhere(q =>
        q
          .whereRaw('as_of % ? <> ?', [WEEK_MS, MONDAY_OFFSET_MS])
          .orWhere('as_of', '<', options.keepWeeklyAfter),
      )
      .delete();
  }
}
