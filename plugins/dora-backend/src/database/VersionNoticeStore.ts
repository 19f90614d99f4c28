import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migrateDoraDatabase } from './migrations';
import { withRetry } from './retry';

const TABLE = 'dora_version_notices';

/** One owner told about one version of a template. */
export interface VersionNoticeKey {
  template: string;
  version: string;
  owner: string;
}

/** A notice to claim: its key and the services it names. */
export interface VersionNoticeClaim extends VersionNoticeKey {
  services: { ref: string; version: string }[];
}

/** A stored notice. */
export interface VersionNoticeRow extends VersionNoticeClaim {
  status: 'claimed' | 'sent';
  claimedAt: number;
  sentAt?: number;
}

/** Code-unit order: independent of locale and collation. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
const compareKeys = (a: VersionNoticeKey, b: VersionNoticeKey) =>
  compareText(a.template, b.template) ||
  compareText(a.version, b.version) ||
  compareText(a.owner, b.owner);

/**
 * What the version-drift notifier remembers, in the dora plugin's database
 * (`dora_version_notices`, keyed by template ref + version + owner).
 *
 * A notice is claimed before it is sent: the primary key lets one run (of
 * one replica) claim it, and only that run sends it. It is marked sent once
 * the notifications service took it; a failed send releases the claim, so
 * the next run tries again. A claim left by a run that died before it could
 * say how the send went is taken over once it is older than `staleBefore`.
 */
export class VersionNoticeStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<VersionNoticeStore> {
    const client = await options.database.getClient();
    await migrateDoraDatabase(options.database, client);
    return new VersionNoticeStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Claims the notices no run has claimed or sent (and the stale claims),
   * in key order; returns the ones this `claim` now holds, in key order.
   */
  async claim(options: {
    notices: readonly VersionNoticeClaim[];
    claim: string;
    now: number;
    staleBefore: number;
  }): Promise<VersionNoticeClaim[]> {
    const notices = [...options.notices].sort(compareKeys);
    if (notices.length === 0) return [];
    // Taken in key order, and retried whole on a deadlock or serialization
    // failure with a replica claiming the same notices.
    await withRetry(() =>
      this.db.transaction(async tx => {
        for (const n of notices) {
          await tx(TABLE)
            .where({
              template_ref: n.template,
              version: n.version,
              owner_ref: n.owner,
              status: 'claimed',
            })
            .where('claimed_at', '<', options.staleBefore)
            .delete();
          await tx(TABLE)
            .insert({
              template_ref: n.template,
              version: n.version,
              owner_ref: n.owner,
              status: 'claimed',
              claim: options.claim,
              claimed_at: options.now,
              sent_at: null,
              services: JSON.stringify(n.services),
            })
            .onConflict(['template_ref', 'version', 'owner_ref'])
            .ignore();
        }
      }),
    );
    const rows: Array<{
      template_ref: string;
      version: string;
      owner_ref: string;
      services: string;
    }> = await this.db(TABLE)
      .where({ claim: options.claim, status: 'claimed' })
      .orderBy([
        { column: 'template_ref' },
        { column: 'version' },
        { column: 'owner_ref' },
      ]);
    return rows
      .map(r => ({
        template: r.template_ref,
        version: r.version,
        owner: r.owner_ref,
        services: JSON.parse(r.services),
      }))
      .sort(compareKeys);
  }

  /** Marks a claimed notice sent. */
  async markSent(
    key: VersionNoticeKey,
    options: { claim: string; sentAt: number },
  ): Promise<void> {
    await this.db(TABLE)
      .where({
        template_ref: key.template,
        version: key.version,
        owner_ref: key.owner,
        claim: options.claim,
      })
      .update({ status: 'sent', sent_at: options.sentAt });
  }

  /** Gives a claimed, unsent notice back, so the next run tries again. */
  async release(key: VersionNoticeKey, options: { claim: string }) {
    await this.db(TABLE)
      .where({
        template_ref: key.template,
        version: key.version,
        owner_ref: key.owner,
        claim: options.claim,
        status: 'claimed',
      })
      .delete();
  }

  /** Every stored notice, in key order (for tests and support). */
  async list(): Promise<VersionNoticeRow[]> {
    const rows: any[] = await this.db(TABLE).orderBy([
      { column: 'template_ref' },
      { column: 'version' },
      { column: 'owner_ref' },
    ]);
    return rows
      .map(r => ({
        template: r.template_ref,
        version: r.version,
        owner: r.owner_ref,
        services: JSON.parse(r.services),
        status: r.status,
        claimedAt: Number(r.claimed_at),
        ...(r.sent_at !== null && r.sent_at !== undefined
          ? { sentAt: Number(r.sent_at) }
          : {}),
      }))
      .sort(compareKeys);
  }
}
