import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PolicyStore } from '../database/PolicyStore';
import { sha256 } from '../database/mappers';
import { AuditRecorder } from './AuditRecorder';
import { Bundles, canonicalJson, compareText } from './evaluate';
import { PolicyCatalog } from './PolicyCatalog';

/** Audits deleted per statement. */
const PRUNE_BATCH = 500;
/** Entities recomputed or checked per batch. */
const ENTITY_BATCH = 200;
const BUNDLES_META_KEY = 'bundles-fingerprint';

/** The fingerprint of the bundles' policies, to notice a change. */
export function fingerprintBundles(bundles: Bundles): string {
  return sha256(
    canonicalJson([...bundles.entries()].sort(([a], [b]) => compareText(a, b))),
  );
}

/**
 * The policy plugin's housekeeping, run by global scheduled tasks:
 * summaries of entities whose waiver expired (or whose bundles changed),
 * retention, and the state of entities the catalog no longer has.
 */
export class MaintenanceService {
  static create(options: {
    store: PolicyStore;
    recorder: AuditRecorder;
    policyCatalog: PolicyCatalog;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    retention: { snapshotsMillis: number; unmappedMillis: number };
    now?: () => number;
  }): MaintenanceService {
    return new MaintenanceService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof MaintenanceService.create>[0],
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  private async recompute(entityRefs: readonly string[], bundles: Bundles) {
    const { store, recorder } = this.options;
    for (const entityRef of [...entityRefs].sort()) {
      await store.transaction(async tx => {
        const before = await tx.lockEntity(entityRef);
        await recorder.refreshSummary(tx, entityRef, before, {
          bundles,
          now: this.now(),
        });
      });
    }
  }

  /**
   * Recomputes the summaries whose next waiver expiry has passed, and every
   * summary when the bundles' policies (severities) changed since the last
   * run. Returns how many entities were recomputed.
   */
  async refreshSummaries(): Promise<number> {
    const { store } = this.options;
    const index = await this.options.policyCatalog.tryGet();
    const bundles: Bundles = index?.bundles ?? new Map();
    let n = 0;
    for (;;) {
      const due = await store.listSummariesDueForExpiry(
        this.now(),
        ENTITY_BATCH,
      );
      if (due.length === 0) break;
      await this.recompute(due, bundles);
      n += due.length;
      if (due.length < ENTITY_BATCH) break;
    }
    if (index) {
      const fingerprint = fingerprintBundles(bundles);
      if ((await store.getMeta(BUNDLES_META_KEY)) !== fingerprint) {
        let afterRef: string | undefined;
        for (;;) {
          const refs = await store.listEntityRefs({
            afterRef,
            limit: ENTITY_BATCH,
          });
          await this.recompute(refs, bundles);
          n += refs.length;
          if (refs.length < ENTITY_BATCH) break;
          afterRef = refs[refs.length - 1];
        }
        await store.putMeta(BUNDLES_META_KEY, fingerprint);
      }
    }
    return n;
  }

  /**
   * Retention: audits past `retention.snapshots` (never the current or the
   * previous audit of a source), unmapped results past `retention.unmapped`,
   * waivers expired longer than `retention.snapshots` ago, old tombstones,
   * and the whole state of entities that the catalog no longer has and whose
   * latest audit is past `retention.snapshots`.
   */
  async prune(): Promise<{
    audits: number;
    unmapped: number;
    waivers: number;
    entities: number;
  }> {
    const { store, retention, logger } = this.options;
    const now = this.now();
    const before = now - retention.snapshotsMillis;
    let audits = 0;
    for (;;) {
      const n = await store.pruneAudits({ before, limit: PRUNE_BATCH });
      audits += n;
      if (n < PRUNE_BATCH) break;
    }
    const unmapped = await store.pruneUnmapped({
      receivedBefore: now - retention.unmappedMillis,
    });
    const waivers = await store.pruneWaivers({ expiredBefore: before });
    await store.pruneTombstones({ before });
    const entities = await this.forgetDeletedEntities(before);
    if (audits + unmapped + waivers + entities > 0) {
      logger.info(
        `Policy retention: deleted ${audits} audits, ${unmapped} unmapped results, ${waivers} expired waivers, and the state of ${entities} entities no longer in the catalog`,
      );
    }
    return { audits, unmapped, waivers, entities };
  }

  /**
   * Entities with only old audits that the catalog does not know: their
   * state goes, a tombstone stays. Skipped while the catalog looks empty (a
   * catalog still loading at start must not cost anyone their history).
   */
  private async forgetDeletedEntities(before: number): Promise<number> {
    const { store, recorder, catalog, auth, logger } = this.options;
    const index = await this.options.policyCatalog.tryGet();
    if (!index || index.size === 0) {
      logger.info(
        'Policy retention: the catalog is empty or unreadable; not looking for deleted entities this time',
      );
      return 0;
    }
    const credentials = await auth.getOwnServiceCredentials();
    let removed = 0;
    let afterRef: string | undefined;
    for (;;) {
      const refs = await store.listStaleEntities({
        before,
        afterRef,
        limit: ENTITY_BATCH,
      });
      if (refs.length === 0) break;
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      const gone = refs.filter((_, i) => !items[i]);
      for (const entityRef of gone) {
        await store.transaction(async tx => {
          const summary = await tx.lockEntity(entityRef);
          await tx.deleteEntityState(entityRef);
          await recorder.refreshSummary(tx, entityRef, summary, {
            bundles: new Map(),
            now: this.now(),
          });
        });
        removed += 1;
      }
      if (refs.length < ENTITY_BATCH) break;
      afterRef = refs[refs.length - 1];
    }
    return removed;
  }
}
