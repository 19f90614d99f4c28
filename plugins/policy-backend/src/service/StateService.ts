import {
  EntityPolicyState,
  PolicyDrift,
  PolicyExceptedResult,
  PolicyHistoryPoint,
  PolicyPassedCheck,
  PolicySourceAudit,
  PolicyViolation,
  deriveStatus,
  diffFindings,
  emptyCounts,
  isViolation,
  severityRank,
} from '@goldpath/plugin-policy-common';
import { Audit, PolicyStore, StoredResult } from '../database/PolicyStore';
import {
  Bundles,
  addCounts,
  compareText,
  evaluateEntity,
  withBundleSeverity,
} from './evaluate';
import { PolicyCatalog } from './PolicyCatalog';

/** Audits per source in the history of counts. */
export const HISTORY_PER_SOURCE = 30;
/** Most passed checks listed (the counts have them all). */
const MAX_PASSED = 500;

const iso = (ms: number) => new Date(ms).toISOString();

/** A stored result as a violation of the card, with the bundle's guidance. */
export function toViolation(
  source: string,
  result: StoredResult,
  lastSeen: number,
  bundles: Bundles,
): PolicyViolation {
  const bundle = bundles.get(result.policy);
  const severity = result.severity ?? bundle?.severity;
  const remediation = result.remediation ?? bundle?.remediation;
  return {
    key: result.key,
    source,
    policy: result.policy,
    ...(result.rule !== undefined ? { rule: result.rule } : {}),
    status: result.status as PolicyViolation['status'],
    ...(severity ? { severity } : {}),
    ...(result.message !== undefined ? { message: result.message } : {}),
    ...(result.resource ? { resource: result.resource } : {}),
    ...(result.file !== undefined ? { file: result.file } : {}),
    ...(remediation ? { remediation } : {}),
    ...(bundle ? { bundleRef: bundle.bundleRef } : {}),
    ...(bundle?.runbook ? { runbook: bundle.runbook } : {}),
    firstSeen: iso(result.firstSeen ?? lastSeen),
    lastSeen: iso(lastSeen),
  };
}

export const byWorstFirst = (a: PolicyViolation, b: PolicyViolation) =>
  severityRank(a.severity) - severityRank(b.severity) ||
  compareText(a.firstSeen, b.firstSeen) ||
  compareText(a.key, b.key);

/**
 * An entity's policy state for its card: the current audit of each source
 * with waivers applied at read time (an expired waiver needs no job), the
 * bundles' guidance, drift against the audit before, and the history of
 * counts.
 */
export class StateService {
  static create(options: {
    store: PolicyStore;
    catalog: PolicyCatalog;
    now?: () => number;
  }): StateService {
    return new StateService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof StateService.create>[0],
  ) {}

  async getEntityState(entityRef: string): Promise<EntityPolicyState> {
    const { store } = this.options;
    const now = this.options.now?.() ?? Date.now();
    const sources = await store.listSources(entityRef);
    if (sources.length === 0) {
      return {
        entityRef,
        status: null,
        sources: [],
        violations: [],
        excepted: [],
        passed: [],
        drift: [],
        history: [],
      };
    }
    const audits = new Map<number, Audit>(
      (
        await store.getAudits(
          sources.flatMap(s =>
            s.previousAuditId !== undefined
              ? [s.latestAuditId, s.previousAuditId]
              : [s.latestAuditId],
          ),
        )
      ).map(a => [a.id, a]),
    );
    const bundles: Bundles =
      (await this.options.catalog.tryGet())?.bundles ?? new Map();
    const current = sources.filter(s => audits.has(s.latestAuditId));
    const evaluation = evaluateEntity({
      audits: current.map(s => ({
        audit: audits.get(s.latestAuditId)!,
        lastAuditAt: s.lastAuditAt,
      })),
      waivers: await store.listWaivers(entityRef),
      bundles,
      now,
    });

    const sourceAudits: PolicySourceAudit[] = [];
    const violations: PolicyViolation[] = [];
    const excepted: PolicyExceptedResult[] = [];
    const passed: PolicyPassedCheck[] = [];
    const drift: PolicyDrift[] = [];
    const history: PolicyHistoryPoint[] = [];
    let total = emptyCounts();

    for (const state of current) {
      const latest = audits.get(state.latestAuditId)!;
      const previous =
        state.previousAuditId !== undefined
          ? audits.get(state.previousAuditId)
          : undefined;
      const { counts, results } = evaluation.perSource.get(state.source)!;
      total = addCounts(total, counts);
      sourceAudits.push({
        source: state.source,
        format: latest.format,
        ...(latest.producer ? { producer: latest.producer } : {}),
        lastAudit: iso(state.lastAuditAt),
        ...(previous ? { previousAudit: iso(previous.lastAuditAt) } : {}),
        counts,
      });
      for (const result of results) {
        if (isViolation(result)) {
          violations.push(
            toViolation(state.source, result, state.lastAuditAt, bundles),
          );
        } else if (result.exception && result.status !== 'pass') {
          const { status: _s, ...violation } = toViolation(
            state.source,
            result,
            state.lastAuditAt,
            bundles,
          );
          excepted.push({
            ...violation,
            status: result.status,
            exception: result.exception,
          });
        } else if (result.status === 'pass' && passed.length < MAX_PASSED) {
          passed.push({
            source: state.source,
            policy: result.policy,
            ...(result.rule !== undefined ? { rule: result.rule } : {}),
            ...(result.resource ? { resource: result.resource } : {}),
            ...(result.file !== undefined ? { file: result.file } : {}),
          });
        }
      }
      // Drift compares what the reports said: report exceptions count,
      // waivers (a decision about the finding, not a change of it) do not.
      const open = (audit: Audit) =>
        audit.results
          .filter(isViolation)
          .map(r =>
            toViolation(
              state.source,
              withBundleSeverity(r, bundles),
              audit.lastAuditAt,
              bundles,
            ),
          );
      const { introduced, resolved } = diffFindings(
        previous ? open(previous) : [],
        open(latest),
      );
      drift.push({
        source: state.source,
        ...(previous ? { from: iso(previous.lastAuditAt) } : {}),
        to: iso(latest.auditedAt),
        introduced: introduced.sort(byWorstFirst),
        resolved: resolved.sort(byWorstFirst),
      });
      const headers = await store.listAuditHeaders({
        entityRef,
        source: state.source,
        limit: HISTORY_PER_SOURCE,
      });
      history.push(
        ...headers.map(h => ({
          source: state.source,
          auditedAt: iso(h.auditedAt),
          counts: h.counts,
        })),
      );
    }
    history.sort(
      (a, b) =>
        compareText(a.auditedAt, b.auditedAt) ||
        compareText(a.source, b.source),
    );
    return {
      entityRef,
      status: deriveStatus(total),
      lastAudit: iso(evaluation.lastAuditAt),
      sources: sourceAudits,
      violations: violations.sort(byWorstFirst),
      excepted,
      passed,
      drift,
      history,
    };
  }
}
