import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  REPLACES_TICKET_CATEGORY_ANNOTATION,
  readAttribution,
  resolveAttribution,
} from '@goldpath/plugin-catalog-common';
import {
  DEPLOYMENT_SOURCE_ANNOTATION,
  THRESHOLDS_ANNOTATION,
  ThresholdOverrides,
  parseDeploymentSources,
  parseThresholdOverrides,
  ticketCategoryKey,
} from '@goldpath/plugin-dora-common';

/** `disabled` opts an entity out of delivery telemetry: nothing of it is stored. */
export const TELEMETRY_ANNOTATION = 'goldpath.dev/telemetry';

/** Extra identities of an entity: `source:value` entries, comma-separated. */
export const ALIASES_ANNOTATION = 'goldpath.dev/aliases';

/** Entities read per catalog request. */
const PAGE_SIZE = 500;
/** Pages read at most per load (a guard against a cursor that never ends). */
const MAX_PAGES = 10_000;
/** The first wait before an early reload (an identity unknown, an empty catalog). */
const MIN_EARLY_RELOAD_MS = 5_000;

/** Annotations whose values name a service in a tool, used to resolve webhook events. */
export const IDENTITY_ANNOTATIONS = [
  'github.com/project-slug',
  'gitlab.com/project-slug',
  'pagerduty.com/service-id',
  'argocd/app-name',
  'backstage.io/kubernetes-id',
];

/** What the catalog says about one service (component). */
export interface ServiceInfo {
  ref: string;
  title: string;
  owners: string[];
  system?: string;
  domain?: string;
  template: { ref: string; version?: string } | null;
  thresholds?: ThresholdOverrides;
  /** `goldpath.dev/deployment-source`: the sources whose deployments count, most preferred first. */
  deploymentSources?: string[];
  /** `goldpath.dev/telemetry: disabled`: nothing of this service is stored. */
  telemetryDisabled: boolean;
}

/** A group, system or domain of the catalog. */
export interface GroupingInfo {
  ref: string;
  title: string;
  /** Groups: the parent group; systems: the domain. */
  parent?: string;
  /** Templates: the ticket categories `goldpath.dev/replaces-ticket-category` says they replace, as `ticketCategoryKey`s. */
  replacesTicketCategories?: string[];
}

/** A snapshot of the catalog, as far as scorecards need it. */
export interface CatalogSnapshot {
  services: Map<string, ServiceInfo>;
  groups: Map<string, GroupingInfo>;
  systems: Map<string, GroupingInfo>;
  domains: Map<string, GroupingInfo>;
  templates: Map<string, GroupingInfo>;
  /** `annotation\u0000value` (lower-case) → entity ref, from the identity annotations. */
  identities: Map<string, string>;
  /** Alias (lower-case, as written in goldpath.dev/aliases) → entity ref. */
  aliases: Map<string, string>;
}

/** The key of an identity in {@link CatalogSnapshot.identities}. */
export const identityKey = (annotation: string, value: string) =>
  `${annotation}\u0000${value.trim().toLowerCase()}`;

const splitValues = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function relationTargets(entity: Entity, type: string, kind?: string) {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => lower(r.targetRef))
    .filter(ref => !kind || ref.startsWith(`${kind}:`));
}

function titleOf(entity: Entity): string {
  return entity.metadata.title ?? entity.metadata.name;
}

/**
 * Reads components, systems, domains and groups from the catalog and keeps
 * them for a short while, so scorecards and rollups cost one catalog read
 * per minute, not one per service. The read is paged (`queryEntities` with
 * its cursor); the catalog API of Backstage 1.55 has no "changed since"
 * filter, so every read is a full one. Early reloads (a webhook identity no
 * entity claims, an empty catalog at start-up) back off: 5 s, then twice as
 * long each time up to the TTL, until a read finds something new.
 */
