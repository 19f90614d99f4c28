/**
 * How percentiles are computed: `interpolated` matches PostgreSQL's
 * `PERCENTILE_CONT` (linear interpolation between closest ranks); `lower`
 * takes the lower of the two closest ranks (the "lower median").
 *
 * @public
 */
export type PercentileMode = 'interpolated' | 'lower';

/**
 * The p-th percentile (0 ≤ p ≤ 1) of already **sorted** values, or `null` for
 * no values.
 *
 * @public
 */
export function percentileOfSorted(
  sorted: readonly number[],
  p: number,
  mode: PercentileMode = 'interpolated',
): number | null {
  const n = sorted.length;
  if (n === 0) {
    return null;
  }
  const position = p * (n - 1);
  const lowerIndex = Math.floor(position);
  if (mode === 'lower' || lowerIndex === position) {
    return sorted[lowerIndex];
  }
  const lower = sorted[lowerIndex];
  const upper = sorted[lowerIndex + 1];
  return lower + (upper - lower) * (position - lowerIndex);
}

/**
 * The p-th percentile of values in any order, or `null` for none.
 *
 * @public
 */
export function percentile(
  values: readonly number[],
  p: number,
  mode: PercentileMode = 'interpolated',
): number | null {
  return percentileOfSorted(
    [...values].sort((a, b) => a - b),
    p,
    mode,
  );
}

/** @public */
export function median(
  values: readonly number[],
  mode: PercentileMode = 'interpolated',
): number | null {
  return percentile(values, 0.5, mode);
}

/** @public */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  let sum = 0;
  for (const v of values) {
    sum += v;
  }
  return sum / values.length;
}
