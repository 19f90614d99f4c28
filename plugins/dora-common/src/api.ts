import { FieldError } from './events/validate';
import { ServiceScorecard } from './engine/scorecard';

/**
 * What `POST /api/dora/events` answers (and what event sources get back from
 * ingestion).
 *
 * @public
 */
export interface IngestResult {
  /** Events in the request. */
  received: number;
  /** Events newly stored. */
  accepted: number;
  /** Valid events whose id was already stored (or repeated in the request): ignored. */
  duplicates: number;
  /** Valid events not stored because their service opted out of telemetry. */
  optedOut: number;
  /** Invalid events, each with its position in the request and field-level reasons. */
  rejected: Array<{ index: number; id?: string; errors: FieldError[] }>;
  /**
   * Services of stored events that the catalog does not know (yet). Their
   * events are kept: the entity may be registered later.
   */
  unknownServices?: string[];
}

/**
 * What `POST /api/dora/webhooks/:source` answers (202).
 *
 * @public
 */
export type WebhookResponse =
  | { status: 'ignored'; reason: string }
  | (IngestResult & {
      status: 'accepted';
      /** Events kept until the catalog maps their tool identity to an entity. */
      unresolved: number;
    });

/**
 * A tool identity no catalog entity claims yet, with its waiting events
 * (`GET /api/dora/unresolved`).
 *
 * @public
 */
export interface UnresolvedIdentityInfo {
  /** The annotation that would claim it, e.g. `github.com/project-slug`. */
  annotation: string;
  value: string;
  fallbackName: string;
  sources: string[];
  events: number;
  firstReceivedAt: string;
  lastReceivedAt: string;
}

/**
 * Query parameters the scorecard endpoints share.
 *
 * @public
 */
export interface ScorecardQuery {
  /** Window length, e.g. `90d` or `12w`. */
  window?: string;
  /** End of the window (exclusive), ISO 8601 with offset. Default now. */
  asOf?: string;
}

/** A window as the API reports it. @public */
export interface WindowInfo {
  from: string;
  to: string;
  days: number;
}

/**
 * What `GET /api/dora/scorecards/:kind/:namespace/:name` answers for a
 * service (a component, or any entity that events name directly): the
 * per-service scorecard object of the offline engine, plus where it applies.
 *
 * @public
 */
export type EntityScorecardResponse = ServiceScorecard & {
  scope: 'service';
  entityRef: string;
  asOf: string;
  window: WindowInfo;
  /** The template the service was created from, when the catalog says so. */
  template: { ref: string; version?: string } | null;
  /** The same scorecard one week earlier (no trends), for "this week vs last week". */
  previousWeek: ServiceScorecard | null;
};

/**
 * The distribution of one metric over a set of services: per-service values,
 * never pooled events (METRICS.md). `n` counts services with a value.
 *
 * @public
 */
