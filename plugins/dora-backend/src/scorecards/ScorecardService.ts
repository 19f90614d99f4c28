import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DeliveryEvent,
  EntityRollupResponse,
  EntityScorecardResponse,
  EntityTimelineResponse,
  ResolvedEngineOptions,
  RollupGroup,
  RollupGroupBy,
  RollupResponse,
  ServiceScorecard,
  WindowInfo,
  analyzeService,
  resolveEngineOptions,
  rollupScorecards,
  scorecardFromFacts,
} from '@goldpath/plugin-dora-common';
import { DoraStore } from '../database/DoraStore';
import { DoraBackendConfig } from '../config';
import {
  CatalogSnapshot,
  CatalogDirectory,
  ServiceInfo,
  isWithinGroup,
} from '../catalog/CatalogDirectory';
import { VisibleComponents, admits } from '../catalog/visibility';
import { SnapshotCache } from './SnapshotCache';

/** The event types the engine reads. */
const METRIC_EVENT_TYPES = ['change', 'deployment', 'incident'] as const;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** How far in the future `asOf` may be (clock skew between tools). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/**
 * Days of events read before the earliest range a scorecard covers (the
 * window, the previous week's window, the calendar month the first trend
 * bucket starts in and the six months of the deployment-frequency answer),
 * so changes merged before a deployment of the window, the deployment
 * before the first one of the window and incidents opened on earlier
 * deployments are still seen. Older events do not change a scorecard
 * unless a change waited longer than this to ship.
 */
export const LOOK_BACK_DAYS = 90;
/** Services a request computes itself; more are computed in the background. */
const DEFAULT_INLINE_LIMIT = 50;
/** Background rollup computations running at once (per backend process). */
const DEFAULT_MAX_BACKGROUND = 2;
/** What a "computing" answer suggests waiting before asking again. */
const RETRY_AFTER_SECONDS = 5;

/** Added to a rollup answer whose figures are still being computed. */
export interface ComputingInfo {
  /** The figures are being computed in the background: ask again later. */
  computing?: true;
  /** Seconds to wait before asking again. */
  retryAfterSeconds?: number;
}

/** The first instant of events a scorecard as of `asOf` reads. */
export function readEventsFrom(asOf: number, windowDays: number): number {
  const earliest = Math.min(asOf - windowDays * DAY_MS, asOf - 182 * DAY_MS);
  // A week for the previous week's scorecard, a month for the month trend
  // bucket the window starts in, then the look-back.
  return earliest - WEEK_MS - 31 * DAY_MS - LOOK_BACK_DAYS * DAY_MS;
}

/** Refuses an `asOf` beyond the allowed future skew (or before 1970). */
export function checkAsOf(asOf: number | undefined, now = Date.now()) {
  if (asOf === undefined) return;
  if (!Number.isFinite(asOf) || asOf < 0) {
    throw new InputError('asOf: must not be before 1970-01-01T00:00:00Z');
  }
  if (asOf > now + MAX_FUTURE_SKEW_MS) {
    throw new InputError(
      `asOf: must not be more than ${
        MAX_FUTURE_SKEW_MS / 60_000
      } minutes in the future`,
    );
  }
}

const ROLLUP_KINDS = new Set(['group', 'system', 'domain']);

const iso = (ms: number | undefined) =>
  ms === undefined ? null : new Date(ms).toISOString();

/**
 * Computes scorecards, timelines and rollups from the store with the pure
 * engine (the same code the CLI runs, so a scorecard reads the same
 * everywhere). Per-service scorecards that rollups need are kept as
 * snapshots, valid while the service gets no new events.
 */
export class ScorecardService {
  static create(options: {
    store: DoraStore;
    engine: DoraBackendConfig['engine'];
    directory: CatalogDirectory;
    logger: LoggerService;
    /** Services a request computes itself (default 50). */
    inlineLimit?: number;
    /** Background rollup computations at once (default 2). */
    maxBackground?: number;
  }): ScorecardService {
    return new ScorecardService(
      options.store,
      options.engine,
      options.directory,
      options.logger,
      options.inlineLimit ?? DEFAULT_INLINE_LIMIT,
      options.maxBackground ?? DEFAULT_MAX_BACKGROUND,
    );
  }

