import { LoggerService } from '@backstage/backend-plugin-api';
import { UnresolvedIdentityInfo } from '@goldpath/plugin-dora-common';
import { DoraStore } from '../database/DoraStore';
import { IngestionService } from './IngestionService';
import { CatalogDirectory } from '../catalog/CatalogDirectory';
import { IdentityResolver } from './IdentityResolver';
import { VisibleComponents } from '../catalog/visibility';

interface UnresolvedIdentitiesOptions {
  store: DoraStore;
  ingestion: IngestionService;
  directory: Pick<CatalogDirectory, 'get'>;
  resolver: IdentityResolver;
  logger: LoggerService;
}

/**
 * Attaches unresolved webhook events to their service once the catalog
 * claims their tool identity (an entity gains `github.com/project-slug`, an
 * alias, ...), and forgets those of opted-out services.
 */
export class UnresolvedIdentities {
  static create(options: UnresolvedIdentitiesOptions): UnresolvedIdentities {
    return new UnresolvedIdentities(options);
  }

  private constructor(private readonly options: UnresolvedIdentitiesOptions) {}

  /**
   * The identities waiting for an entity. With `visible` (a user's view),
   * an identity the catalog now claims for a component the user may not see
   * is left out (it waits only for the next re-resolution).
   */
  async list(options?: {
    visible?: VisibleComponents;
  }): Promise<UnresolvedIdentityInfo[]> {
    let identities = await this.options.store.listUnresolvedIdentities();
    const visible = options?.visible;
    if (visible !== undefined && visible !== 'all') {
      const directory = await this.options.directory.get();
      identities = identities.filter(identity =>
        identity.sources.every(source => {
          const r = this.options.resolver.resolve(directory, identity, source);
          return r.kind !== 'service' || visible.has(r.ref);
        }),
      );
    }
    return identities.map(i => ({
      ...i,
      firstReceivedAt: new Date(i.firstReceivedAt).toISOString(),
      lastReceivedAt: new Date(i.lastReceivedAt).toISOString(),
    }));
  }

  /** Tries every waiting identity against the current catalog. */
  async reresolve(): Promise<{ attached: number; dropped: number }> {
    const { store, ingestion, resolver, logger } = this.options;
    const directory = await this.options.directory.get();
    let attached = 0;
    let dropped = 0;
    for (const identity of await store.listUnresolvedIdentities()) {
      const target = identity.sources
        .map(source => resolver.resolve(directory, identity, source))
        .find(r => r.kind !== 'unresolved');
      if (!target) continue;
      const events = await store.getUnresolved(identity);
      if (target.kind === 'optedOut') {
        dropped += await store.deleteUnresolved(events.map(e => e.id));
        continue;
      }
      const result = await ingestion.ingest(
        events.map(e => ({ ...e.event, service: target.ref })),
      );
      // Ingestion is idempotent, so deleting after it is safe to repeat.
      const rejected = new Set(result.rejected.map(r => events[r.index].id));
      await store.deleteUnresolved(
        events.filter(e => !rejected.has(e.id)).map(e => e.id),
      );
      attached += result.accepted;
      logger.info(
        `Attached ${result.accepted} events of ${identity.annotation}=${identity.value} to ${target.ref}`,
      );
    }
    return { attached, dropped };
  }
}
