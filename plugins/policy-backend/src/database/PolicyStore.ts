import {
  PolicyCounts,
  PolicyReportFormat,
  PolicyResourceRef,
  PolicyResult,
  PolicySeverity,
  PolicyStatus,
} from '@goldpath/plugin-policy-common';

/** A result as stored in an audit: with its finding key and, while open, when it was first seen. */
export type StoredResult = PolicyResult & {
  /** `findingKey(source, result)`. */
  key: string;
  /** Epoch ms of the first audit in which the finding was open (violations and excepted results). */
  firstSeen?: number;
};

/** An audit without its results. */
export interface AuditHeader {
  id: number;
  entityRef: string;
  source: string;
  ingestId: string;
  format: PolicyReportFormat;
  producer?: string;
  auditedAt: number;
  lastAuditAt: number;
  receivedAt: number;
  fingerprint: string;
  counts: PolicyCounts;
}

/** An audit: one source's results for one entity at one time. */
export interface Audit extends AuditHeader {
  results: StoredResult[];
}

/** A new audit. */
export type NewAudit = Omit<Audit, 'id'>;

/** The current audit of an (entity, source). */
export interface SourceState {
  entityRef: string;
  source: string;
  latestAuditId: number;
  previousAuditId?: number;
  lastAuditAt: number;
}

/** An open violation of a current audit (waivers not applied). */
export interface FindingRow {
  entityRef: string;
  source: string;
  key: string;
  policy: string;
  rule?: string;
  status: 'fail' | 'warn' | 'error';
  severity?: PolicySeverity;
  message?: string;
  resource?: PolicyResourceRef;
  file?: string;
  remediation?: string;
  firstSeen: number;
  occurrences: number;
}

/** Open violations of one policy on one entity, with the severities seen. */
export interface FindingAggregate {
  policy: string;
  entityRef: string;
  severity?: PolicySeverity;
  occurrences: number;
}

/** Violations by severity, with `unknown`. */
export type SeverityCounts = Record<PolicySeverity | 'unknown', number>;

/** The compact state of one entity; `status: null` marks an entity that lost its state. */
export interface SummaryRow {
  entityRef: string;
  status: PolicyStatus | null;
  violationsBySeverity?: SeverityCounts;
  excepted: number;
  lastAuditAt?: number;
  nextWaiverExpiry?: number;
  updatedAt: number;
}

/** What the mapping rules look at for a result. */
export interface MappingTarget {
  resource?: PolicyResourceRef;
  repository?: string;
}

/** A result that maps to no entity yet. */
export interface UnmappedRow {
  id: number;
  ingestId: string;
  source: string;
  format: PolicyReportFormat;
  producer?: string;
  auditedAt: number;
  receivedAt: number;
  target: MappingTarget;
  result: PolicyResult;
}

/** A waiver as stored (times in epoch ms). */
export interface WaiverRow {
  id: string;
  entityRef: string;
  policy: string;
  rule?: string;
  findingKey?: string;
  reason: string;
  grantedBy: string;
  createdAt: number;
  expiresAt: number;
}

/** A position in the summary stream: rows after it have a later (updatedAt, entityRef). */
export interface SummaryPosition {
  updatedAt: number;
  entityRef: string;
}

/**
 * The policy plugin's store. Writes that belong together run inside
 * {@link PolicyStore.transaction}; the store handed to the callback runs
 * every call in that transaction. Entity locks are taken in sorted order by
 * the callers.
 */
export interface PolicyStore {
  /** Runs `fn` in one transaction: all of it is stored, or none. */
  transaction<T>(fn: (tx: PolicyStore) => Promise<T>): Promise<T>;

  /**
   * Locks an entity for the rest of the transaction (its summary row, created
   * when missing: with PostgreSQL, `SELECT ... FOR UPDATE`), and returns the
   * summary as it was, `undefined` when the entity had none.
   */
  lockEntity(entityRef: string): Promise<SummaryRow | undefined>;

