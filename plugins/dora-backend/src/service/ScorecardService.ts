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
import { createHash } from 'node:crypto';
import { DoraStore, ScorecardSnapshot } from '../database/DoraStore';
import { DoraBackendConfig } from '../config';
import {
  Directory,
  ServiceDirectory,
  ServiceInfo,
  isWithinGroup,
} from './ServiceDirectory';

/** The event types the engine reads. */
const METRIC_EVENT_TYPES = ['change', 'deployment', 'incident'] as const;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 86_400_000;
/** Services computed at once when a rollup misses its cache. */
const CONCURRENCY = 4;

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
    directory: ServiceDirectory;
    logger: LoggerService;
  }): ScorecardService {
    return new ScorecardService(
      options.store,
      options.engine,
      options.directory,
      options.logger,
    );
  }

  private constructor(
    private readonly store: DoraStore,
    private readonly engine: DoraBackendConfig['engine'],
    private readonly directory: ServiceDirectory,
    private readonly logger: LoggerService,
  ) {}

  /** A service's scorecard, or the rollup of a group, system or domain. */
  async getEntity(options: {
    entityRef: string;
    windowDays?: number;
    asOf?: number;
  }): Promise<EntityScorecardResponse | EntityRollupResponse> {
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
    const info = (await this.tryDirectory())?.services.get(options.entityRef);
    const resolved = this.resolve(
      info,
      options.windowDays,
      options.asOf ?? Date.now(),
    );
    const events = await this.events(options.entityRef, resolved.asOf);
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
    const info = (await this.tryDirectory())?.services.get(options.entityRef);
    const resolved = this.resolve(
      info,
      options.windowDays,
      options.asOf ?? Date.now(),
    );
    const events = await this.events(options.entityRef, resolved.asOf);
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
  }): Promise<RollupResponse> {
    const directory = await this.directory.get();
    const { windowDays, asOf } = this.rollupInstant(options);
    const services = [...directory.services.values()];
    const cards = await this.scorecardsFor(services, windowDays, asOf);
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
    };
  }

  async getEntityRollup(options: {
    entityRef: string;
    windowDays?: number;
    asOf?: number;
  }): Promise<EntityRollupResponse> {
    const directory = await this.directory.get();
    const { windowDays, asOf } = this.rollupInstant(options);
    const ref = options.entityRef;
    const kind = ref.split(':')[0];
    const members = [...directory.services.values()].filter(s => {
      if (kind === 'group') {
        return s.owners.some(o => isWithinGroup(directory, o, ref));
      }
      return kind === 'system' ? s.system === ref : s.domain === ref;
    });
    const cards = await this.scorecardsFor(members, windowDays, asOf);
    const measured = members.filter(s => cards.has(s.ref));
    return {
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
  async snapshot(options: { asOf: number; windowDays?: number }) {
    const directory = await this.directory.get();
    const cards = await this.scorecardsFor(
      [...directory.services.values()],
      options.windowDays ?? this.engine.windowDays,
      options.asOf,
    );
    return { services: cards.size };
  }

  /** Rollups default to the current hour, which the cache task keeps warm. */
  private rollupInstant(options: { windowDays?: number; asOf?: number }) {
    return {
      windowDays: options.windowDays ?? this.engine.windowDays,
      asOf: options.asOf ?? floorToHour(Date.now()),
    };
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

  /**
   * Scorecards (without trends) of the given services that have events,
   * from valid snapshots where possible, computing and storing the rest.
   */
  private async scorecardsFor(
    services: ServiceInfo[],
    windowDays: number,
    asOf: number,
  ): Promise<Map<string, ServiceScorecard>> {
    const versions = await this.store.getServiceVersions();
    const measured = services.filter(s => versions.has(s.ref));
    const snapshots = await this.store.getSnapshots({
      windowDays,
      asOf,
      services: measured.map(s => s.ref),
    });
    const stored = new Map(
      snapshots.map(s => [`${s.service}\u0000${s.optionsKey}`, s]),
    );
    const cards = new Map<string, ServiceScorecard>();
    const missing: Array<{
      info: ServiceInfo;
      resolved: ResolvedEngineOptions;
      key: string;
    }> = [];
    for (const info of measured) {
      const resolved = this.resolve(info, windowDays, asOf, false);
      const key = optionsKey(resolved);
      const snapshot = stored.get(`${info.ref}\u0000${key}`);
      if (snapshot && snapshot.version === versions.get(info.ref)) {
        cards.set(info.ref, snapshot.scorecard);
      } else {
        missing.push({ info, resolved, key });
      }
    }
    const fresh: ScorecardSnapshot[] = [];
    for (let i = 0; i < missing.length; i += CONCURRENCY) {
      await Promise.all(
        missing
          .slice(i, i + CONCURRENCY)
          .map(async ({ info, resolved, key }) => {
            const events = await this.events(info.ref, asOf);
            const scorecard = scorecardFromFacts(
              analyzeService(info.ref, events, resolved),
              resolved,
            );
            cards.set(info.ref, scorecard);
            fresh.push({
              service: info.ref,
              windowDays,
              asOf,
              optionsKey: key,
              version: versions.get(info.ref)!,
              scorecard,
            });
          }),
      );
    }
    if (fresh.length > 0) {
      await this.store.putSnapshots(fresh);
    }
    return cards;
  }

  private events(service: string, before: number): Promise<DeliveryEvent[]> {
    return this.store.listServiceEvents({
      service,
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
    });
  }

  private async tryDirectory(): Promise<Directory | undefined> {
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

/** A stable key of everything besides the window that changes a scorecard. */
export function optionsKey(resolved: ResolvedEngineOptions): string {
  const relevant = {
    median: resolved.median,
    rounding: resolved.rounding,
    attribution: resolved.attribution,
    productionDefault: resolved.productionDefault,
    productionPattern: String(resolved.productionPattern),
    reworkPattern: resolved.reworkPattern
      ? String(resolved.reworkPattern)
      : null,
    benchmark: resolved.benchmark,
  };
  return createHash('sha256')
    .update(JSON.stringify(relevant))
    .digest('hex')
    .slice(0, 32);
}

function floorToHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
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

function titleFor(directory: Directory, key: string): string {
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
