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
export type RollupGroupBy = 'owner' | 'system' | 'domain' | 'template';

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