export interface Distribution {
  n: number;
  median: number | null;
  p25: number | null;
  p75: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Distributions of the per-service values a rollup aggregates.
 *
 * @public
 */
export interface MetricDistributions {
  /** `deploymentFrequency.perWeek` */
  deploymentsPerWeek: Distribution;
  /** `changeLeadTime.medianSeconds` */
  leadTimeSeconds: Distribution;
  /** `changeFailRate.ratio` */
  changeFailRate: Distribution;
  /** `failedDeploymentRecoveryTime.medianSeconds` */
  recoverySeconds: Distribution;
  /** `deploymentReworkRate.ratio` */
  reworkRate: Distribution;
  /** `timeToRestore.medianSeconds` */
  timeToRestoreSeconds: Distribution;
  /** overall `score` */
  score: Distribution;
}

/** How many services sit at each level of a metric. @public */
export type LevelCounts = Record<
  'elite' | 'high' | 'medium' | 'low' | 'none',
  number
>;

/**
 * A set of services and the distributions of their metrics.
 *
 * @public
 */
export interface RollupSlice {
  services: number;
  metrics: MetricDistributions;
}

/**
 * One group of a rollup (a team, a system, a product line, a template, or
 * the whole fleet), with its golden-path slice.
 *
 * @public
 */
export interface RollupGroup extends RollupSlice {
  /** Entity ref of the group, template ref, or `none` for services without one. */
  key: string;
  title: string;
  /** Entity refs of the group's services. */
  serviceRefs: string[];
  levels: {
    deploymentFrequency: LevelCounts;
    changeLeadTime: LevelCounts;
    changeFailRate: LevelCounts;
    failedDeploymentRecoveryTime: LevelCounts;
  };
  /**
   * Services created from a software template (golden path) against the
   * rest; `delta` is golden-path median minus the others' median (negative
   * lead time and positive deployments per week favour the golden path).
   */
  goldenPath: {
    golden: RollupSlice;
    other: RollupSlice;
    delta: {
      leadTimeSeconds: number | null;
      deploymentsPerWeek: number | null;
    };
  };
}

/** @public */
export const ROLLUP_GROUP_BYS = [
  'owner',
  'system',
  'domain',
  'template',
  'template-version',
] as const;

/** @public */
export type RollupGroupBy = (typeof ROLLUP_GROUP_BYS)[number];

/**
 * What `GET /api/dora/rollups?groupBy=owner|system|domain|template` answers.
 *
 * @public
 */
export interface RollupResponse {
  groupBy: RollupGroupBy;
  asOf: string;
  window: WindowInfo;
  groups: RollupGroup[];
  /** Every service of the catalog that Goldpath measures. */
  fleet: RollupGroup;
  /**
   * Set (with HTTP 202 and `Retry-After`) while the figures of a cold window
   * or `asOf` are computed in the background: the groups are empty until then.
   */
  computing?: true;
  /** With `computing`: seconds to wait before asking again. */
  retryAfterSeconds?: number;
}

/**
 * One service of a rollup, with its scorecard (without trends).
 *
 * @public
 */
export interface RollupServiceEntry {
  entityRef: string;
  title: string;
  template: { ref: string; version?: string } | null;
  scorecard: ServiceScorecard;
}

/**
 * What `GET /api/dora/scorecards/:kind/:namespace/:name` answers for a
 * group, system or domain: the rollup of its services.
 *
 * @public
 */
export interface EntityRollupResponse {
  scope: 'rollup';
  entityRef: string;
  asOf: string;
  window: WindowInfo;
  rollup: RollupGroup;
  services: RollupServiceEntry[];
  /** As in {@link RollupResponse}: the figures are still being computed. */
  computing?: true;
  retryAfterSeconds?: number;
}

/** @public */
export type EntityDoraResponse = EntityScorecardResponse | EntityRollupResponse;

/**
 * A deployment on a service's timeline.
 *
 * @public
 */
export interface TimelineDeployment {
  deploymentId: string;
  environment: string;
  production: boolean;
  outcome: 'success' | 'failure' | 'cancelled' | 'in_progress';
  startedAt: string | null;
  finishedAt: string | null;
  commitSha: string | null;
  /** Counted in the metrics (production, successful, finished). */
  counted: boolean;
  /** Failed in production (incident or rollback/hotfix), with the causes. */
  failed: boolean;
  failureCauses: string[];
  rework: boolean;
  rollback: boolean;
  hotfix: boolean;
  recoveredAt: string | null;
  /** Changes this deployment shipped first, measured. */
  changes: number;
}

/** @public */
export interface TimelineIncident {
  incidentId: string;
  openedAt: string;
  resolvedAt: string | null;
  severity: string | null;
  deploymentId: string | null;
  rule:
    | 'causedByDeploymentId'
    | 'rootCauseCommitSha'
    | 'previousDeployment'
    | null;
}

/**
 * What `GET /api/dora/scorecards/:kind/:namespace/:name/timeline` answers:
 * the deployments and incidents of the window, and every measured lead time.
 *
 * @public
 */
export interface EntityTimelineResponse {
  entityRef: string;
  asOf: string;
  window: WindowInfo;
  deployments: TimelineDeployment[];
  incidents: TimelineIncident[];
  /** Lead times (seconds) of the changes measured in the window, ascending. */
  leadTimeSeconds: number[];
}

/**
 * The template that created one service, as its `scaffold` events say: the
 * earliest scaffold event of the service whose outcome is not `failure`.
 *
 * @public
 */
export interface ScaffoldAttributionEntry {
  /** The service (entity ref) the scaffold created. */
  entityRef: string;
  templateRef: string;
  templateVersion?: string;
  /** When the scaffold ran (the event's timestamp, ISO 8601). */
  scaffoldedAt: string;
  taskId?: string;
}

/**
 * What `GET /api/dora/scaffold-attributions?since=<cursor>` answers: the
 * services whose scaffold events changed since the cursor (all without one).
 *
 * @public
 */
export interface ScaffoldAttributionsResponse {
  entries: ScaffoldAttributionEntry[];
  /** Pass it as `since` next time. */
  cursor: string;
}

/**
 * Query parameters of `GET /api/dora/adoption`.
 *
 * @public
 */
export interface AdoptionQuery {
  /** End of the report (exclusive), ISO 8601 with offset. Default: now. */
  asOf?: string;
  /** UTC calendar months reported, 1 to 24 (default 6), the last being the one `asOf` falls in. */
  months?: number;
}

/** Active components of one team or system. @public */
export interface AdoptionActiveCount {
  /** Group or system entity ref, or `none`. */
  key: string;
  title: string;
  /** Components with any stored event in the 30 days before `asOf`. */
  active: number;
  /** Components of the team or system in the catalog. */
  components: number;
}

/** Golden-path coverage of a set of components. @public */
export interface AdoptionCoverage {
  /** Group or system entity ref, `none`, or `fleet`. */
  key: string;
  title: string;
  /** Components whose attribution names a template (numerator). */
  fromTemplate: number;
  /** Components (denominator). */
  components: number;
  /** `fromTemplate / components`; `null` without components. */
  share: number | null;
}

/** Successful scaffold runs of one month. @public */
export interface AdoptionMonth {
  /** `YYYY-MM` (UTC). */
  month: string;
  /** Distinct templates with at least one successful run. */
  templates: number;
  runs: number;
  byTemplate: Array<{ template: string; title: string; runs: number }>;
}

/** One template in one month: runs, users, teams and repeat use. @public */
export interface AdoptionTemplateMonth {
  month: string;
  runs: number;
  /** Distinct (pseudonymised) actors of the month's runs. */
  users: number;
  /** Distinct teams of the month's runs (see {@link AdoptionFigures.teamSource}). */
  teams: number;
  /** Users of this month who also ran the template in an earlier month of the history. */
  repeatUsers: number;
  /** Teams of this month that also ran the template in an earlier month of the history. */
  repeatTeams: number;
  previousMonthUsers: number;
  /** `repeatUsers / previousMonthUsers`; `null` when the previous month had no users. */
  stickiness: number | null;
}

/** Services of one template at one version. @public */
export interface AdoptionVersionGroup {
  /** As the attribution says; `null` when it names no version. */
  version: string | null;
  services: number;
  serviceRefs: string[];
  /**
   * Distinct newer versions (seen or current) up to the current one;
   * `null` when this or the current version is unknown or not semver.
   */
  versionsBehind: number | null;
  /** Owners of the group's services. */
  owners: string[];
  /**
   * Delivery outcomes of the group's services with a scorecard in the
   * outcomes window (the engine's `template-version` rollup); absent when
   * none has one.
   */
  outcomes?: AdoptionOutcomeSlice;
}

/** Version drift of the services created from one template. @public */
export interface AdoptionVersionDrift {
  template: string;
  title: string;
  currentVersion: string | null;
  /** Where `currentVersion` comes from: the template's `goldpath.dev/template-version` annotation, or the highest version seen among its services. */
  currentVersionSource: 'annotation' | 'highest-seen';
  services: number;
  /** Newest version first; the unknown version last. */
  versions: AdoptionVersionGroup[];
  /** Owners of services on versions behind the current one. */
  outdatedOwners: string[];
}

/** Delivery figures of a set of services, from the rollup engine. @public */
export interface AdoptionOutcomeSlice {
  services: number;
  /** Median of per-service median lead times, with the services behind it. */
  leadTimeSeconds: { median: number | null; n: number };
  /** Median of per-service deployments per week, with the services behind it. */
  deploymentsPerWeek: { median: number | null; n: number };
}

/**
 * Template-created services against the others, as `GET /rollups?groupBy=template`
 * computes them.
 *
 * @public
 */
export interface AdoptionOutcomes {
  window: WindowInfo;
  golden: AdoptionOutcomeSlice;
  other: AdoptionOutcomeSlice;
  /** Golden-path median minus the others' median. */
  delta: { leadTimeSeconds: number | null; deploymentsPerWeek: number | null };
  byTemplate: Array<AdoptionOutcomeSlice & { template: string; title: string }>;
}

/**
 * The figures of `GET /api/dora/adoption` that come from the catalog and
 * the scaffold events (everything but the outcomes).
 *
 * @public
 */
export interface AdoptionFigures {
  asOf: string;
  /** The reported months `[from, to)`; `history` starts one month earlier (repeat use looks back to it). */
  window: { from: string; to: string; history: string };
  months: string[];
  /** How the team of a scaffold run is found. */
  teamSource: 'attributes.team, else the created service owners';
  active: {
    from: string;
    to: string;
    count: number;
    components: number;
    byTeam: AdoptionActiveCount[];
    bySystem: AdoptionActiveCount[];
  };
  templatesPerMonth: AdoptionMonth[];
  coverage: {
    fleet: AdoptionCoverage;
    byTeam: AdoptionCoverage[];
    bySystem: AdoptionCoverage[];
  };
  repeatUse: Array<{
    template: string;
    title: string;
    months: AdoptionTemplateMonth[];
  }>;
  versionDrift: AdoptionVersionDrift[];
}

/**
 * What `GET /api/dora/adoption` answers.
 *
 * @public
 */
export type AdoptionResponse = AdoptionFigures & { outcomes: AdoptionOutcomes };