  /** The current audits of an entity, by source. */
  listSources(entityRef: string): Promise<SourceState[]>;
  getSource(
    entityRef: string,
    source: string,
  ): Promise<SourceState | undefined>;
  putSource(state: SourceState): Promise<void>;

  /** Audits by id, with their results. */
  getAudits(ids: readonly number[]): Promise<Audit[]>;
  insertAudit(audit: NewAudit): Promise<number>;
  updateAudit(
    id: number,
    patch: Partial<
      Pick<Audit, 'lastAuditAt' | 'results' | 'counts' | 'fingerprint'>
    >,
  ): Promise<void>;
  /** The newest `limit` audits of an (entity, source) without results, newest first. */
  listAuditHeaders(options: {
    entityRef: string;
    source: string;
    limit: number;
  }): Promise<AuditHeader[]>;

  /** Replaces the open findings of an (entity, source). */
  replaceFindings(
    entityRef: string,
    source: string,
    findings: readonly FindingRow[],
  ): Promise<void>;
  /** Open findings, the longest-open first, from `offset`. */
  listOldestFindings(options: {
    offset: number;
    limit: number;
  }): Promise<FindingRow[]>;
  /** Open findings of some entities (every source). */
  listFindings(entityRefs: readonly string[]): Promise<FindingRow[]>;
  /** Open findings summed per policy, entity and severity. */
  aggregateFindings(): Promise<FindingAggregate[]>;

  putSummary(row: SummaryRow): Promise<void>;
  deleteSummary(entityRef: string): Promise<void>;
  /** Summary rows after a position, in (updatedAt, entityRef) order; tombstones included. */
  listSummaryChanges(options: {
    after?: SummaryPosition;
    limit: number;
  }): Promise<SummaryRow[]>;
  /** Every entity that has a state (no tombstones). */
  listSummaries(): Promise<SummaryRow[]>;
  /** Entities whose next waiver expiry is at or before `at`. */
  listSummariesDueForExpiry(at: number, limit: number): Promise<string[]>;
  /** Entities with a state whose latest audit is before `before`, after `afterRef`. */
  listStaleEntities(options: {
    before: number;
    afterRef?: string;
    limit: number;
  }): Promise<string[]>;
  /** Entity refs that have a state, after `afterRef`, in order. */
  listEntityRefs(options: {
    afterRef?: string;
    limit: number;
  }): Promise<string[]>;

  insertWaiver(waiver: WaiverRow): Promise<void>;
  getWaiver(id: string): Promise<WaiverRow | undefined>;
  deleteWaiver(id: string): Promise<boolean>;
  /** An entity's waivers (active and expired), newest expiry first. */
  listWaivers(entityRef: string): Promise<WaiverRow[]>;
  /** Waivers whose expiry is after `at`, across entities (bounded). */
  listActiveWaivers(at: number, limit: number): Promise<WaiverRow[]>;

  insertUnmapped(rows: readonly Omit<UnmappedRow, 'id'>[]): Promise<void>;
  /** Unmapped results after an id, oldest first. */
  listUnmapped(options: {
    afterId?: number;
    limit: number;
  }): Promise<UnmappedRow[]>;
  /** Unmapped results, newest first. */
  listRecentUnmapped(limit: number): Promise<UnmappedRow[]>;
  countUnmapped(): Promise<number>;
  deleteUnmapped(ids: readonly number[]): Promise<number>;

  /**
   * Retention: deletes up to `limit` audits whose last audit time is before
   * `before`, never the current or the previous audit of an (entity, source).
   */
  pruneAudits(options: { before: number; limit: number }): Promise<number>;
  pruneUnmapped(options: { receivedBefore: number }): Promise<number>;
  pruneWaivers(options: { expiredBefore: number }): Promise<number>;
  /** Deletes tombstones (summary rows without state) older than `before`. */
  pruneTombstones(options: { before: number }): Promise<number>;
  /** Deletes all audits, sources, findings and waivers of an entity (not its summary row). */
  deleteEntityState(entityRef: string): Promise<void>;

  getMeta(key: string): Promise<string | undefined>;
  putMeta(key: string, value: string): Promise<void>;
}
