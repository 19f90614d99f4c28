import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  AuditRow,
  FindingDbRow,
  SummaryDbRow,
  UnmappedDbRow,
  WaiverDbRow,
  auditToRow,
  findingToRow,
  rowToAudit,
  rowToAuditHeader,
  rowToFinding,
  rowToSummary,
  rowToUnmapped,
  rowToWaiver,
  summaryToRow,
  unmappedToRow,
  waiverToRow,
} from './mappers';
import { migratePolicyDatabase } from './migrations';
import {
  Audit,
  AuditHeader,
  FindingAggregate,
  FindingRow,
  NewAudit,
  PolicyStore,
  SourceState,
  SummaryPosition,
  SummaryRow,
  UnmappedRow,
  WaiverRow,
} from './PolicyStore';

/** Rows per statement: well under SQLite's and PostgreSQL's bind-parameter limits. */
const CHUNK = 200;

function isPostgres(db: Knex): boolean {
  const client = String(db.client.config.client ?? '');
  return client === 'pg' || client.includes('postgres');
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** The updated_at of a placeholder summary row, which no reader ever sees committed. */
const PLACEHOLDER_UPDATED_AT = 0;

/**
 * The knex implementation of {@link PolicyStore}, for SQLite and PostgreSQL.
 */
export class DatabasePolicyStore implements PolicyStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabasePolicyStore> {
    const client = await options.database.getClient();
    await migratePolicyDatabase(options.database, client);
    return new DatabasePolicyStore(client, isPostgres(client));
  }

  private constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly postgres: boolean,
  ) {}

  async transaction<T>(fn: (tx: PolicyStore) => Promise<T>): Promise<T> {
    if ((this.db as Knex.Transaction).isTransaction) {
      return fn(this);
    }
    return (this.db as Knex).transaction(tx =>
      fn(new DatabasePolicyStore(tx, this.postgres)),
    );
  }

  async lockEntity(entityRef: string): Promise<SummaryRow | undefined> {
    const select = () => {
      const query = this.db<SummaryDbRow>('policy_entity_summary')
        .where({ entity_ref: entityRef })
        .first();
      return this.postgres ? query.forUpdate() : query;
    };
    let row: SummaryDbRow | undefined = await select();
    if (!row) {
      await this.db('policy_entity_summary')
        .insert(
          summaryToRow({
            entityRef,
            status: null,
            excepted: 0,
            updatedAt: PLACEHOLDER_UPDATED_AT,
          }),
        )
        .onConflict('entity_ref')
        .ignore();
      row = await select();
    }
    if (!row || Number(row.updated_at) === PLACEHOLDER_UPDATED_AT) {
      return undefined;
    }
    return rowToSummary(row);
  }

  async listSources(entityRef: string): Promise<SourceState[]> {
    const rows = await this.db('policy_sources')
      .where({ entity_ref: entityRef })
      .orderBy('source');
    return rows.map(rowToSource);
  }

  async getSource(
    entityRef: string,
    source: string,
  ): Promise<SourceState | undefined> {
    const row = await this.db('policy_sources')
      .where({ entity_ref: entityRef, source })
      .first();
    return row ? rowToSource(row) : undefined;
  }

  async putSource(state: SourceState): Promise<void> {
    await this.db('policy_sources')
      .insert({
        entity_ref: state.entityRef,
        source: state.source,
        latest_audit_id: state.latestAuditId,
        previous_audit_id: state.previousAuditId ?? null,
        last_audit_at: state.lastAuditAt,
      })
      .onConflict(['entity_ref', 'source'])
      .merge(['latest_audit_id', 'previous_audit_id', 'last_audit_at']);
  }

  async getAudits(ids: readonly number[]): Promise<Audit[]> {
    const out: Audit[] = [];
    for (const part of chunks([...new Set(ids)])) {
      const rows: AuditRow[] = await this.db('policy_audits').whereIn(
        'id',
        part,
      );
      out.push(...rows.map(rowToAudit));
    }
    return out;
  }

  async insertAudit(audit: NewAudit): Promise<number> {
    const [row] = await this.db('policy_audits')
      .insert(auditToRow(audit))
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async updateAudit(
    id: number,
    patch: Partial<
      Pick<Audit, 'lastAuditAt' | 'results' | 'counts' | 'fingerprint'>
    >,
  ): Promise<void> {
    const update: Record<string, unknown> = {};
    if (patch.lastAuditAt !== undefined) {
      update.last_audit_at = patch.lastAuditAt;
    }
    if (patch.results !== undefined) {
      update.results = JSON.stringify(patch.results);
    }
    if (patch.counts !== undefined)
      update.counts = JSON.stringify(patch.counts);
    if (patch.fingerprint !== undefined) update.fingerprint = patch.fingerprint;
    if (Object.keys(update).length === 0) return;
    await this.db('policy_audits').where({ id }).update(update);
  }

  async listAuditHeaders(options: {
    entityRef: string;
    source: string;
    limit: number;
  }): Promise<AuditHeader[]> {
    const rows: AuditRow[] = await this.db('policy_audits')
      .where({ entity_ref: options.entityRef, source: options.source })
      .orderBy([
        { column: 'audited_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit)
      .select(
        'id',
        'entity_ref',
        'source',
        'ingest_id',
        'format',
        'producer',
        'audited_at',
        'last_audit_at',
        'received_at',
        'fingerprint',
        'counts',
      );
    return rows.map(rowToAuditHeader);
  }

  async replaceFindings(
    entityRef: string,
    source: string,
    findings: readonly FindingRow[],
  ): Promise<void> {
    await this.db('policy_findings')
      .where({ entity_ref: entityRef, source })
      .delete();
    const rows = findings
      .map(findingToRow)
      .sort((a, b) => (a.finding_hash < b.finding_hash ? -1 : 1));
    for (const part of chunks(rows)) {
      await this.db('policy_findings').insert(part);
    }
  }

  async listOldestFindings(options: {
    offset: number;
    limit: number;
  }): Promise<FindingRow[]> {
    const rows: FindingDbRow[] = await this.db('policy_findings')
      .orderBy([
        { column: 'first_seen', order: 'asc' },
        { column: 'entity_ref', order: 'asc' },
        { column: 'source', order: 'asc' },
        { column: 'finding_hash', order: 'asc' },
      ])
      .offset(options.offset)
      .limit(options.limit);
    return rows.map(rowToFinding);
  }

  async listFindings(entityRefs: readonly string[]): Promise<FindingRow[]> {
    const out: FindingRow[] = [];
    for (const part of chunks([...new Set(entityRefs)])) {
      const rows: FindingDbRow[] = await this.db('policy_findings').whereIn(
        'entity_ref',
        part,
      );
      out.push(...rows.map(rowToFinding));
    }
    return out;
  }

  async aggregateFindings(): Promise<FindingAggregate[]> {
    const rows: Array<{
      policy: string;
      entity_ref: string;
      severity: string | null;
      n: number | string;
    }> = await this.db('policy_findings')
      .groupBy('policy', 'entity_ref', 'severity')
      .select('policy', 'entity_ref', 'severity')
      .sum({ n: 'occurrences' });
    return rows.map(r => ({
      policy: r.policy,
      entityRef: r.entity_ref,
      ...(r.severity !== null
        ? { severity: r.severity as FindingAggregate['severity'] }
        : {}),
      occurrences: Number(r.n),
    }));
  }

  async putSummary(row: SummaryRow): Promise<void> {
    const dbRow = summaryToRow(row);
    await this.db('policy_entity_summary')
      .insert(dbRow)
      .onConflict('entity_ref')
      .merge([
        'status',
        'violations',
        'excepted',
        'last_audit_at',
        'next_waiver_expiry',
        'updated_at',
      ]);
  }

  async deleteSummary(entityRef: string): Promise<void> {
    await this.db('policy_entity_summary')
      .where({ entity_ref: entityRef })
      .delete();
  }

  async listSummaryChanges(options: {
    after?: SummaryPosition;
    limit: number;
  }): Promise<SummaryRow[]> {
    let query = this.db<SummaryDbRow>('policy_entity_summary')
      .where('updated_at', '>', PLACEHOLDER_UPDATED_AT)
      .orderBy([
        { column: 'updated_at', order: 'asc' },
        { column: 'entity_ref', order: 'asc' },
      ])
      .limit(options.limit);
    const after = options.after;
    if (after) {
      query = query.where(q =>
        q
          .where('updated_at', '>', after.updatedAt)
          .orWhere(q2 =>
            q2
              .where('updated_at', '=', after.updatedAt)
              .andWhere('entity_ref', '>', after.entityRef),
          ),
      );
    }
    const rows: SummaryDbRow[] = await query;
    return rows.map(rowToSummary);
  }

  async listSummaries(): Promise<SummaryRow[]> {
    const rows: SummaryDbRow[] = await this.db('policy_entity_summary')
      .whereNotNull('status')
      .where('updated_at', '>', PLACEHOLDER_UPDATED_AT);
    return rows.map(rowToSummary);
  }

  async listSummariesDueForExpiry(
    at: number,
    limit: number,
  ): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.db(
      'policy_entity_summary',
    )
      .whereNotNull('next_waiver_expiry')
      .where('next_waiver_expiry', '<=', at)
      .orderBy('entity_ref')
      .limit(limit)
      .select('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  async listStaleEntities(options: {
    before: number;
    afterRef?: string;
    limit: number;
  }): Promise<string[]> {
    let query = this.db('policy_entity_summary')
      .whereNotNull('status')
      .where('last_audit_at', '<', options.before)
      .orderBy('entity_ref')
      .limit(options.limit)
      .select('entity_ref');
    if (options.afterRef !== undefined) {
      query = query.where('entity_ref', '>', options.afterRef);
    }
    const rows: Array<{ entity_ref: string }> = await query;
    return rows.map(r => r.entity_ref);
  }

  async listEntityRefs(options: {
    afterRef?: string;
    limit: number;
  }): Promise<string[]> {
    let query = this.db('policy_entity_summary')
      .whereNotNull('status')
      .orderBy('entity_ref')
      .limit(options.limit)
      .select('entity_ref');
    if (options.afterRef !== undefined) {
      query = query.where('entity_ref', '>', options.afterRef);
    }
    const rows: Array<{ entity_ref: string }> = await query;
    return rows.map(r => r.entity_ref);
  }

  async insertWaiver(waiver: WaiverRow): Promise<void> {
    await this.db('policy_waivers').insert(waiverToRow(waiver));
  }

  async getWaiver(id: string): Promise<WaiverRow | undefined> {
    const row: WaiverDbRow | undefined = await this.db('policy_waivers')
      .where({ id })
      .first();
    return row ? rowToWaiver(row) : undefined;
  }

  async deleteWaiver(id: string): Promise<boolean> {
    const n = await this.db('policy_waivers').where({ id }).delete();
    return n > 0;
  }

  async listWaivers(entityRef: string): Promise<WaiverRow[]> {
    const rows: WaiverDbRow[] = await this.db('policy_waivers')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'expires_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(rowToWaiver);
  }

  async listActiveWaivers(at: number, limit: number): Promise<WaiverRow[]> {
    const rows: WaiverDbRow[] = await this.db('policy_waivers')
      .where('expires_at', '>', at)
      .orderBy([
        { column: 'expires_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(rowToWaiver);
  }

  async insertUnmapped(
    rows: readonly Omit<UnmappedRow, 'id'>[],
  ): Promise<void> {
    for (const part of chunks(rows.map(unmappedToRow))) {
      await this.db('policy_unmapped').insert(part);
    }
  }

  async listUnmapped(options: {
    afterId?: number;
    limit: number;
  }): Promise<UnmappedRow[]> {
    let query = this.db('policy_unmapped').orderBy('id').limit(options.limit);
    if (options.afterId !== undefined) {
      query = query.where('id', '>', options.afterId);
    }
    const rows: UnmappedDbRow[] = await query;
    return rows.map(rowToUnmapped);
  }

  async listRecentUnmapped(limit: number): Promise<UnmappedRow[]> {
    const rows: UnmappedDbRow[] = await this.db('policy_unmapped')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(rowToUnmapped);
  }

  async countUnmapped(): Promise<number> {
    const [{ n }] = await this.db('policy_unmapped').count({ n: '*' });
    return Number(n);
  }

  async deleteUnmapped(ids: readonly number[]): Promise<number> {
    let n = 0;
    for (const part of chunks([...ids].sort((a, b) => a - b))) {
      n += await this.db('policy_unmapped').whereIn('id', part).delete();
    }
    return n;
  }

  async pruneAudits(options: {
    before: number;
    limit: number;
  }): Promise<number> {
    const candidates = this.db('policy_audits as a')
      .where('a.last_audit_at', '<', options.before)
      .whereNotExists(q =>
        q
          .select(this.db.raw('1'))
          .from('policy_sources as s')
          .whereRaw('s.latest_audit_id = a.id'),
      )
      .whereNotExists(q =>
        q
          .select(this.db.raw('1'))
          .from('policy_sources as p')
          .whereRaw('p.previous_audit_id = a.id'),
      )
      .orderBy('a.id')
      .limit(options.limit)
      .select('a.id');
    return this.db('policy_audits').whereIn('id', candidates).delete();
  }

  async pruneUnmapped(options: { receivedBefore: number }): Promise<number> {
    return this.db('policy_unmapped')
      .where('received_at', '<', options.receivedBefore)
      .delete();
  }

  async pruneWaivers(options: { expiredBefore: number }): Promise<number> {
    return this.db('policy_waivers')
      .where('expires_at', '<', options.expiredBefore)
      .delete();
  }

  async pruneTombstones(options: { before: number }): Promise<number> {
    return this.db('policy_entity_summary')
      .whereNull('status')
      .where('updated_at', '<', options.before)
      .where('updated_at', '>', PLACEHOLDER_UPDATED_AT)
      .delete();
  }

  async deleteEntityState(entityRef: string): Promise<void> {
    for (const table of [
      'policy_findings',
      'policy_sources',
      'policy_audits',
      'policy_waivers',
    ]) {
      await this.db(table).where({ entity_ref: entityRef }).delete();
    }
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.db('policy_meta').where({ key }).first();
    return row ? String(row.value) : undefined;
  }

  async putMeta(key: string, value: string): Promise<void> {
    await this.db('policy_meta')
      .insert({ key, value })
      .onConflict('key')
      .merge(['value']);
  }
}

function rowToSource(row: {
  entity_ref: string;
  source: string;
  latest_audit_id: number | string;
  previous_audit_id: number | string | null;
  last_audit_at: number | string;
}): SourceState {
  return {
    entityRef: row.entity_ref,
    source: row.source,
    latestAuditId: Number(row.latest_audit_id),
    ...(row.previous_audit_id !== null
      ? { previousAuditId: Number(row.previous_audit_id) }
      : {}),
    lastAuditAt: Number(row.last_audit_at),
  };
}