  /** Stored per-service scorecards that rollups read. */
  private readonly cache: SnapshotCache;

  private constructor(
    private readonly store: DoraStore,
    private readonly engine: DoraBackendConfig['engine'],
    private readonly directory: CatalogDirectory,
    private readonly logger: LoggerService,
    inlineLimit: number,
    maxBackground: number,
  ) {
    this.cache = new SnapshotCache({
      store,
      logger,
      inlineLimit,
      maxBackground,
      resolve: (info, windowDays, asOf) =>
        this.resolve(info, windowDays, asOf, false),
      events: (service, before, windowDays) =>
        this.events(service, before, windowDays),
    });
  }

  /** The window of the weekly snapshots and of rollups without one. */
  get defaultWindowDays(): number {
    return this.engine.windowDays;
  }

  /** Resolves once no background computation runs (tests, shutdown). */
  async whenIdle(): Promise<void> {
    await this.cache.whenIdle();
  }

  /** A service's scorecard, or the rollup of a group, system or domain. */
  async getEntity(options: {
    entityRef: string;
    windowDays?: number;
    asOf?: number;
    /** The services a rollup may include (the caller's view). Default: all. */
    visible?: VisibleComponents;
  }): Promise<
    EntityScorecardResponse | (EntityRollupResponse & ComputingInfo)
  > {
    const kind = options.entityRef.split(':')[0];
    return ROLLUP_KINDS.has(kind)
      ? this.getEntityRollup(options)
      : this.getServiceScorecard(options);
  }

  async getServiceScorecard(options: {
    entityRef: string;
    windowDays?: number;
    asOf?: number;
  }): Promise<EntityScorecardResponse> {
    checkAsOf(options.asOf);
    const info = (await this.tryDirectory())?.services.get(options.entityRef);
    const resolved = this.resolve(
      info,
      options.windowDays,
      options.asOf ?? Date.now(),
    );
    const events = await this.events(
      options.entityRef,
      resolved.asOf,
      resolved.windowDays,
    );
    const scorecard = scorecardFromFacts(
      analyzeService(options.entityRef, events, resolved),
      resolved,
    );
    const previous = this.resolve(
      info,
      resolved.windowDays,
      resolved.asOf - WEEK_MS,
      false,
    );
    return {
      scope: 'service',
      entityRef: options.entityRef,
      asOf: iso(resolved.asOf)!,
      window: windowInfo(resolved),
      template: info?.template ?? null,
      ...scorecard,
      previousWeek: scorecardFromFacts(
        analyzeService(options.entityRef, events, previous),
        previous,
      ),
    };
  }

  async getTimeline(options: {
    entityRef: string;
    windowDays?: number;
    asOf?: number;
  }): Promise<EntityTimelineResponse> {
    if (ROLLUP_KINDS.has(options.entityRef.split(':')[0])) {
      throw new InputError(
        `${options.entityRef} is a ${
          options.entityRef.split(':')[0]
        }: timelines are per service`,
      );
    }
    checkAsOf(options.asOf);
    const info = (await this.tryDirectory())?.services.get(options.entityRef);
    const resolved = this.resolve(
      info,
      options.windowDays,
      options.asOf ?? Date.now(),
    );
    const events = await this.events(
      options.entityRef,
      resolved.asOf,
      resolved.windowDays,
    );
    const facts = analyzeService(options.entityRef, events, resolved);
    const inWindow = (ms: number | undefined) =>
      ms !== undefined && ms >= resolved.from && ms < resolved.asOf;
    const deployments = facts.deployments.filter(d =>
      inWindow(d.finishedAt ?? d.startedAt),
    );
    return {
      entityRef: options.entityRef,
      asOf: iso(resolved.asOf)!,
      window: windowInfo(resolved),
      deployments: deployments.map(d => ({
        deploymentId: d.deploymentId,
        environment: d.environment,
        production: d.production,
        outcome: d.outcome,
        startedAt: iso(d.startedAt),
        finishedAt: iso(d.finishedAt),
        commitSha: d.commitSha ?? null,
        counted: d.counted,
        failed: d.failureCauses.length > 0,
        failureCauses: d.failureCauses,
        rework: d.rework,
        rollback: d.rollback,
        hotfix: d.hotfix,
        recoveredAt: iso(d.recoveredAt),
        changes: d.leadTimes.length,
      })),
      incidents: facts.incidents
        .filter(i => inWindow(i.openedAt) || inWindow(i.resolvedAt))
        .map(i => ({
          incidentId: i.incidentId,
          openedAt: iso(i.openedAt)!,
          resolvedAt: iso(i.resolvedAt),
          severity: i.severity ?? null,
          deploymentId: i.deploymentId ?? null,
          rule: i.rule ?? null,
        })),
      leadTimeSeconds: deployments
        .filter(d => d.counted)
        .flatMap(d => d.leadTimes)
        .sort((a, b) => a - b),
    };
  }

