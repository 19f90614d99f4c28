import { DoraLevel } from './benchmarks';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * The duration limits of the DORA Quick Check answers for lead time and
 * recovery time: less than an hour (answer 6), a day (5), a week (4), a month
 * (3, taken as 30 days), six months (2, taken as 182 days); otherwise 1.
 *
 * @public
 */
export const QUICK_CHECK_DURATION_LIMITS: readonly number[] = [
  HOUR,
  DAY,
  7 * DAY,
  30 * DAY,
  182 * DAY,
];

/**
 * The Quick Check answer (1..6) for a duration in seconds.
 *
 * @public
 */
export function durationAnswer(seconds: number): number {
  const limits = QUICK_CHECK_DURATION_LIMITS;
  for (let i = 0; i < limits.length; i++) {
    if (seconds < limits[i]) {
      return 6 - i;
    }
  }
  return 1;
}

/**
 * The Quick Check answer (1..6) for deployment frequency: on demand (elite,
 * and several deployments on the median deployment day) is 6, elite 5, high
 * 4, medium 3, at least one deployment in six months 2, otherwise 1.
 *
 * @public
 */
export function deploymentFrequencyAnswer(options: {
  level: DoraLevel;
  onDemand: boolean;
  deployedInLastSixMonths: boolean;
}): number {
  switch (options.level) {
    case 'elite':
      return options.onDemand ? 6 : 5;
    case 'high':
      return 4;
    case 'medium':
      return 3;
    default:
      return options.deployedInLastSixMonths ? 2 : 1;
  }
}

/**
 * The 0–10 score of a Quick Check answer: `(answer − 1) × 2`, so 1 → 0,
 * 3.5 → 5 and 6 → 10.
 *
 * @public
 */
export function scoreFromAnswer(answer: number): number {
  return (answer - 1) * 2;
}

/**
 * The 0–10 score of a percentage metric given as a ratio (0..1):
 * `10 − pct / 10`, so 0 % → 10, 50 % → 5 and 100 % → 0.
 *
 * @public
 */
export function scoreFromRatio(ratio: number): number {
  return 10 - (ratio * 100) / 10;
}
