import {
  PolicyReportFormat,
  PolicyResult,
  countResults,
} from '@goldpath/plugin-policy-common';
import {
  Audit,
  PolicyStore,
  StoredResult,
  SummaryRow,
} from '../database/PolicyStore';
import {
  Bundles,
  assignFirstSeen,
  evaluateEntity,
  fingerprintResults,
  findingsOf,
  keyResults,
  sortResults,
  withBundleSeverity,
} from './evaluate';

/** One source's results for one entity, about to become an audit. */
export interface AuditInput {
  entityRef: string;
  source: string;
  format: PolicyReportFormat;
  producer?: string;
  ingestId: string;
  auditedAt: number;
  receivedAt: number;
  results: readonly PolicyResult[];
}

/**
 * What recording did: `stored` a new audit; `confirmed` the current one
 * (identical results: only its last audit time moved); `merged` late-mapped
 * results into the current audit of the same request; `stale`: older than the
 * current audit, so not stored.
 */
export type AuditOutcome = 'stored' | 'confirmed' | 'merged' | 'stale';

/** What evaluation needs besides the store. */
export interface RecordContext {
  bundles: Bundles;
  now: number;
}

/**
 * Records audits and keeps the derived tables (current audit per source, open
 * findings, entity summary) in step, inside the caller's transaction. The
 * caller locks the entity first ({@link PolicyStore.lockEntity}).
 */
export class AuditRecorder {
  static create(): AuditRecorder {
    return new AuditRecorder();
  }

  private constructor() {}

  /**
   * Records a report's results for an (entity, source). With `attach`, the
   * results come from unmapped rows of request `ingestId`: when the current
   * audit came from that same request they join it instead of replacing it.
   */
  async record(
    tx: PolicyStore,
    input: AuditInput,
    context: RecordContext & { attach?: boolean },
  ): Promise<AuditOutcome> {
    const { entityRef, source } = input;
    const state = await tx.getSource(entityRef, source);
    const [latest] = state ? await tx.getAudits([state.latestAuditId]) : [];
    const keyed = keyResults(source, input.results);

    if (latest && context.attach && latest.ingestId === input.ingestId) {
      await this.merge(tx, latest, keyed, context);
      return 'merged';
    }
    if (
      latest &&
      (input.auditedAt < latest.auditedAt ||
        (context.attach && input.auditedAt <= latest.auditedAt))
    ) {
      return 'stale';
    }
    const fingerprint = fingerprintResults(keyed);
    if (latest && state && latest.fingerprint === fingerprint) {
      const lastAuditAt = Math.max(latest.lastAuditAt, input.auditedAt);
      if (lastAuditAt !== latest.lastAuditAt) {
        await tx.updateAudit(latest.id, { lastAuditAt });
        await tx.putSource({ ...state, lastAuditAt });
      }
      return 'confirmed';
    }
    const results = assignFirstSeen(keyed, latest?.results, input.auditedAt);
    const id = await tx.insertAudit({
      entityRef,
      source,
      ingestId: input.ingestId,
      format: input.format,
      ...(input.producer ? { producer: input.producer } : {}),
      auditedAt: input.auditedAt,
      lastAuditAt: input.auditedAt,
      receivedAt: input.receivedAt,
      fingerprint,
      counts: countResults(
        results.map(r => withBundleSeverity(r, context.bundles)),
      ),
      results,
    });
    await tx.putSource({
      entityRef,
      source,
      latestAuditId: id,
      ...(latest ? { previousAuditId: latest.id } : {}),
      lastAuditAt: input.auditedAt,
    });
    await tx.replaceFindings(
      entityRef,
      source,
      findingsOf(entityRef, source, results, input.auditedAt),
    );
    return 'stored';
  }

  private async merge(
    tx: PolicyStore,
    latest: Audit,
    added: StoredResult[],
    context: RecordContext,
  ) {
    // Open in this same audit: first seen when the audit ran.
    const withFirstSeen = sortResults([
      ...latest.results,
      ...assignFirstSeen(added, undefined, latest.auditedAt),
    ]);
    await tx.updateAudit(latest.id, {
      results: withFirstSeen,
      fingerprint: fingerprintResults(withFirstSeen),
      counts: countResults(
        withFirstSeen.map(r => withBundleSeverity(r, context.bundles)),
      ),
    });
    await tx.replaceFindings(
      latest.entityRef,
      latest.source,
      findingsOf(
        latest.entityRef,
        latest.source,
        withFirstSeen,
        latest.auditedAt,
      ),
    );
  }

  /**
   * Recomputes an entity's summary row from its current audits and waivers.
   * `before` is what {@link PolicyStore.lockEntity} returned. The row's
   * `updatedAt` moves only when the entry changes; an entity that lost every
   * audit becomes a tombstone (`status: null`), a placeholder is dropped.
   */
  async refreshSummary(
    tx: PolicyStore,
    entityRef: string,
    before: SummaryRow | undefined,
    context: RecordContext,
  ): Promise<SummaryRow | undefined> {
    const sources = await tx.listSources(entityRef);
    const updatedAt = Math.max(context.now, (before?.updatedAt ?? 0) + 1);
    if (sources.length === 0) {
      if (!before) {
        await tx.deleteSummary(entityRef);
        return undefined;
      }
      if (before.status === null) return before;
      const tombstone: SummaryRow = {
        entityRef,
        status: null,
        excepted: 0,
        updatedAt,
      };
      await tx.putSummary(tombstone);
      return tombstone;
    }
    const audits = await tx.getAudits(sources.map(s => s.latestAuditId));
    const byId = new Map(audits.map(a => [a.id, a]));
    const evaluation = evaluateEntity({
      audits: sources
        .filter(s => byId.has(s.latestAuditId))
        .map(s => ({
          audit: byId.get(s.latestAuditId)!,
          lastAuditAt: s.lastAuditAt,
        })),
      waivers: await tx.listWaivers(entityRef),
      bundles: context.bundles,
      now: context.now,
    });
    const next: SummaryRow = {
      entityRef,
      status: evaluation.status,
      violationsBySeverity: evaluation.counts.violationsBySeverity,
      excepted: evaluation.counts.excepted,
      lastAuditAt: evaluation.lastAuditAt,
      ...(evaluation.nextWaiverExpiry !== undefined
        ? { nextWaiverExpiry: evaluation.nextWaiverExpiry }
        : {}),
      updatedAt,
    };
    if (before && sameEntry(before, next)) {
      if (before.nextWaiverExpiry !== next.nextWaiverExpiry) {
        const kept = { ...next, updatedAt: before.updatedAt };
        await tx.putSummary(kept);
        return kept;
      }
      return before;
    }
    await tx.putSummary(next);
    return next;
  }
}

/** Whether two rows say the same to a summary reader. */
function sameEntry(a: SummaryRow, b: SummaryRow): boolean {
  return (
    a.status === b.status &&
    a.excepted === b.excepted &&
    a.lastAuditAt === b.lastAuditAt &&
    JSON.stringify(a.violationsBySeverity ?? null) ===
      JSON.stringify(b.violationsBySeverity ?? null)
  );
}
