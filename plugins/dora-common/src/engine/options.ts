import { parseInstant } from '../events/time';
import {
  BenchmarkSet,
  DEFAULT_BENCHMARK,
  ThresholdOverrides,
  resolveBenchmark,
} from './benchmarks';
import { DAY_MS } from './calendar';
import { PercentileMode } from './stats';

/**
 * Options of the DORA engine. Every option has the default METRICS.md
 * specifies; the compatibility options (`median`, `rounding`, `attribution`,
 * `productionDefault`) exist so that other tools' numbers can be replayed.
 *
 * @public
 */
export interface DoraEngineOptions {
  /** End of the window (exclusive) and the instant events are known to. Default: now. */
  asOf?: number | string | Date;
  /** Window length in days. Default 90. */
  windowDays?: number;
  /** Percentile method. Default `interpolated` (like PERCENTILE_CONT). */
  median?: PercentileMode;
  /** Duration rounding before aggregation. Default `none`. */
  rounding?: 'none' | 'minuteCeil';
  /**
   * Whether an incident opened at the very instant a deployment finished is
   * attributed to it (`inclusive`) or to the one before (`strict`, default).
   */
  attribution?: 'strict' | 'inclusive';
  /**
   * How deployments without `environmentTier` are classified: by
   * `productionPattern` on the environment name (default), or all as production.
   */
  productionDefault?: 'pattern' | 'all';
  /** Environment-name pattern meaning production. Default matches `prod`/`production` as a word. */
  productionPattern?: string | RegExp;
  /**
   * When set, a deployment that ships a change whose `attributes.title` or
   * `attributes.message` matches counts as rework (e.g. `^(revert|hotfix)`).
   */
  reworkPattern?: string | RegExp;
  /** Benchmark set id or a custom set. Default `dora-2023`. */
  benchmark?: string | BenchmarkSet;
  /** Band overrides applied on top of the benchmark set. */
  thresholds?: ThresholdOverrides;
  /** Include weekly and monthly trends. Default true. */
  trends?: boolean;
}

/**
 * Default production pattern: `prod` or `production` as a word of the
 * environment name (`prod`, `prod-eu`, `eu_production`), case-insensitive.
 * `preprod` and `production-like` names such as `nonprod` do not match.
 *
 * @public
 */
export const DEFAULT_PRODUCTION_PATTERN = /(^|[^a-z])prod(uction)?([^a-z]|$)/i;

/** @public */
export const DEFAULT_WINDOW_DAYS = 90;

/** Options with every default filled in. @public */
export interface ResolvedEngineOptions {
  asOf: number;
  windowDays: number;
  from: number;
  median: PercentileMode;
  rounding: 'none' | 'minuteCeil';
  attribution: 'strict' | 'inclusive';
  productionDefault: 'pattern' | 'all';
  productionPattern: RegExp;
  reworkPattern?: RegExp;
  benchmark: BenchmarkSet;
  trends: boolean;
}

function toRegExp(pattern: string | RegExp, name: string): RegExp {
  if (pattern instanceof RegExp) {
    return pattern;
  }
  try {
    return new RegExp(pattern, 'i');
  } catch (e) {
    throw new RangeError(`${name} is not a valid regular expression: ${e}`);
  }
}

function toInstant(value: number | string | Date | undefined): number {
  if (value === undefined) {
    return Date.now();
  }
  if (typeof value === 'number') {
    return value;
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  const parsed = parseInstant(value);
  if (parsed === undefined) {
    throw new RangeError(
      `asOf "${value}" is not an ISO 8601 date-time with an offset`,
    );
  }
  return parsed;
}

/**
 * Fills in defaults and checks option values; throws `RangeError` naming
 * the option for invalid values.
 *
 * @public
 */
export function resolveEngineOptions(
  options: DoraEngineOptions = {},
): ResolvedEngineOptions {
  const asOf = toInstant(options.asOf);
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  if (!Number.isFinite(windowDays) || windowDays <= 0 || windowDays > 3660) {
    throw new RangeError(
      `windowDays must be a number of days between 1 and 3660, got ${windowDays}`,
    );
  }
  const oneOf = <T extends string>(
    name: string,
    value: T | undefined,
    allowed: readonly T[],
    fallback: T,
  ): T => {
    if (value === undefined) {
      return fallback;
    }
    if (!allowed.includes(value)) {
      throw new RangeError(
        `${name} must be one of ${allowed.join(', ')}, got "${value}"`,
      );
    }
    return value;
  };
  return {
    asOf,
    windowDays,
    from: asOf - windowDays * DAY_MS,
    median: oneOf(
      'median',
      options.median,
      ['interpolated', 'lower'],
      'interpolated',
    ),
    rounding: oneOf(
      'rounding',
      options.rounding,
      ['none', 'minuteCeil'],
      'none',
    ),
    attribution: oneOf(
      'attribution',
      options.attribution,
      ['strict', 'inclusive'],
      'strict',
    ),
    productionDefault: oneOf(
      'productionDefault',
      options.productionDefault,
      ['pattern', 'all'],
      'pattern',
    ),
    productionPattern: options.productionPattern
      ? toRegExp(options.productionPattern, 'productionPattern')
      : DEFAULT_PRODUCTION_PATTERN,
    reworkPattern: options.reworkPattern
      ? toRegExp(options.reworkPattern, 'reworkPattern')
      : undefined,
    benchmark: resolveBenchmark(
      options.benchmark ?? DEFAULT_BENCHMARK,
      options.thresholds,
    ),
    trends: options.trends ?? true,
  };
}
