import { DeliveryEvent } from '../events/schema';
import { analyzeService, DeploymentFact, ServiceFacts } from './analyze';
import { DoraLevel, durationLevel, ratioLevel } from './benchmarks';
import {
  DAY_MS,
  TimeRange,
  bucketsWithin,
  isoWeekLabel,
  isoWeeksOverlapping,
  monthLabel,
  monthsOverlapping,
  startOfUtcDay,
} from './calendar';
import {
  DoraEngineOptions,
  ResolvedEngineOptions,
  resolveEngineOptions,
} from './options';
import {
  deploymentFrequencyAnswer,
  durationAnswer,
  scoreFromAnswer,
  scoreFromRatio,
} from './quickCheck';
import { mean, percentile } from './stats';

/** @public */
export interface DeploymentFrequencyMetric {
  /** Production deployments finished in the window. */
  deployments: number;
  /** Distinct UTC dates with at least one production deployment. */
  deploymentDays: number;
  perDay: number;
  perWeek: number;
  /** Median deployment days over the ISO weeks wholly inside the window (zero-filled). */
  medianDeploymentDaysPerWeek: number | null;
  /** Median deployment days over the calendar months wholly inside the window. */
  medianDeploymentDaysPerMonth: number | null;
  /** Median deployments on a deployment day. */
  medianDeploymentsPerDeploymentDay: number | null;
  /** Elite with several deployments on the median deployment day. */
  onDemand: boolean;
  /**
   * Reports finished in the window that another source's report of the same
   * release stands for (cross-source identity): not counted. Absent in
   * scorecards stored before it existed.
   */
  duplicates?: number;
  /** `null` (with `score`) when the service has no production deployment at all. */
  level: DoraLevel | null;
  score: number | null;
}

/** @public */
export interface ChangeLeadTimeMetric {
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Changes measured (first shipped to production in the window). */
  changes: number;
  /** Changes shipped by a service's first deployment: not measured. */
  unattributed: number;
  /** Changes with a negative lead time (clock skew): excluded. */
  negative: number;
  level: DoraLevel | null;
  score: number | null;
}

/** @public */
export interface ChangeFailRateMetric {
  /** failedDeployments ÷ deployments; `null` when there were no deployments. */
  ratio: number | null;
  failedDeployments: number;
  deployments: number;
  /** Incidents opened in the window that no deployment could be blamed for. */
  unattributedIncidents: number;
  level: DoraLevel | null;
  score: number | null;
}

/** @public */
export interface FailedDeploymentRecoveryTimeMetric {
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Failed deployments recovered in the window. */
  recovered: number;
  /** Failed deployments of the window not recovered by `asOf`. */
  open: number;
  /**
   * Failed deployments recovered in the window before they finished (clock
   * skew): recovered, not open, not in the median or `recovered`. Absent in
   * scorecards stored before it existed.
   */
  negative?: number;
  level: DoraLevel | null;
  score: number | null;
}

/** @public */
export interface DeploymentReworkRateMetric {
  ratio: number | null;
  reworkDeployments: number;
  deployments: number;
  level: DoraLevel | null;
  score: number | null;
}

/** @public */
export interface TimeToRestoreMetric {
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Incidents resolved in the window. */
  incidents: number;
  /** Incidents still open at `asOf`. */
  open: number;
  /**
   * Incidents resolved in the window before they opened (clock skew):
   * excluded. Absent in scorecards stored before it existed.
   */
  negative?: number;
}

/**
 * One period of a trend (an ISO week or a calendar month, UTC).
 *
 * @public
 */
export interface TrendPoint {
  /** `2024-W05` or `2024-02`. */
  period: string;
  from: string;
  to: string;
  deployments: number;
  deploymentDays: number;
  changes: number;
  leadTimeMedianSeconds: number | null;
  failedDeployments: number;
  changeFailRate: number | null;
  reworkDeployments: number;
  reworkRate: number | null;
  recovered: number;
  recoveryMedianSeconds: number | null;
  incidentsResolved: number;
  timeToRestoreMedianSeconds: number | null;
}

