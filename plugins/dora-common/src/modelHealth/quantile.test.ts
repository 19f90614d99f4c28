import { HistogramBucket, histogramQuantile } from './quantile';

/**
 * 100 observations: 10 ≤ 50ms, 30 in (50ms, 100ms], 50 in (100ms, 250ms],
 * 8 in (250ms, 500ms], 2 in (500ms, 1s], none above.
 */
const histogram: HistogramBucket[] = [
  { le: 0.05, count: 10 },
  { le: 0.1, count: 40 },
  { le: 0.25, count: 90 },
  { le: 0.5, count: 98 },
  { le: 1, count: 100 },
  { le: '+Inf', count: 100 },
];

describe('histogramQuantile', () => {
  it('interpolates inside the bucket holding the rank (checked by hand)', () => {
    // p50: rank 50 is the 10th of 50 observations in (0.1, 0.25]: 0.1 + 0.15 × 10/50.
    expect(histogramQuantile(0.5, histogram)).toBeCloseTo(0.13, 10);
    // p95: rank 95 is the 5th of 8 in (0.25, 0.5]: 0.25 + 0.25 × 5/8.
    expect(histogramQuantile(0.95, histogram)).toBeCloseTo(0.40625, 10);
    // p99: rank 99 is the 1st of 2 in (0.5, 1]: 0.5 + 0.5 × 1/2.
    expect(histogramQuantile(0.99, histogram)).toBeCloseTo(0.75, 10);
    // p5: rank 5 in the first bucket, which starts at 0: 0.05 × 5/10.
    expect(histogramQuantile(0.05, histogram)).toBeCloseTo(0.025, 10);
    expect(histogramQuantile(1, histogram)).toBe(1);
  });

  it('answers the highest finite bound when the rank falls into +Inf', () => {
    const tail: HistogramBucket[] = [
      { le: 0.1, count: 50 },
      { le: 0.2, count: 90 },
      { le: '+Inf', count: 100 },
    ];
    expect(histogramQuantile(0.95, tail)).toBe(0.2);
    expect(histogramQuantile(0.99, tail)).toBe(0.2);
    expect(histogramQuantile(0.5, tail)).toBeCloseTo(0.1, 10);
  });

  it('returns a non-positive first bound as it is', () => {
    expect(
      histogramQuantile(0.1, [
        { le: 0, count: 20 },
        { le: 1, count: 40 },
        { le: '+Inf', count: 40 },
      ]),
    ).toBe(0);
  });

  it('has no answer without observations, finite buckets or a valid q', () => {
    expect(
      histogramQuantile(0.5, [
        { le: 0.1, count: 0 },
        { le: '+Inf', count: 0 },
      ]),
    ).toBeUndefined();
    expect(histogramQuantile(0.5, [{ le: '+Inf', count: 10 }])).toBeUndefined();
    expect(histogramQuantile(1.5, histogram)).toBeUndefined();
    expect(histogramQuantile(-0.1, histogram)).toBeUndefined();
    expect(histogramQuantile(Number.NaN, histogram)).toBeUndefined();
  });
});
