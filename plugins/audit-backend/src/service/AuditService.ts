import {
  BackstageCredentials,
  BackstageServicePrincipal,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuditQuery,
  AuditRecord,
  AuditRecordsPage,
  AuditRecordsResponse,
  AUDIT_DEFAULT_LIMIT,
  AUDIT_MAX_LIMIT,
  normalizeAuditEntityRef,
} from '@goldpath/plugin-audit-common';
import {
  AuditFilter,
  AuditStore,
  decodeCursor,
  encodeCursor,
} from '../database/AuditStore';
import { pseudonymizeActor } from './pseudonym';

const DAY_MS = 86_400_000;
const PURGE_BATCH = 1000;

/**
 * The audit plugin's logic between the router and the store: who may record
 * what, actor pseudonymisation, queries and retention.
 */
export class AuditService {
  static create(options: {
    store: AuditStore;
    logger: LoggerService;
    actorHashKey?: string;
    retentionDays: number;
    now?: () => number;
  }): AuditService {
    return new AuditService(options, options.now ?? Date.now);
  }

  private constructor(
    private readonly options: {
      store: AuditStore;
      logger: LoggerService;
      actorHashKey?: string;
      retentionDays: number;
    },
    private readonly now: () => number,
  ) {}

  /** Whether user actors are stored as pseudonyms. */
  get pseudonymizes(): boolean {
    return this.options.actorHashKey !== undefined;
  }

  /**
   * The stored form of a user actor ref: normalised (`user:default/jane`),
   * then pseudonymised when the installation enables it.
   */
  private storedUserRef(ref: string): string {
    const normalized = normalizeAuditEntityRef(ref, 'user') ?? ref.trim();
    return this.options.actorHashKey
      ? pseudonymizeActor(this.options.actorHashKey, normalized)
      : normalized;
  }

  /**
   * Stores records sent by a service principal. A plugin records its own
   * actions only: `plugin` of every record must be the calling plugin
   * (external tokens are limited by their access restrictions instead).
   */
  async record(
    records: AuditRecord[],
    credentials: BackstageCredentials<BackstageServicePrincipal>,
  ): Promise<AuditRecordsResponse> {
    const subject = credentials.principal.subject;
    if (subject.startsWith('plugin:')) {
      const caller = subject.slice('plugin:'.length);
      const foreign = records.findIndex(r => r.plugin !== caller);
      if (foreign >= 0) {
        throw new NotAllowedError(
          `body.records[${foreign}].plugin is ${records[foreign].plugin}, but plugin ${caller} may record its own actions only`,
        );
      }
    }
    return this.options.store.insert(
      records.map(r => ({
        ...r,
        actor:
          r.actor.type === 'user'
            ? { type: 'user', ref: this.storedUserRef(r.actor.ref) }
            : { type: 'service', ref: r.actor.ref.trim() },
      })),
      this.now(),
    );
  }

  /** Stores one record of the audit plugin's own (a CSV export). */
  async recordOwn(record: AuditRecord): Promise<void> {
    await this.record([record], {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:audit' },
    });
  }

  private filterOf(query: AuditQuery): AuditFilter {
    const filter: AuditFilter = {};
    if (query.actor) {
      // A user is found by ref (records stored before pseudonymisation) and
      // by pseudonym; a service subject or pseudonym matches as given.
      const refs = new Set([query.actor]);
      if (query.actorType !== 'service') {
        const user = normalizeAuditEntityRef(query.actor, 'user');
        if (user) refs.add(user);
        refs.add(this.storedUserRef(query.actor));
      }
      filter.actorRefs = [...refs];
    }
    if (query.actorType) filter.actorType = query.actorType;
    if (query.entity) filter.entityRef = query.entity;
    if (query.action) filter.actionPrefix = query.action;
    if (query.outcome) filter.outcome = query.outcome;
    if (query.correlationId) filter.correlationId = query.correlationId;
    if (query.from) filter.fromMillis = Date.parse(query.from);
    if (query.to) filter.toMillis = Date.parse(query.to);
    return filter;
  }

  /** One page of records, newest first. */
  async list(query: AuditQuery): Promise<AuditRecordsPage> {
    const cursor =
      query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
    if (query.cursor !== undefined && !cursor) {
      throw new InputError(
        'Invalid query: query.cursor must be a cursor from nextCursor',
      );
    }
    const page = await this.options.store.query(this.filterOf(query), {
      ...(cursor ? { cursor } : {}),
      limit: query.limit ?? AUDIT_DEFAULT_LIMIT,
    });
    return {
      items: page.items,
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    };
  }

  /**
   * Every record a query matches, up to `maxRows` (from `query.cursor` on);
   * `nextCursor` continues a truncated export.
   */
  async listAll(query: AuditQuery, maxRows: number): Promise<AuditRecordsPage> {
    const items: AuditRecord[] = [];
    let cursor = query.cursor;
    for (;;) {
      const page = await this.list({
        ...query,
        ...(cursor !== undefined ? { cursor } : {}),
        limit: Math.min(AUDIT_MAX_LIMIT, maxRows - items.length),
      });
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor || items.length >= maxRows) {
        return { items, ...(cursor ? { nextCursor: cursor } : {}) };
      }
    }
  }

  /** Deletes records older than the retention, in batches; returns how many went. */
  async purge(): Promise<number> {
    const before = this.now() - this.options.retentionDays * DAY_MS;
    let total = 0;
    for (;;) {
      const n = await this.options.store.purgeBatch(before, PURGE_BATCH);
      total += n;
      if (n < PURGE_BATCH) return total;
    }
  }
}
