import { percentileOfSorted } from '@goldpath/plugin-dora-common';

const HOUR = 3_600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

/** One bar of the lead-time histogram. */
export interface LeadTimeBucket {
  key: 'under1h' | '1hTo1d' | '1dTo1w' | '1wTo1mo' | 'over1mo';
  label: string;
  /** Lead times in `[min, max)` seconds. */
  min: number;
  max: number;
  count: number;
  /** count ÷ all lead times; 0 without any. */
  share: number;
}

const BUCKETS: ReadonlyArray<Omit<LeadTimeBucket, 'count' | 'share'>> = [
  { key: 'under1h', label: '<1h', min: -Infinity, max: HOUR },
  { key: '1hTo1d', label: '1h–1d', min: HOUR, max: DAY },
  { key: '1dTo1w', label: '1d–1w', min: DAY, max: WEEK },
  { key: '1wTo1mo', label: '1w–1mo', min: WEEK, max: MONTH },
  { key: 'over1mo', label: '>1mo', min: MONTH, max: Infinity },
];

/**
 * Lead times (seconds) in human buckets: under an hour, up to a day, a
 * week, a month (30 days), and longer. Each bucket includes its lower bound.
 */
export function leadTimeHistogram(
  leadTimeSeconds: readonly number[],
): LeadTimeBucket[] {
  const total = leadTimeSeconds.length;
  return BUCKETS.map(bucket => {
    const count = leadTimeSeconds.filter(
      s => s >= bucket.min && s < bucket.max,
    ).length;
    return { ...bucket, count, share: total === 0 ? 0 : count / total };
  });
}

/** Median and 90th percentile of lead times in any order; `null` for none. */
export function leadTimeSummary(leadTimeSeconds: readonly number[]): {
  median: number | null;
  p90: number | null;
} {
  const sorted = [...leadTimeSeconds].sort((a, b) => a - b);
  return {
    median: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
  };
}