  async getRollups(options: {
    groupBy: RollupGroupBy;
    windowDays?: number;
    asOf?: number;
    /** Only these services are rolled up (the caller's view). Default: all. */
    visible?: VisibleComponents;
  }): Promise<RollupResponse & ComputingInfo> {
    checkAsOf(options.asOf);
    const directory = await this.directory.get();
    const windowDays = options.windowDays ?? this.engine.windowDays;
    const services = [...directory.services.values()].filter(s =>
      admits(options.visible, s.ref),
    );
    const { cards, asOf, computing } = await this.cache.scorecardsFor(
      services,
      windowDays,
      options.asOf,
    );
    const measured = services.filter(s => cards.has(s.ref));
    const buckets = new Map<string, ServiceInfo[]>();
    for (const service of measured) {
      for (const key of groupKeys(service, options.groupBy)) {
        const list = buckets.get(key);
        if (list) list.push(service);
        else buckets.set(key, [service]);
      }
    }
    const group = (key: string, title: string, list: ServiceInfo[]) =>
      this.rollup(key, title, list, cards);
    const groups = [...buckets.entries()]
      .map(([key, list]) => group(key, titleFor(directory, key), list))
      .sort(
        (a, b) =>
          Number(a.key === 'none') - Number(b.key === 'none') ||
          a.title.localeCompare(b.title),
      );
    return {
      groupBy: options.groupBy,
      asOf: iso(asOf)!,
      window: windowInfo({ asOf, windowDays }),
      groups,
      fleet: group('fleet', 'All services', measured),
      ...computingInfo(computing),
    };
  }

  async getEntityRollup(options: {
    entityRef: string;
    windowDays?: number;
    asOf?: number;
    visible?: VisibleComponents;
  }): Promise<EntityRollupResponse & ComputingInfo> {
    checkAsOf(options.asOf);
    const directory = await this.directory.get();
    const windowDays = options.windowDays ?? this.engine.windowDays;
    const ref = options.entityRef;
    const kind = ref.split(':')[0];
    const members = [...directory.services.values()].filter(s => {
      if (!admits(options.visible, s.ref)) return false;
      if (kind === 'group') {
        return s.owners.some(o => isWithinGroup(directory, o, ref));
      }
      return kind === 'system' ? s.system === ref : s.domain === ref;
    });
    const { cards, asOf, computing } = await this.cache.scorecardsFor(
      members,
      windowDays,
      options.asOf,
    );
    const measured = members.filter(s => cards.has(s.ref));
    return {
      ...computingInfo(computing),
      scope: 'rollup',
      entityRef: ref,
      asOf: iso(asOf)!,
      window: windowInfo({ asOf, windowDays }),
      rollup: this.rollup(ref, titleFor(directory, ref), measured, cards),
      services: measured
        .map(s => ({
          entityRef: s.ref,
          title: s.title,
          template: s.template,
          scorecard: cards.get(s.ref)!,
        }))
        .sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
    };
  }

