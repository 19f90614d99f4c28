import {
  POLICY_SEVERITIES,
  PolicyCounts,
  PolicyResult,
  PolicySeverity,
  PolicyStatus,
} from '../types';

/** Zero for every severity and `unknown`. @public */
export function emptySeverityCounts(): Record<
  PolicySeverity | 'unknown',
  number
> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 };
}

/**
 * Counts with every field at zero: the counts of an audit that had no
 * results, not of an entity nobody audited (that one has no counts).
 *
 * @public
 */
export function emptyCounts(): PolicyCounts {
  return {
    pass: 0,
    fail: 0,
    warn: 0,
    error: 0,
    skip: 0,
    excepted: 0,
    violationsBySeverity: emptySeverityCounts(),
  };
}

/**
 * fail | warn | error results that are not excepted.
 *
 * @public
 */
export function isViolation(
  result: Pick<PolicyResult, 'status' | 'exception'>,
): boolean {
  return (
    !result.exception &&
    (result.status === 'fail' ||
      result.status === 'warn' ||
      result.status === 'error')
  );
}

/**
 * Counts results: a result with an exception counts as `excepted` only (not
 * under its status); open violations also count by severity (`unknown` for
 * those without one).
 *
 * @public
 */
export function countResults(results: readonly PolicyResult[]): PolicyCounts {
  const counts = emptyCounts();
  for (const result of results) {
    if (result.exception) {
      counts.excepted += 1;
      continue;
    }
    counts[result.status] += 1;
    if (isViolation(result)) {
      const severity =
        result.severity && POLICY_SEVERITIES.includes(result.severity)
          ? result.severity
          : 'unknown';
      counts.violationsBySeverity[severity] += 1;
    }
  }
  return counts;
}

/**
 * fail when any open fail/error, warn when any open warn, pass otherwise.
 * Only call it with at least one audit: an entity without one has no status
 * (`null`), never `pass`.
 *
 * @public
 */
export function deriveStatus(counts: PolicyCounts): PolicyStatus {
  if (counts.fail > 0 || counts.error > 0) return 'fail';
  if (counts.warn > 0) return 'warn';
  return 'pass';
}
