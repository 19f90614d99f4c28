/**
 * One cumulative histogram bucket, Prometheus style: `count` observations
 * were at most `le`.
 *
 * @public
 */
export interface HistogramBucket {
  le: number | '+Inf';
  count: number;
}

/**
 * Estimates the `q`-quantile (0 ≤ q ≤ 1) of a cumulative histogram the way
 * Prometheus' `histogram_quantile` does: find the bucket holding the rank
 * `q × total` and interpolate linearly inside it, assuming the first bucket
 * starts at 0 (when its bound is positive). A rank that falls into the
 * `+Inf` bucket yields the largest finite bound. Answers `undefined` when
 * there is nothing to estimate: no observations, no finite bucket, or `q`
 * outside [0, 1].
 *
 * The buckets must be in ascending `le` order with cumulative counts and a
 * last `+Inf` bucket (what the `model_health` schema enforces).
 *
 * @public
 */
export function histogramQuantile(
  q: number,
  buckets: readonly HistogramBucket[],
): number | undefined {
  if (!(q >= 0 && q <= 1) || buckets.length < 2) return undefined;
  const last = buckets[buckets.length - 1];
  if (last.le !== '+Inf') return undefined;
  const total = last.count;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  // The first bucket whose count reaches the rank (the +Inf bucket at worst).
  let b = buckets.findIndex(bucket => bucket.count >= rank);
  if (b < 0) b = buckets.length - 1;
  if (b === buckets.length - 1) {
    // The quantile lies above the highest finite bound: that bound is all we know.
    return buckets[b - 1].le as number;
  }
  const upper = buckets[b].le as number;
  if (b === 0 && upper <= 0) return upper;
  const lower = b === 0 ? 0 : (buckets[b - 1].le as number);
  const countBelow = b === 0 ? 0 : buckets[b - 1].count;
  const inBucket = buckets[b].count - countBelow;
  if (inBucket <= 0) return upper;
  return lower + (upper - lower) * ((rank - countBelow) / inBucket);
}
