import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CONTRACT_VERSION_ANNOTATION,
  Contract,
  validateContract,
} from '@goldpath/plugin-catalog-common';
import { contractRefreshKey } from '../refreshKeys';
import { ThrottledWarning } from './ThrottledWarning';

/** What the index knows about one block. */
export type BlockLookup =
  /** The index has not been loaded yet: nothing is known. */
  | { state: 'not-loaded' }
  | { state: 'contract'; contract: Contract }
  /** The block is in the catalog, without a valid contract. */
  | { state: 'no-contract' }
  /** The catalog has no such entity (as of the last load). */
  | { state: 'unknown' };

/** The read side the contract processor uses. */
export interface BlockContracts {
  /** Looks a block up; also remembers that a consumer asked about it. */
  lookup(blockRef: string): BlockLookup;
}

const PAGE_SIZE = 500;
/** Refs asked about and not found are re-checked for this long. */
const WANTED_TTL_MILLIS = 6 * 3_600_000;
const MAX_WANTED = 50_000;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** What a consumer's check depends on; a change refreshes its consumers. */
const fingerprint = (c: Contract) =>
  JSON.stringify([
    c.version,
    c.constraints?.regions ?? null,
    c.compatibility ?? null,
  ]);

/**
 * The building blocks' contracts, in memory, for the contract processor to
 * check consumers without a network call per entity. A scheduled task calls
 * {@link BlockContractIndex.refresh}: one paged catalog read of the entities
 * that carry a computed `goldpath.dev/contract-version`, plus a by-ref check
 * of blocks consumers asked about that have no contract. Blocks whose
 * contract changed (or appeared, or went) are handed to `onChange` as
 * refresh keys, so their consumers are reprocessed.
 */
export class BlockContractIndex implements BlockContracts {
  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    onChange: (refreshKeys: string[]) => Promise<void>;
    now?: () => number;
  }): BlockContractIndex {
    return new BlockContractIndex(
      options.catalog,
      options.auth,
      options.logger,
      options.onChange,
      options.now ?? Date.now,
    );
  }

  private loaded = false;
  private contracts = new Map<string, { contract: Contract; print: string }>();
  /** Blocks in the catalog without a (valid) contract. */
  private withoutContract = new Set<string>();
  /** Refs consumers asked about: ref → last asked. */
  private readonly wanted = new Map<string, number>();
  /** Blocks whose consumers still need a refresh (the last ask failed). */
  private readonly pendingRefresh = new Set<string>();
  private readonly warning: ThrottledWarning;
  private readonly refreshWarning: ThrottledWarning;

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly onChange: (refreshKeys: string[]) => Promise<void>,
    private readonly now: () => number,
  ) {
    this.warning = ThrottledWarning.create({ logger, now });
    this.refreshWarning = ThrottledWarning.create({ logger, now });
  }

  lookup(blockRef: string): BlockLookup {
    const ref = lower(blockRef);
    if (this.wanted.size < MAX_WANTED || this.wanted.has(ref)) {
      this.wanted.set(ref, this.now());
    }
    const hit = this.contracts.get(ref);
    if (hit) return { state: 'contract', contract: hit.contract };
    if (!this.loaded) return { state: 'not-loaded' };
    return this.withoutContract.has(ref)
      ? { state: 'no-contract' }
      : { state: 'unknown' };
  }

  /**
   * Re-reads the contracts; refreshes the consumers of what changed. Never
   * throws: a failed read keeps the last answer and is logged (throttled).
   */
  async refresh(): Promise<void> {
    let next: Map<string, { contract: Contract; print: string }>;
    let without: Set<string>;
    try {
      const credentials = await this.auth.getOwnServiceCredentials();
      ({ next, without } = await this.readContracts(credentials));
      without = await this.readWithoutContract(credentials, next, without);
    } catch (e) {
      this.warning.warn(
        'Could not read building-block contracts from the catalog; consumers keep their last compatibility',
        e,
      );
      return;
    }

    const changed = new Set<string>();
    const firstLoad = !this.loaded;
    for (const [ref, entry] of next) {
      if (firstLoad || this.contracts.get(ref)?.print !== entry.print) {
        changed.add(ref);
      }
    }
    for (const ref of this.contracts.keys()) {
      if (!next.has(ref)) changed.add(ref);
    }
    for (const ref of without) {
      if (firstLoad || !this.withoutContract.has(ref)) changed.add(ref);
    }
    for (const ref of this.withoutContract) {
      if (!without.has(ref)) changed.add(ref);
    }
    if (firstLoad) {
      // Consumers processed before the first load replayed old values.
      for (const ref of this.wanted.keys()) changed.add(ref);
    }
    this.contracts = next;
    this.withoutContract = without;
    this.loaded = true;

    changed.forEach(ref => this.pendingRefresh.add(ref));
    if (this.pendingRefresh.size) {
      const refs = [...this.pendingRefresh].sort();
      this.logger.debug(
        `Building-block contracts changed for ${refs.length} blocks; refreshing their consumers`,
      );
      try {
        await this.onChange(refs.map(contractRefreshKey));
        refs.forEach(ref => this.pendingRefresh.delete(ref));
      } catch (e) {
        // Kept pending: asked for again after the next read.
        this.refreshWarning.warn(
          'Could not ask the catalog to refresh the consumers of changed blocks',
          e,
        );
      }
    }
  }

  private async readContracts(
    credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
  ) {
    const next = new Map<string, { contract: Contract; print: string }>();
    const without = new Set<string>();
    const fields = [
      'kind',
      'metadata.namespace',
      'metadata.name',
      'spec.contract',
    ];
    let cursor: string | undefined;
    do {
      const page = await this.catalog.queryEntities(
        cursor
          ? { cursor, fields, limit: PAGE_SIZE }
          : {
              filter: {
                [`metadata.annotations.${CONTRACT_VERSION_ANNOTATION}`]:
                  CATALOG_FILTER_EXISTS,
              },
              fields,
              limit: PAGE_SIZE,
              totalItems: 'exclude',
            },
        { credentials },
      );
      for (const entity of page.items) {
        const ref = stringifyEntityRef(entity);
        const result = validateContract(entity.spec?.contract, {
          path: 'spec.contract',
        });
        if (result.ok) {
          next.set(ref, {
            contract: result.contract,
            print: fingerprint(result.contract),
          });
        } else {
          without.add(ref);
        }
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return { next, without };
  }

  /** Which of the refs consumers asked about exist without a contract. */
  private async readWithoutContract(
    credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
    contracts: Map<string, unknown>,
    without: Set<string>,
  ): Promise<Set<string>> {
    const cutoff = this.now() - WANTED_TTL_MILLIS;
    for (const [ref, at] of this.wanted) {
      if (at < cutoff) this.wanted.delete(ref);
    }
    const refs = [...this.wanted.keys()]
      .filter(r => !contracts.has(r) && !without.has(r))
      .sort();
    for (let i = 0; i < refs.length; i += PAGE_SIZE) {
      const chunk = refs.slice(i, i + PAGE_SIZE);
      const { items } = await this.catalog.getEntitiesByRefs(
        {
          entityRefs: chunk,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      items.forEach((entity, j) => {
        if (entity) without.add(chunk[j]);
      });
    }
    return without;
  }
}