/**
 * The DORA scorecard of one service over one window; the value the CLI
 * prints under `services[ref]` and the scorecard API returns.
 *
 * @public
 */
export interface ServiceScorecard {
  deploymentFrequency: DeploymentFrequencyMetric;
  changeLeadTime: ChangeLeadTimeMetric;
  changeFailRate: ChangeFailRateMetric;
  failedDeploymentRecoveryTime: FailedDeploymentRecoveryTimeMetric;
  deploymentReworkRate: DeploymentReworkRateMetric;
  timeToRestore: TimeToRestoreMetric;
  /** Mean of the available metric scores (0–10), `null` when none. */
  score: number | null;
  /** The benchmark set the levels come from. */
  benchmark: string;
  trends?: { weekly: TrendPoint[]; monthly: TrendPoint[] };
}

/**
 * The document `dora compute` prints.
 *
 * @public
 */
export interface ScorecardReport {
  asOf: string;
  window: { from: string; to: string; days: number };
  services: Record<string, ServiceScorecard>;
}

const inRange = (at: number | undefined, r: TimeRange) =>
  at !== undefined && at >= r.from && at < r.to;

function deploymentsIn(facts: ServiceFacts, r: TimeRange): DeploymentFact[] {
  return facts.counted.filter(d => inRange(d.finishedAt, r));
}