export class CatalogDirectory {
  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    ttlMillis?: number;
  }): CatalogDirectory {
    return new CatalogDirectory(
      options.catalog,
      options.auth,
      options.logger,
      options.ttlMillis ?? 60_000,
    );
  }

  private cached?: { at: number; value: Promise<CatalogSnapshot> };
  /** The wait before the next early reload. */
  private earlyReloadMillis = MIN_EARLY_RELOAD_MS;
  /** Sizes of the last directory read, to see whether a read found more. */
  private lastShape?: string;

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly ttlMillis: number,
  ) {}

  /**
   * The directory, read at most once per TTL (concurrent callers share one
   * read). `maxAgeMillis` asks for a fresher one, e.g. after a lookup missed.
   */
  async get(options: { maxAgeMillis?: number } = {}): Promise<CatalogSnapshot> {
    const now = Date.now();
    const early =
      options.maxAgeMillis !== undefined &&
      options.maxAgeMillis < this.ttlMillis;
    // An early reload at most once per backoff period.
    const maxAge = early
      ? Math.max(options.maxAgeMillis!, this.earlyReloadMillis)
      : this.ttlMillis;
    if (!this.cached || now - this.cached.at > maxAge) {
      if (this.cached && early && now - this.cached.at <= this.ttlMillis) {
        this.backOff();
      }
      const value = this.load();
      this.cached = { at: now, value };
      value.then(
        directory => {
          const shape = [
            directory.services.size,
            directory.identities.size,
            directory.aliases.size,
          ].join('/');
          if (shape !== this.lastShape) {
            // Something new: early reloads may come soon again.
            this.lastShape = shape;
            this.earlyReloadMillis = MIN_EARLY_RELOAD_MS;
          }
          // An empty catalog is most likely one still loading at start-up.
          if (directory.services.size === 0 && this.cached?.value === value) {
            this.cached = this.retryIn(value);
          }
        },
        () => {
          // Try again soon, backing off, rather than on every request while
          // the catalog is down.
          if (this.cached?.value === value) {
            this.cached = this.retryIn(value);
          }
        },
      );
    }
    return this.cached.value;
  }

  /** The cache entry of `value`, expiring after the backoff period. */
  private retryIn(value: Promise<CatalogSnapshot>) {
    const wait = this.earlyReloadMillis;
    this.backOff();
    return { at: Date.now() - this.ttlMillis + wait, value };
  }

  private backOff() {
    this.earlyReloadMillis = Math.min(
      this.earlyReloadMillis * 2,
      this.ttlMillis,
    );
  }

  private async load(): Promise<CatalogSnapshot> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const fields = [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'metadata.annotations',
      'relations',
    ];
    const items: Entity[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await this.catalog.queryEntities(
        cursor
          ? { cursor, fields, limit: PAGE_SIZE }
          : {
              filter: [
                { kind: 'component' },
                { kind: 'system' },
                { kind: 'domain' },
                { kind: 'group' },
                { kind: 'template' },
              ],
              fields,
              limit: PAGE_SIZE,
              totalItems: 'exclude',
            },
        { credentials },
      );
      items.push(...response.items);
      cursor = response.pageInfo.nextCursor;
      if (!cursor || response.items.length === 0) break;
    }
    const directory: CatalogSnapshot = {
      services: new Map(),
      groups: new Map(),
      systems: new Map(),
      domains: new Map(),
      templates: new Map(),
      identities: new Map(),
      aliases: new Map(),
    };
    for (const entity of items) {
      const ref = lower(stringifyEntityRef(entity));
      const kind = entity.kind.toLocaleLowerCase('en-US');
      const title = titleOf(entity);
      if (kind === 'component') {
        directory.services.set(ref, this.serviceInfo(ref, title, entity));
        this.indexIdentities(directory, ref, entity);
      } else if (kind === 'group') {
        directory.groups.set(ref, {
          ref,
          title,
          parent: relationTargets(entity, RELATION_CHILD_OF, 'group')[0],
        });
      } else if (kind === 'system') {
        directory.systems.set(ref, {
          ref,
          title,
          parent: relationTargets(entity, RELATION_PART_OF, 'domain')[0],
        });
      } else if (kind === 'domain') {
        directory.domains.set(ref, { ref, title });
      } else if (kind === 'template') {
        // Keyed as tickets are, so `Database Credentials` covers `database-credentials`.
        const replaces = [
          ...new Set(
            splitValues(
              entity.metadata.annotations?.[
                REPLACES_TICKET_CATEGORY_ANNOTATION
              ],
            ).flatMap(c => ticketCategoryKey(c) ?? []),
          ),
        ];
        directory.templates.set(ref, {
          ref,
          title,
          ...(replaces.length && { replacesTicketCategories: replaces }),
        });
      }
    }
    for (const service of directory.services.values()) {
      if (service.system) {
        service.domain =
          directory.systems.get(service.system)?.parent ?? service.domain;
      }
    }
    return directory;
  }

  private indexIdentities(
    directory: CatalogSnapshot,
    ref: string,
    entity: Entity,
  ) {
    const annotations = entity.metadata.annotations ?? {};
    const claim = (map: Map<string, string>, key: string) => {
      const owner = map.get(key);
      if (owner && owner !== ref) {
        this.logger.warn(
          `${ref} and ${owner} both claim ${key.replace(
            '\u0000',
            ' ',
          )}; keeping ${owner}`,
        );
        return;
      }
      map.set(key, ref);
    };
    for (const annotation of IDENTITY_ANNOTATIONS) {
      for (const value of splitValues(annotations[annotation])) {
        claim(directory.identities, identityKey(annotation, value));
      }
    }
    for (const alias of splitValues(annotations[ALIASES_ANNOTATION])) {
      claim(directory.aliases, alias.toLowerCase());
    }
  }

  private serviceInfo(ref: string, title: string, entity: Entity): ServiceInfo {
    const annotations = entity.metadata.annotations ?? {};
    // The catalog module's normalised answer; without the module installed,
    // the same rules applied to the entity's own annotations.
    const attribution =
      readAttribution(entity) ??
      resolveAttribution({
        annotations,
        defaultNamespace: entity.metadata.namespace,
      });
    let thresholds: ThresholdOverrides | undefined;
    const thresholdText = annotations[THRESHOLDS_ANNOTATION];
    if (thresholdText) {
      try {
        thresholds = parseThresholdOverrides(thresholdText);
      } catch (e) {
        this.logger.warn(
          `Ignoring ${THRESHOLDS_ANNOTATION} of ${ref}: ${
            (e as Error).message
          }`,
        );
      }
    }
    let deploymentSources: string[] | undefined;
    const sourcesText = annotations[DEPLOYMENT_SOURCE_ANNOTATION];
    if (sourcesText) {
      try {
        deploymentSources = parseDeploymentSources(sourcesText);
      } catch (e) {
        this.logger.warn(
          `Ignoring ${DEPLOYMENT_SOURCE_ANNOTATION} of ${ref}: ${
            (e as Error).message
          }`,
        );
      }
    }
    const domains = relationTargets(entity, RELATION_PART_OF, 'domain');
    return {
      ref,
      title,
      owners: relationTargets(entity, RELATION_OWNED_BY),
      system: relationTargets(entity, RELATION_PART_OF, 'system')[0],
      domain: domains[0],
      template: attribution
        ? {
            ref: attribution.templateRef,
            ...(attribution.version ? { version: attribution.version } : {}),
          }
        : null,
      ...(thresholds ? { thresholds } : {}),
      ...(deploymentSources?.length ? { deploymentSources } : {}),
      telemetryDisabled:
        annotations[TELEMETRY_ANNOTATION]?.trim().toLowerCase() === 'disabled',
    };
  }
}

/** Whether `group` is `ancestor` or one of its descendants. */
export function isWithinGroup(
  directory: CatalogSnapshot,
  group: string,
  ancestor: string,
): boolean {
  const seen = new Set<string>();
  let current: string | undefined = group;
  while (current && !seen.has(current)) {
    if (current === ancestor) return true;
    seen.add(current);
    current = directory.groups.get(current)?.parent;
  }
  return false;
}
