import {
  PolicyCounts,
  PolicyResult,
  PolicySeverity,
  PolicyStatus,
  applyWaivers,
  countResults,
  deriveStatus,
  emptyCounts,
  findingKey,
  isViolation,
  severityRank,
} from '@goldpath/plugin-policy-common';
import { sha256 } from '../database/mappers';
import {
  Audit,
  FindingRow,
  StoredResult,
  WaiverRow,
} from '../database/PolicyStore';

/** What a policy bundle's contract says about one of its policies. */
export interface BundlePolicy {
  /** The bundle entity (full lower-case ref). */
  bundleRef: string;
  severity?: PolicySeverity;
  remediation?: string;
  runbook?: string;
}

/** Policy name → what its bundle says. */
export type Bundles = ReadonlyMap<string, BundlePolicy>;

/** Compares texts by code unit, for deterministic orders that do not depend on a locale. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Results that carry a first-seen time: open violations and excepted non-passes. */
export function isTracked(result: PolicyResult): boolean {
  return (
    isViolation(result) ||
    (result.exception !== undefined && result.status !== 'pass')
  );
}

/** The result with the bundle's severity when it has none of its own. */
export function withBundleSeverity<T extends PolicyResult>(
  result: T,
  bundles: Bundles,
): T {
  if (result.severity) return result;
  const severity = bundles.get(result.policy)?.severity;
  return severity ? { ...result, severity } : result;
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two results the same finding state: everything but times. */
function comparable(result: StoredResult): unknown {
  const { timestamp: _t, firstSeen: _f, ...rest } = result;
  return rest;
}

/**
 * Keys a source's results (`findingKey`) and puts them in a canonical order,
 * so the same results in any order store the same way.
 */
export function keyResults(
  source: string,
  results: readonly PolicyResult[],
): StoredResult[] {
  const keyed = results.map(r => {
    const { firstSeen: _f, key: _k, ...result } = r as StoredResult;
    return {
      ...(JSON.parse(JSON.stringify(result)) as PolicyResult),
      key: findingKey(source, r),
    };
  });
  return sortResults(keyed);
}

export function sortResults(results: StoredResult[]): StoredResult[] {
  const withText = results.map(r => ({
    r,
    text: canonicalJson(comparable(r)),
  }));
  withText.sort((a, b) => {
    if (a.r.key !== b.r.key) return a.r.key < b.r.key ? -1 : 1;
    if (a.text !== b.text) return a.text < b.text ? -1 : 1;
    return 0;
  });
  return withText.map(x => x.r);
}

/**
 * The fingerprint of an audit's results, without their timestamps: a scanner
 * that re-runs and finds the same gives the same fingerprint.
 */
export function fingerprintResults(results: readonly StoredResult[]): string {
  return sha256(canonicalJson(results.map(comparable)));
}

/**
 * Gives every tracked result its first-seen time: kept from the previous
 * audit while the finding stays open there, `at` otherwise (a finding that
 * resolved and reappears starts again).
 */
export function assignFirstSeen(
  results: readonly StoredResult[],
  previous: readonly StoredResult[] | undefined,
  at: number,
): StoredResult[] {
  const before = new Map<string, number>();
  for (const r of previous ?? []) {
    if (isTracked(r) && r.firstSeen !== undefined) {
      const known = before.get(r.key);
      before.set(
        r.key,
        known === undefined ? r.firstSeen : Math.min(known, r.firstSeen),
      );
    }
  }
  return results.map(r => {
    const { firstSeen: _f, ...rest } = r;
    return isTracked(r)
      ? { ...rest, firstSeen: before.get(r.key) ?? at }
      : (rest as StoredResult);
  });
}

/** The open violations of an audit as rows of the findings table (one per key). */
export function findingsOf(
  entityRef: string,
  source: string,
  results: readonly StoredResult[],
  fallbackFirstSeen: number,
): FindingRow[] {
  const byKey = new Map<string, FindingRow>();
  for (const r of results) {
    if (!isViolation(r)) continue;
    const known = byKey.get(r.key);
    if (known) {
      known.occurrences += 1;
      if (severityRank(r.severity) < severityRank(known.severity)) {
        known.severity = r.severity;
      }
      continue;
    }
    byKey.set(r.key, {
      entityRef,
      source,
      key: r.key,
      policy: r.policy,
      ...(r.rule !== undefined ? { rule: r.rule } : {}),
      status: r.status as FindingRow['status'],
      ...(r.severity ? { severity: r.severity } : {}),
      ...(r.message !== undefined ? { message: r.message } : {}),
      ...(r.resource ? { resource: r.resource } : {}),
      ...(r.file !== undefined ? { file: r.file } : {}),
      ...(r.remediation !== undefined ? { remediation: r.remediation } : {}),
      firstSeen: r.firstSeen ?? fallbackFirstSeen,
      occurrences: 1,
    });
  }
  return [...byKey.values()];
}

/** Sums two counts. */
export function addCounts(a: PolicyCounts, b: PolicyCounts): PolicyCounts {
  const out = emptyCounts();
  for (const k of [
    'pass',
    'fail',
    'warn',
    'error',
    'skip',
    'excepted',
  ] as const) {
    out[k] = a[k] + b[k];
  }
  for (const k of Object.keys(out.violationsBySeverity) as Array<
    keyof PolicyCounts['violationsBySeverity']
  >) {
    out.violationsBySeverity[k] =
      (a.violationsBySeverity[k] ?? 0) + (b.violationsBySeverity[k] ?? 0);
  }
  return out;
}

/** A stored waiver in the shape `applyWaivers` reads. */
export function waiverLike(w: WaiverRow) {
  return {
    policy: w.policy,
    ...(w.rule !== undefined ? { rule: w.rule } : {}),
    ...(w.findingKey !== undefined ? { findingKey: w.findingKey } : {}),
    reason: w.reason,
    grantedBy: w.grantedBy,
    expiresAt: new Date(w.expiresAt).toISOString(),
  };
}

/** The results of a current audit as they stand now: waivers applied, bundle severities filled in. */
export function currentResults(
  audit: Pick<Audit, 'results' | 'source'>,
  waivers: readonly WaiverRow[],
  bundles: Bundles,
  now: number,
): StoredResult[] {
  const applied = applyWaivers(audit.results, waivers.map(waiverLike), {
    source: audit.source,
    now: new Date(now),
  }) as StoredResult[];
  return applied.map(r => withBundleSeverity(r, bundles));
}

/** The state of an entity across its current audits. */
export interface EntityEvaluation {
  status: PolicyStatus;
  counts: PolicyCounts;
  perSource: Map<string, { counts: PolicyCounts; results: StoredResult[] }>;
  lastAuditAt: number;
  nextWaiverExpiry?: number;
}

/**
 * Evaluates an entity's current audits (at least one): waivers applied at
 * `now`, bundle severities filled in, counts summed over sources.
 */
export function evaluateEntity(options: {
  audits: ReadonlyArray<{ audit: Audit; lastAuditAt: number }>;
  waivers: readonly WaiverRow[];
  bundles: Bundles;
  now: number;
}): EntityEvaluation {
  const { audits, waivers, bundles, now } = options;
  let counts = emptyCounts();
  let lastAuditAt = 0;
  const perSource = new Map<
    string,
    { counts: PolicyCounts; results: StoredResult[] }
  >();
  for (const { audit, lastAuditAt: at } of audits) {
    const results = currentResults(audit, waivers, bundles, now);
    const sourceCounts = countResults(results);
    perSource.set(audit.source, { counts: sourceCounts, results });
    counts = addCounts(counts, sourceCounts);
    lastAuditAt = Math.max(lastAuditAt, at);
  }
  const upcoming = waivers
    .map(w => w.expiresAt)
    .filter(t => t > now)
    .sort((a, b) => a - b);
  return {
    status: deriveStatus(counts),
    counts,
    perSource,
    lastAuditAt,
    ...(upcoming.length ? { nextWaiverExpiry: upcoming[0] } : {}),
  };
}
