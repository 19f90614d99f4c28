import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CatalogIndex,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  REPOSITORY_ANNOTATIONS,
} from './CatalogIndex';

/** Entities per catalog page. */
const PAGE_SIZE = 500;
/** A safety stop: 1,000 pages of 500 entities. */
const MAX_PAGES = 1000;
/** After a failed read, the last good snapshot is served this long before trying again. */
const RETRY_AFTER_FAILURE_MS = 10_000;
/** An empty catalog is most likely one still loading at start: read it again soon. */
const EMPTY_TTL_MS = 5_000;

/** What mapping and bundles need of an entity, and nothing more. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.contract.policies',
];

const annotationExists = (annotation: string) => ({
  [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
});

/** Entities that map results (any of the annotations) or ship policies. */
const FILTER = [
  annotationExists(KUBERNETES_ID_ANNOTATION),
  annotationExists(KUBERNETES_LABEL_SELECTOR_ANNOTATION),
  ...REPOSITORY_ANNOTATIONS.map(annotationExists),
  { 'spec.contract.policies.name': CATALOG_FILTER_EXISTS },
];

/**
 * Reads the catalog with the plugin's own credentials (paged, only the
 * fields mapping needs) and keeps the {@link CatalogIndex} for a short TTL;
 * concurrent callers share one read. When a read fails, the last good
 * snapshot is served (and a read is tried again after 10 s); without one the
 * call fails with a `ServiceUnavailableError`.
 */
export class PolicyCatalog {
  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    ttlMillis: number;
  }): PolicyCatalog {
    return new PolicyCatalog(
      options.catalog,
      options.auth,
      options.logger,
      options.ttlMillis,
    );
  }

  private good?: CatalogIndex;
  private failedAt?: number;
  private pending?: Promise<CatalogIndex>;

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly ttlMillis: number,
  ) {}

  /**
   * The index, read again when older than the TTL or `maxAgeMillis` (a
   * caller that missed asks for a fresher one, at most every few seconds).
   */
  async get(options: { maxAgeMillis?: number } = {}): Promise<CatalogIndex> {
    const now = Date.now();
    const good = this.good;
    const maxAge = Math.min(
      options.maxAgeMillis ?? Infinity,
      this.ttlMillis,
      good?.size === 0 ? EMPTY_TTL_MS : Infinity,
    );
    if (good && now - good.loadedAt < maxAge) return good;
    if (
      good &&
      this.failedAt !== undefined &&
      now - this.failedAt < RETRY_AFTER_FAILURE_MS
    ) {
      return good;
    }
    if (!this.pending) {
      const pending = this.load(now).then(
        index => {
          this.good = index;
          this.failedAt = undefined;
          return index;
        },
        error => {
          this.failedAt = Date.now();
          throw error;
        },
      );
      this.pending = pending;
      pending.then(
        () => {
          if (this.pending === pending) this.pending = undefined;
        },
        () => {
          if (this.pending === pending) this.pending = undefined;
        },
      );
    }
    try {
      return await this.pending;
    } catch (e) {
      if (this.good) {
        this.logger.warn(
          `Could not read the catalog, using the snapshot of ${new Date(
            this.good.loadedAt,
          ).toISOString()}: ${e}`,
        );
        return this.good;
      }
      throw new ServiceUnavailableError(
        `The catalog could not be read (${
          (e as Error).message
        }); nothing was stored, try again`,
      );
    }
  }

  /** The index if one can be had, else undefined (logged): for reads that degrade gracefully. */
  async tryGet(): Promise<CatalogIndex | undefined> {
    try {
      return await this.get();
    } catch (e) {
      this.logger.warn(`Policy bundles are not available: ${e}`);
      return undefined;
    }
  }

  private async load(startedAt: number): Promise<CatalogIndex> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await this.catalog.queryEntities(
        cursor
          ? { cursor, fields: FIELDS, limit: PAGE_SIZE }
          : { filter: FILTER, fields: FIELDS, limit: PAGE_SIZE },
        { credentials },
      );
      entities.push(...response.items);
      cursor = response.pageInfo.nextCursor;
      if (!cursor) break;
    }
    return CatalogIndex.build(entities, {
      loadedAt: startedAt,
      logger: this.logger,
    });
  }
}
