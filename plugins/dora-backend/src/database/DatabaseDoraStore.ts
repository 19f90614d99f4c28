import { DatabaseService } from '@backstage/backend-plugin-api';
import { DeliveryEvent } from '@goldpath/plugin-dora-common';
import { Knex } from 'knex';
import { DoraStore } from './DoraStore';
import { eventToRow, rowToEvent } from './mappers';
import { migrateDoraDatabase } from './migrations';

/** Rows per INSERT: well under SQLite's and PostgreSQL's bind-parameter limits. */
const CHUNK = 500;

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

  async listServices(): Promise<string[]> {
    const rows: Array<{ service_ref: string }> = await this.db('dora_events')
      .whereNotNull('service_ref')
      .distinct('service_ref')
      .orderBy('service_ref');
    return rows.map(r => r.service_ref);
  }
}
