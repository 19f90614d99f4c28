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
  /**
   * Cross-source identity: counted deployments of one service reported by
   * different sources (`source`) with the same environment name
   * (case-insensitive) and the same `commitSha`, finished at most this many
   * minutes apart, are one release and count once. Default 30; 0 turns
   * correlation off.
   */
  correlationToleranceMinutes?: number;
  /**
   * The sources whose deployments count for the service, most preferred
   * first (the `goldpath.dev/deployment-source` annotation, e.g.
   * `argocd, github`). Deployments from other sources are kept but not
   * counted; within a correlated release the most preferred source's
   * deployment is the one that counts. Default: every source counts.
   */
  deploymentSources?: readonly string[];
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

/** Default tolerance of cross-source deployment correlation, minutes. @public */
export const DEFAULT_CORRELATION_TOLERANCE_MINUTES = 30;

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
  /** Correlation tolerance in milliseconds; 0 = off. */
  correlationToleranceMs: number;
  /** Lower-cased source names, most preferred first; undefined = all count. */
  deploymentSources?: string[];
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
    correlationToleranceMs: correlationTolerance(
      options.correlationToleranceMinutes,
    ),
    ...(options.deploymentSources?.length
      ? { deploymentSources: normalizeSources(options.deploymentSources) }
      : {}),
  };
}

function correlationTolerance(minutes: number | undefined): number {
  const value = minutes ?? DEFAULT_CORRELATION_TOLERANCE_MINUTES;
  if (!Number.isFinite(value) || value < 0 || value > 7 * 24 * 60) {
    throw new RangeError(
      `correlationToleranceMinutes must be a number of minutes between 0 and 10080, got ${minutes}`,
    );
  }
  return value * 60_000;
}

function normalizeSources(sources: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of sources) {
    const source = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (!source) {
      throw new RangeError('deploymentSources must be non-empty source names');
    }
    if (!out.includes(source)) out.push(source);
  }
  return out;
}

/**
 * The entity annotation naming the sources whose deployments count for the
 * service, most preferred first: `goldpath.dev/deployment-source: argocd`
 * or `argocd, github`.
 *
 * @public
 */
export const DEPLOYMENT_SOURCE_ANNOTATION = 'goldpath.dev/deployment-source';

/**
 * Parses a `goldpath.dev/deployment-source` value: source names separated by
 * commas or whitespace, lower-cased, duplicates dropped. Throws a `TypeError`
 * when it names no source or a name is not 1–64 letters, digits or `. _ : / @ -`.
 *
 * @public
 */
export function parseDeploymentSources(text: string): string[] {
  const names = text
    .split(/[\s,]+/)
    .map(s => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) {
    throw new TypeError('names no deployment source');
  }
  for (const name of names) {
    if (!/^[a-z0-9][a-z0-9._:/@-]{0,63}$/.test(name)) {
      throw new TypeError(`"${name}" is not a source name`);
    }
  }
  return [...new Set(names)];
}