  /**
   * Computes and stores the scorecards of every measured service of the
   * catalog at one instant (the weekly snapshot job and the cache warmer).
   */
  async snapshot(options: { asOf?: number; windowDays?: number }) {
    const directory = await this.directory.get();
    const { cards } = await this.cache.scorecardsFor(
      [...directory.services.values()],
      options.windowDays ?? this.engine.windowDays,
      options.asOf,
      true,
    );
    return { services: cards.size };
  }

  private rollup(
    key: string,
    title: string,
    services: ServiceInfo[],
    cards: Map<string, ServiceScorecard>,
  ): RollupGroup {
    return rollupScorecards({
      key,
      title,
      median: this.engine.median,
      entries: services.map(s => ({
        entityRef: s.ref,
        goldenPath: s.template !== null,
        scorecard: cards.get(s.ref)!,
      })),
    });
  }

  /** The events a scorecard as of `before` reads: bounded by the window. */
  private events(
    service: string,
    before: number,
    windowDays: number,
  ): Promise<DeliveryEvent[]> {
    return this.store.listServiceEvents({
      service,
      from: readEventsFrom(before, windowDays),
      before,
      types: METRIC_EVENT_TYPES,
    });
  }

  private resolve(
    info: ServiceInfo | undefined,
    windowDays: number | undefined,
    asOf: number,
    trends = true,
  ): ResolvedEngineOptions {
    const base = this.engine.thresholds;
    const own = info?.thresholds;
    return resolveEngineOptions({
      ...this.engine,
      windowDays: windowDays ?? this.engine.windowDays,
      asOf,
      trends,
      thresholds: own ? mergeOverrides(base, own) : base,
      ...(info?.deploymentSources
        ? { deploymentSources: info.deploymentSources }
        : {}),
    });
  }

  private async tryDirectory(): Promise<CatalogSnapshot | undefined> {
    try {
      return await this.directory.get();
    } catch (e) {
      this.logger.warn(
        `Could not read the catalog; scorecards lack template attribution and entity thresholds: ${e}`,
      );
      return undefined;
    }
  }
}

function mergeOverrides(
  base: DoraBackendConfig['engine']['thresholds'],
  own: NonNullable<ServiceInfo['thresholds']>,
) {
  const out: Record<string, object | undefined> = { ...base };
  for (const [metric, bands] of Object.entries(own)) {
    out[metric] = {
      ...(base as Record<string, object | undefined>)?.[metric],
      ...bands,
    };
  }
  return out as DoraBackendConfig['engine']['thresholds'];
}

function computingInfo(computing: boolean): ComputingInfo {
  return computing
    ? { computing: true, retryAfterSeconds: RETRY_AFTER_SECONDS }
    : {};
}

function windowInfo(r: { asOf: number; windowDays: number }): WindowInfo {
  return {
    from: iso(r.asOf - r.windowDays * 86_400_000)!,
    to: iso(r.asOf)!,
    days: r.windowDays,
  };
}

function groupKeys(service: ServiceInfo, groupBy: RollupGroupBy): string[] {
  switch (groupBy) {
    case 'owner':
      return service.owners.length ? service.owners : ['none'];
    case 'system':
      return [service.system ?? 'none'];
    case 'domain':
      return [service.domain ?? 'none'];
    case 'template':
      return [service.template?.ref ?? 'none'];
    case 'template-version':
      return [
        service.template
          ? templateVersionKey(service.template.ref, service.template.version)
          : 'none',
      ];
    default:
      return ['none'];
  }
}

/** The rollup key of one template version: `<template ref>@<version>`. */
export function templateVersionKey(ref: string, version?: string | null) {
  return `${ref}@${version ?? 'unknown'}`;
}

function titleFor(directory: CatalogSnapshot, key: string): string {
  if (key === 'none') return 'None';
  const at = key.lastIndexOf('@');
  if (at > 0 && directory.templates.has(key.slice(0, at))) {
    return `${directory.templates.get(key.slice(0, at))!.title} ${key.slice(
      at + 1,
    )}`;
  }
  return (
    directory.groups.get(key)?.title ??
    directory.systems.get(key)?.title ??
    directory.domains.get(key)?.title ??
    directory.templates.get(key)?.title ??
    key
  );
}
