import type {
  Distribution,
  LevelCounts,
  MetricDistributions,
  RollupGroup,
  RollupSlice,
} from '../api';
import type { DoraLevel } from './benchmarks';
import type { ServiceScorecard } from './scorecard';
import { PercentileMode, percentileOfSorted } from './stats';

/**
 * The distribution of per-service values (`null`s are services without a
 * value and are left out of `n`).
 *
 * @public
 */
export function distribution(
  values: ReadonlyArray<number | null>,
  mode: PercentileMode = 'interpolated',
): Distribution {
  const sorted = values
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentileOfSorted(sorted, 0.5, mode),
    p25: percentileOfSorted(sorted, 0.25, mode),
    p75: percentileOfSorted(sorted, 0.75, mode),
    min: sorted.length ? sorted[0] : null,
    max: sorted.length ? sorted[sorted.length - 1] : null,
  };
}

/** A service's scorecard and whether it was created from a template. @public */
export interface RollupEntry {
  entityRef: string;
  goldenPath: boolean;
  scorecard: ServiceScorecard;
}

function slice(
  entries: readonly RollupEntry[],
  mode: PercentileMode,
): RollupSlice {
  const of = (pick: (s: ServiceScorecard) => number | null) =>
    distribution(
      entries.map(e => pick(e.scorecard)),
      mode,
    );
  const metrics: MetricDistributions = {
    deploymentsPerWeek: of(s =>
      s.deploymentFrequency.level === null
        ? null
        : s.deploymentFrequency.perWeek,
    ),
    leadTimeSeconds: of(s => s.changeLeadTime.medianSeconds),
    changeFailRate: of(s => s.changeFailRate.ratio),
    recoverySeconds: of(s => s.failedDeploymentRecoveryTime.medianSeconds),
    reworkRate: of(s => s.deploymentReworkRate.ratio),
    timeToRestoreSeconds: of(s => s.timeToRestore.medianSeconds),
    score: of(s => s.score),
  };
  return { services: entries.length, metrics };
}

function levelCounts(levels: ReadonlyArray<DoraLevel | null>): LevelCounts {
  const counts: LevelCounts = { elite: 0, high: 0, medium: 0, low: 0, none: 0 };
  for (const level of levels) counts[level ?? 'none']++;
  return counts;
}

const difference = (a: number | null, b: number | null) =>
  a === null || b === null ? null : a - b;

/**
 * Aggregates per-service scorecards into a rollup group, as METRICS.md says:
 * distributions of per-service values with n, never pooled events, and the
 * golden-path slice against the rest.
 *
 * @public
 */
export function rollupScorecards(options: {
  key: string;
  title: string;
  entries: readonly RollupEntry[];
  median?: PercentileMode;
}): RollupGroup {
  const mode = options.median ?? 'interpolated';
  const entries = [...options.entries].sort((a, b) =>
    a.entityRef.localeCompare(b.entityRef),
  );
  const all = slice(entries, mode);
  const golden = slice(
    entries.filter(e => e.goldenPath),
    mode,
  );
  const other = slice(
    entries.filter(e => !e.goldenPath),
    mode,
  );
  const cards = entries.map(e => e.scorecard);
  return {
    key: options.key,
    title: options.title,
    serviceRefs: entries.map(e => e.entityRef),
    ...all,
    levels: {
      deploymentFrequency: levelCounts(
        cards.map(c => c.deploymentFrequency.level),
      ),
      changeLeadTime: levelCounts(cards.map(c => c.changeLeadTime.level)),
      changeFailRate: levelCounts(cards.map(c => c.changeFailRate.level)),
      failedDeploymentRecoveryTime: levelCounts(
        cards.map(c => c.failedDeploymentRecoveryTime.level),
      ),
    },
    goldenPath: {
      golden,
      other,
      delta: {
        leadTimeSeconds: difference(
          golden.metrics.leadTimeSeconds.median,
          other.metrics.leadTimeSeconds.median,
        ),
        deploymentsPerWeek: difference(
          golden.metrics.deploymentsPerWeek.median,
          other.metrics.deploymentsPerWeek.median,
        ),
      },
    },
  };
}
