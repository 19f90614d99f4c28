/**
 * A performance level in a DORA benchmark set.
 *
 * @public
 */
export type DoraLevel = 'elite' | 'high' | 'medium' | 'low';

/**
 * Upper bounds (exclusive for durations, inclusive for ratios) of the elite,
 * high and medium bands of one metric; anything beyond `medium` is low.
 *
 * @public
 */
export interface BandThresholds {
  elite: number;
  high: number;
  medium: number;
}

/**
 * The bands a benchmark set uses to turn metric values into levels.
 * Durations are in seconds, ratios in 0..1.
 *
 * @public
 */
export interface BenchmarkSet {
  id: string;
  title: string;
  /** Median deployment days per week (elite, high) and per month (medium). */
  deploymentFrequency: {
    eliteDaysPerWeek: number;
    highDaysPerWeek: number;
    mediumDaysPerMonth: number;
  };
  changeLeadTime: BandThresholds;
  changeFailRate: BandThresholds;
  failedDeploymentRecoveryTime: BandThresholds;
  /** `null` where the benchmark publishes no bands for the metric. */
  deploymentReworkRate: BandThresholds | null;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

/**
 * The benchmark sets Goldpath ships.
 *
 * - `dora-2023`: the State of DevOps 2023 bands as Apache DevLake encodes them
 *   (the default). It publishes no rework-rate bands.
 * - `dora-2023-rework`: `dora-2023` plus rework-rate bands equal to the
 *   change-fail-rate bands, for teams that want a level for every metric.
 *
 * @public
 */
export const BENCHMARK_SETS: Readonly<Record<string, BenchmarkSet>> = {
  'dora-2023': {
    id: 'dora-2023',
    title: 'DORA 2023 (DevLake encoding)',
    deploymentFrequency: {
      eliteDaysPerWeek: 5,
      highDaysPerWeek: 1,
      mediumDaysPerMonth: 1,
    },
    changeLeadTime: { elite: DAY, high: WEEK, medium: MONTH },
    changeFailRate: { elite: 0.05, high: 0.1, medium: 0.15 },
    failedDeploymentRecoveryTime: { elite: HOUR, high: DAY, medium: WEEK },
    deploymentReworkRate: null,
  },
  'dora-2023-rework': {
    id: 'dora-2023-rework',
    title: 'DORA 2023 with rework-rate bands',
    deploymentFrequency: {
      eliteDaysPerWeek: 5,
      highDaysPerWeek: 1,
      mediumDaysPerMonth: 1,
    },
    changeLeadTime: { elite: DAY, high: WEEK, medium: MONTH },
    changeFailRate: { elite: 0.05, high: 0.1, medium: 0.15 },
    failedDeploymentRecoveryTime: { elite: HOUR, high: DAY, medium: WEEK },
    deploymentReworkRate: { elite: 0.05, high: 0.1, medium: 0.15 },
  },
};

/** The default benchmark set id. @public */
export const DEFAULT_BENCHMARK = 'dora-2023';

/**
 * Per-metric overrides of a benchmark set's bands (from app-config or an
 * entity annotation).
 *
 * @public
 */
export interface ThresholdOverrides {
  deploymentFrequency?: Partial<BenchmarkSet['deploymentFrequency']>;
  changeLeadTime?: Partial<BandThresholds>;
  changeFailRate?: Partial<BandThresholds>;
  failedDeploymentRecoveryTime?: Partial<BandThresholds>;
  deploymentReworkRate?: Partial<BandThresholds>;
}

function mergeBands(
  base: BandThresholds | null,
  override: Partial<BandThresholds> | undefined,
): BandThresholds | null {
  if (!override) {
    return base;
  }
  if (!base) {
    const { elite, high, medium } = override;
    return elite !== undefined && high !== undefined && medium !== undefined
      ? { elite, high, medium }
      : null;
  }
  return { ...base, ...override };
}

/**
 * A benchmark set with overrides applied on top (later overrides win).
 *
 * @public
 */
export function resolveBenchmark(
  benchmark: string | BenchmarkSet = DEFAULT_BENCHMARK,
  ...overrides: Array<ThresholdOverrides | undefined>
): BenchmarkSet {
  let set: BenchmarkSet;
  if (typeof benchmark === 'string') {
    const found = BENCHMARK_SETS[benchmark];
    if (!found) {
      throw new RangeError(
        `Unknown benchmark set "${benchmark}"; known sets: ${Object.keys(
          BENCHMARK_SETS,
        ).join(', ')}`,
      );
    }
    set = found;
  } else {
    set = benchmark;
  }
  for (const o of overrides) {
    if (!o) {
      continue;
    }
    set = {
      ...set,
      deploymentFrequency: {
        ...set.deploymentFrequency,
        ...o.deploymentFrequency,
      },
      changeLeadTime: mergeBands(set.changeLeadTime, o.changeLeadTime)!,
      changeFailRate: mergeBands(set.changeFailRate, o.changeFailRate)!,
      failedDeploymentRecoveryTime: mergeBands(
        set.failedDeploymentRecoveryTime,
        o.failedDeploymentRecoveryTime,
      )!,
      deploymentReworkRate: mergeBands(
        set.deploymentReworkRate,
        o.deploymentReworkRate,
      ),
    };
  }
  return set;
}

/** Level of a duration (seconds): below `elite` is elite, and so on. @public */
export function durationLevel(
  seconds: number | null,
  bands: BandThresholds,
): DoraLevel | null {
  if (seconds === null) {
    return null;
  }
  if (seconds < bands.elite) return 'elite';
  if (seconds < bands.high) return 'high';
  if (seconds < bands.medium) return 'medium';
  return 'low';
}

/** Level of a ratio (0..1): at most `elite` is elite, and so on. @public */
export function ratioLevel(
  ratio: number | null,
  bands: BandThresholds | null,
): DoraLevel | null {
  if (ratio === null || bands === null) {
    return null;
  }
  if (ratio <= bands.elite) return 'elite';
  if (ratio <= bands.high) return 'high';
  if (ratio <= bands.medium) return 'medium';
  return 'low';
}