function distinctDays(deployments: DeploymentFact[]): Map<number, number> {
  const days = new Map<number, number>();
  for (const d of deployments) {
    const day = startOfUtcDay(d.finishedAt!);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return days;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/** Basic counts and medians of a range: shared by windows and trends. */
function measure(
  facts: ServiceFacts,
  range: TimeRange,
  options: ResolvedEngineOptions,
) {
  const deployments = deploymentsIn(facts, range);
  const leadTimes: number[] = [];
  let unattributed = 0;
  let negative = 0;
  let failed = 0;
  let rework = 0;
  for (const d of deployments) {
    leadTimes.push(...d.leadTimes);
    unattributed += d.unattributedChanges;
    negative += d.negativeLeadTimes;
    if (d.failureCauses.length > 0) failed++;
    if (d.rework) rework++;
  }
  const recoveries = facts.counted
    .filter(
      d => d.recoverySeconds !== undefined && inRange(d.recoveredAt, range),
    )
    .map(d => d.recoverySeconds!);
  const negativeRecoveries = facts.counted.filter(
    d => d.negativeRecovery && inRange(d.recoveredAt, range),
  ).length;
  const restores = facts.incidents
    .filter(i => i.restoreSeconds !== undefined && inRange(i.resolvedAt, range))
    .map(i => i.restoreSeconds!);
  const negativeRestores = facts.incidents.filter(
    i =>
      i.restoreSeconds === undefined &&
      i.resolvedAt !== undefined &&
      inRange(i.resolvedAt, range),
  ).length;
  const pct = (values: number[], p: number) =>
    percentile(values, p, options.median);
  return {
    deployments,
    days: distinctDays(deployments),
    leadTimes,
    unattributed,
    negative,
    failed,
    rework,
    recoveries,
    negativeRecoveries,
    restores,
    negativeRestores,
    pct,
  };
}

function trendPoint(
  facts: ServiceFacts,
  range: TimeRange,
  period: string,
  options: ResolvedEngineOptions,
): TrendPoint {
  const m = measure(facts, range, options);
  return {
    period,
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    deployments: m.deployments.length,
    deploymentDays: m.days.size,
    changes: m.leadTimes.length,
    leadTimeMedianSeconds: m.pct(m.leadTimes, 0.5),
    failedDeployments: m.failed,
    changeFailRate: ratio(m.failed, m.deployments.length),
    reworkDeployments: m.rework,
    reworkRate: ratio(m.rework, m.deployments.length),
    recovered: m.recoveries.length,
    recoveryMedianSeconds: m.pct(m.recoveries, 0.5),
    incidentsResolved: m.restores.length,
    timeToRestoreMedianSeconds: m.pct(m.restores, 0.5),
  };
}

function medianDaysPer(
  buckets: TimeRange[],
  days: Map<number, number>,
  options: ResolvedEngineOptions,
): number | null {
  const counts = buckets.map(b => {
    let n = 0;
    for (const day of days.keys()) if (day >= b.from && day < b.to) n++;
    return n;
  });
  return percentile(counts, 0.5, options.median);
}

/**
 * Computes the scorecard of one service from facts derived by
 * {@link analyzeService}.
 *
 * @public
 */
export function scorecardFromFacts(
  facts: ServiceFacts,
  options: ResolvedEngineOptions,
): ServiceScorecard {
  const window: TimeRange = { from: options.from, to: options.asOf };
  const bench = options.benchmark;
  const m = measure(facts, window, options);
  const deployments = m.deployments.length;

  // Deployment frequency and its level (DevLake's encoding of DORA 2023).
  const allWeeks = isoWeeksOverlapping(window);
  const fullWeeks = bucketsWithin(allWeeks, window);
  const allMonths = monthsOverlapping(window);
  const fullMonths = bucketsWithin(allMonths, window);
  const perWeekDays = medianDaysPer(
    fullWeeks.length ? fullWeeks : allWeeks,
    m.days,
    options,
  );
  const perMonthDays = medianDaysPer(
    fullMonths.length ? fullMonths : allMonths,
    m.days,
    options,
  );
  const perDeploymentDay = percentile(
    [...m.days.values()],
    0.5,
    options.median,
  );
  // No data is not "low": without any production deployment (in the window
  // or before it) a misnamed environment must not read as 0/10.
  const hasProductionDeployments = facts.counted.length > 0;
  let dfLevel: DoraLevel | null = null;
  if (hasProductionDeployments) {
    const df = bench.deploymentFrequency;
    if ((perWeekDays ?? 0) >= df.eliteDaysPerWeek) dfLevel = 'elite';
    else if ((perWeekDays ?? 0) >= df.highDaysPerWeek) dfLevel = 'high';
    else if ((perMonthDays ?? 0) >= df.mediumDaysPerMonth) dfLevel = 'medium';
    else dfLevel = 'low';
  }
  const onDemand = dfLevel === 'elite' && (perDeploymentDay ?? 0) >= 2;
  const sixMonths: TimeRange = {
    from: options.asOf - 182 * DAY_MS,
    to: options.asOf,
  };
  const dfScore =
    dfLevel === null
      ? null
      : scoreFromAnswer(
          deploymentFrequencyAnswer({
            level: dfLevel,
            onDemand,
            deployedInLastSixMonths: facts.counted.some(d =>
              inRange(d.finishedAt, sixMonths),
            ),
          }),
        );

  const ltMedian = m.pct(m.leadTimes, 0.5);
  const failedOpen = m.deployments.filter(
    d => d.failureCauses.length > 0 && d.recoveredAt === undefined,
  ).length;
  const recoveryMedian = m.pct(m.recoveries, 0.5);
  const cfr = ratio(m.failed, deployments);
  const rework = ratio(m.rework, deployments);
  const unattributedIncidents = facts.incidents.filter(
    i => i.deploymentId === undefined && inRange(i.openedAt, window),
  ).length;

  const scorecard: ServiceScorecard = {
    deploymentFrequency: {
      deployments,
      deploymentDays: m.days.size,
      perDay: deployments / options.windowDays,
      perWeek: deployments / (options.windowDays / 7),
      medianDeploymentDaysPerWeek: perWeekDays,
      medianDeploymentDaysPerMonth: perMonthDays,
      medianDeploymentsPerDeploymentDay: perDeploymentDay,
      onDemand,
      duplicates: facts.deployments.filter(
        d => d.duplicateOf !== undefined && inRange(d.finishedAt, window),
      ).length,
      level: dfLevel,
      score: dfScore,
    },
    changeLeadTime: {
      medianSeconds: ltMedian,
      p90Seconds: m.pct(m.leadTimes, 0.9),
      changes: m.leadTimes.length,
      unattributed: m.unattributed,
      negative: m.negative,
      level: durationLevel(ltMedian, bench.changeLeadTime),
      score:
        ltMedian === null ? null : scoreFromAnswer(durationAnswer(ltMedian)),
    },
    changeFailRate: {
      ratio: cfr,
      failedDeployments: m.failed,
      deployments,
      unattributedIncidents,
      level: ratioLevel(cfr, bench.changeFailRate),
      score: cfr === null ? null : scoreFromRatio(cfr),
    },
    failedDeploymentRecoveryTime: {
      medianSeconds: recoveryMedian,
      p90Seconds: m.pct(m.recoveries, 0.9),
      recovered: m.recoveries.length,
      open: failedOpen,
      negative: m.negativeRecoveries,
      level: durationLevel(recoveryMedian, bench.failedDeploymentRecoveryTime),
      score:
        recoveryMedian === null
          ? null
          : scoreFromAnswer(durationAnswer(recoveryMedian)),
    },
    deploymentReworkRate: {
      ratio: rework,
      reworkDeployments: m.rework,
      deployments,
      level: ratioLevel(rework, bench.deploymentReworkRate),
      score: rework === null ? null : scoreFromRatio(rework),
    },
    timeToRestore: {
      medianSeconds: m.pct(m.restores, 0.5),
      p90Seconds: m.pct(m.restores, 0.9),
      incidents: m.restores.length,
      open: facts.incidents.filter(i => i.resolvedAt === undefined).length,
      negative: m.negativeRestores,
    },
    score: null,
    benchmark: bench.id,
  };
  const scores = [
    scorecard.deploymentFrequency.score,
    scorecard.changeLeadTime.score,
    scorecard.changeFailRate.score,
    scorecard.failedDeploymentRecoveryTime.score,
    scorecard.deploymentReworkRate.score,
  ].filter((s): s is number => s !== null);
  scorecard.score = mean(scores);

  if (options.trends) {
    scorecard.trends = {
      weekly: allWeeks.map(w =>
        trendPoint(facts, w, isoWeekLabel(w.from), options),
      ),
      monthly: allMonths.map(mo =>
        trendPoint(facts, mo, monthLabel(mo.from), options),
      ),
    };
  }
  return scorecard;
}

/**
 * Computes one service's scorecard from its events.
 *
 * @public
 */
export function computeServiceScorecard(
  service: string,
  events: readonly DeliveryEvent[],
  options: DoraEngineOptions | ResolvedEngineOptions = {},
): ServiceScorecard {
  const resolved = isResolved(options)
    ? options
    : resolveEngineOptions(options);
  return scorecardFromFacts(
    analyzeService(service, events, resolved),
    resolved,
  );
}

function isResolved(
  options: DoraEngineOptions | ResolvedEngineOptions,
): options is ResolvedEngineOptions {
  return typeof options.asOf === 'number' && 'from' in options;
}

/**
 * Groups events by service (events without one, like tickets, are skipped).
 *
 * @public
 */
export function groupEventsByService(
  events: Iterable<DeliveryEvent>,
): Map<string, DeliveryEvent[]> {
  const byService = new Map<string, DeliveryEvent[]>();
  for (const e of events) {
    if (!e.service) continue;
    const list = byService.get(e.service);
    if (list) list.push(e);
    else byService.set(e.service, [e]);
  }
  return byService;
}

/**
 * The offline engine: scorecards of every service found in the events. This
 * is the function behind `dora compute`; the backend calls the same code.
 *
 * @public
 */
export function computeScorecards(
  events: Iterable<DeliveryEvent>,
  options: DoraEngineOptions = {},
): ScorecardReport {
  const resolved = resolveEngineOptions(options);
  const services: Record<string, ServiceScorecard> = {};
  const grouped = groupEventsByService(events);
  for (const service of [...grouped.keys()].sort()) {
    services[service] = computeServiceScorecard(
      service,
      grouped.get(service)!,
      resolved,
    );
  }
  return {
    asOf: new Date(resolved.asOf).toISOString(),
    window: {
      from: new Date(resolved.from).toISOString(),
      to: new Date(resolved.asOf).toISOString(),
      days: resolved.windowDays,
    },
    services,
  };
}
