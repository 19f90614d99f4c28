import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const TABLE = 'dora_digest_deliveries';

/** Where the module's migrations are shipped (`files` of the package). */
export const migrationsDir = resolvePackagePath(
  '@goldpath/plugin-dora-backend-module-digest',
  'migrations',
);

/** The module's own migrations table, apart from the dora plugin's. */
export const MIGRATIONS_TABLE = 'dora_digest_knex_migrations';

/**
 * Which digest: a team's, or the platform team's fleet digest.
 *
 * @public
 */
export type DigestKind = 'team' | 'fleet';

/**
 * One digest of one week.
 *
 * @public
 */
export interface DeliveryKey {
  digest: DigestKind;
  teamRef: string;
}

/**
 * A stored delivery.
 *
 * @public
 */
export interface DeliveryRow extends DeliveryKey {
  week: string;
  status: 'claimed' | 'sent' | 'pending' | 'dead';
  attempts: number;
  claimedAt?: number;
  sentAt?: number;
  lastError?: string;
}

/** Code-unit order: independent of locale and collation. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
const compareKeys = (a: DeliveryKey, b: DeliveryKey) =>
  compareText(a.digest, b.digest) || compareText(a.teamRef, b.teamRef);

const MAX_ERROR_LENGTH = 2000;

/**
 * The digest delivery log (`dora_digest_deliveries`, keyed by digest, team
 * and week) in the dora plugin's database, migrated by this module.
 *
 * A digest is claimed before it is sent: the first claim inserts its row,
 * later runs take it over only while it is `pending` (a failed send) or its
 * claim is stale (a run that died). Every statement touches one row, so
 * replicas claiming the same digests never deadlock. `sent` and `dead` rows
 * are never claimed again: a re-run of the week sends nothing new, and a
 * digest given up after its last attempt stays, with its error, for the
 * platform team's fleet digest and for support.
 *
 * @public
 */
export class DeliveryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DeliveryStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new DeliveryStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Claims the week's digests no run has sent, given up or is sending (and
   * stale claims), in key order; returns those this `claim` now holds.
   */
  async claim(options: {
    keys: readonly DeliveryKey[];
    week: string;
    claim: string;
    now: number;
    staleBefore: number;
  }): Promise<DeliveryKey[]> {
    const keys = [...options.keys].sort(compareKeys);
    const { week, claim, now } = options;
    for (const key of keys) {
      const where = { digest: key.digest, team_ref: key.teamRef, week };
      await this.db(TABLE)
        .insert({
          ...where,
          status: 'claimed',
          attempts: 0,
          claim,
          claimed_at: now,
          sent_at: null,
          last_error: null,
          updated_at: now,
        })
        .onConflict(['digest', 'team_ref', 'week'])
        .ignore();
      await this.db(TABLE)
        .where(where)
        .whereNot({ claim })
        .where(q =>
          q
            .where({ status: 'pending' })
            .orWhere(s =>
              s
                .where({ status: 'claimed' })
                .where('claimed_at', '<', options.staleBefore),
            ),
        )
        .update({ status: 'claimed', claim, claimed_at: now, updated_at: now });
    }
    const rows: Array<{ digest: DigestKind; team_ref: string }> = await this.db(
      TABLE,
    )
      .where({ week, claim, status: 'claimed' })
      .select('digest', 'team_ref');
    return rows
      .map(r => ({ digest: r.digest, teamRef: r.team_ref }))
      .sort(compareKeys);
  }

  /** Marks a claimed digest sent. */
  async markSent(
    key: DeliveryKey,
    options: { week: string; claim: string; now: number },
  ): Promise<void> {
    await this.db(TABLE)
      .where({
        digest: key.digest,
        team_ref: key.teamRef,
        week: options.week,
        claim: options.claim,
      })
      .update({
        status: 'sent',
        sent_at: options.now,
        last_error: null,
        updated_at: options.now,
      });
  }

  /**
   * Records a failed send of a claimed digest: `pending` (the next run
   * tries again) or, at the last attempt, `dead`. Returns the new status.
   */
  async markFailed(
    key: DeliveryKey,
    options: {
      week: string;
      claim: string;
      now: number;
      error: string;
      maxAttempts: number;
    },
  ): Promise<'pending' | 'dead' | undefined> {
    const where = {
      digest: key.digest,
      team_ref: key.teamRef,
      week: options.week,
      claim: options.claim,
      status: 'claimed',
    };
    const row = await this.db(TABLE).where(where).first('attempts');
    if (!row) return undefined;
    const attempts = Number(row.attempts) + 1;
    const status = attempts >= options.maxAttempts ? 'dead' : 'pending';
    await this.db(TABLE)
      .where(where)
      .update({
        status,
        attempts,
        last_error: options.error.slice(0, MAX_ERROR_LENGTH),
        updated_at: options.now,
      });
    return status;
  }

  /** Gives a claimed digest back without counting an attempt (its figures were not ready). */
  async release(
    key: DeliveryKey,
    options: { week: string; claim: string; now: number },
  ): Promise<void> {
    await this.db(TABLE)
      .where({
        digest: key.digest,
        team_ref: key.teamRef,
        week: options.week,
        claim: options.claim,
        status: 'claimed',
      })
      .update({ status: 'pending', updated_at: options.now });
  }

  /** Deliveries of a week (optionally of one status), in key order. */
  async list(options: {
    week: string;
    status?: DeliveryRow['status'];
  }): Promise<DeliveryRow[]> {
    const rows: any[] = await this.db(TABLE)
      .where({
        week: options.week,
        ...(options.status ? { status: options.status } : {}),
      })
      .select();
    return rows
      .map(r => ({
        digest: r.digest,
        teamRef: r.team_ref,
        week: r.week,
        status: r.status,
        attempts: Number(r.attempts),
        ...(r.claimed_at !== null && r.claimed_at !== undefined
          ? { claimedAt: Number(r.claimed_at) }
          : {}),
        ...(r.sent_at !== null && r.sent_at !== undefined
          ? { sentAt: Number(r.sent_at) }
          : {}),
        ...(r.last_error ? { lastError: r.last_error } : {}),
      }))
      .sort(compareKeys);
  }
}
