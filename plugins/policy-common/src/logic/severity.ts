import { POLICY_SEVERITIES, PolicySeverity } from '../types';

/**
 * Severity order, worst first: critical=0 … info=4, undefined=5.
 *
 * @public
 */
export function severityRank(severity: PolicySeverity | undefined): number {
  const rank = severity ? POLICY_SEVERITIES.indexOf(severity) : -1;
  return rank === -1 ? POLICY_SEVERITIES.length : rank;
}

const KEYS = [...POLICY_SEVERITIES, 'unknown'] as const;

/**
 * `critical:0,high:2,medium:1,low:0,info:0,unknown:0`, always in that order
 * and with every key (for the catalog annotation).
 *
 * @public
 */
export function formatSeverityCounts(
  counts: Record<PolicySeverity | 'unknown', number>,
): string {
  return KEYS.map(key => {
    const n = counts[key];
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new TypeError(
        `severity count ${key} must be a non-negative integer, got ${n}`,
      );
    }
    return `${key}:${n}`;
  }).join(',');
}

/**
 * Reads what {@link formatSeverityCounts} writes, in any key order and with
 * spaces around the parts. Returns undefined unless every one of the six keys
 * appears exactly once with a non-negative integer: a missing key is an
 * unknown count, not zero.
 *
 * @public
 */
export function parseSeverityCounts(
  text: string,
): Record<PolicySeverity | 'unknown', number> | undefined {
  if (typeof text !== 'string') return undefined;
  const out: Partial<Record<PolicySeverity | 'unknown', number>> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([a-z]+)\s*:\s*(\d{1,15})\s*$/.exec(part);
    if (!match) return undefined;
    const key = match[1] as PolicySeverity | 'unknown';
    if (!(KEYS as readonly string[]).includes(key) || key in out) {
      return undefined;
    }
    out[key] = Number(match[2]);
  }
  return KEYS.every(key => key in out)
    ? (out as Record<PolicySeverity | 'unknown', number>)
    : undefined;
}
