import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeliveryEvent,
  ResolvedEngineOptions,
  ServiceScorecard,
  analyzeService,
  scorecardFromFacts,
} from '@goldpath/plugin-dora-common';
import { createHash } from 'node:crypto';
import { DoraStore, ScorecardSnapshot } from '../database/DoraStore';
import { ServiceInfo } from '../catalog/CatalogDirectory';

const HOUR_MS = 3_600_000;
/** Services computed at once when a rollup misses its cache. */
const CONCURRENCY = 4;
/**
 * A stored scorecard of a service with no events since it was computed
 * answers a rollup "as of now" while it is at most this old.
 */
const LIVE_MAX_AGE_MS = HOUR_MS;

/** A service whose scorecard has to be computed. */
interface Missing {
  info: ServiceInfo;
  resolved: ResolvedEngineOptions;
  key: string;
}

/**
 * The per-service scorecards rollups read, kept in the store as snapshots
 * (valid while the service gets no new events): reads what is stored,
 * computes what is missing (inline when it is a few services, else in the
 * background) and stores it.
 */
export class SnapshotCache {
  /** Background computations by key (window and instant). */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly options: {
      store: DoraStore;
      logger: LoggerService;
      /** Services a request computes itself. */
      inlineLimit: number;
      /** Background computations at once. */
      maxBackground: number;
      /** The engine options of a service's scorecard (without trends). */
      resolve: (
        info: ServiceInfo,
        windowDays: number,
        asOf: number,
      ) => ResolvedEngineOptions;
      /** The events a scorecard as of `before` reads. */
      events: (
        service: string,
        before: number,
        windowDays: number,
      ) => Promise<DeliveryEvent[]>;
    },
  ) {}

  /** Resolves once no background computation runs (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running.values()]);
    }
  }

  /**
   * Scorecards (without trends) of the given services that have events.
   *
   * As of an instant: from the snapshots of that instant whose version is
   * the service's. As of now (no `asOf`): from each service's newest
   * snapshot of the last hour whose version is the service's, since a
   * service without new events since then has the same figures; so every
   * stored event is included, and the answer's `asOf` is the oldest
   * instant used. The rest is computed here when it is a few services, or
   * else in the background (at most `maxBackground` at once) while the
   * answer says `computing`; `all` computes everything here (the tasks).
   */
  async scorecardsFor(
    services: ServiceInfo[],
    windowDays: number,
    requestedAsOf: number | undefined,
    all = false,
  ): Promise<{
    cards: Map<string, ServiceScorecard>;
    asOf: number;
    computing: boolean;
  }> {
    const now = Date.now();
    const target = requestedAsOf ?? now;
    const versions = await this.options.store.getServiceVersions();
    const measured = services.filter(s => versions.has(s.ref));
    const refs = measured.map(s => s.ref);
    const snapshots =
      requestedAsOf === undefined
        ? await this.options.store.getLatestSnapshots({
            windowDays,
            since: now - LIVE_MAX_AGE_MS,
            before: now,
            services: refs,
          })
        : await this.options.store.getSnapshots({
            windowDays,
            asOf: requestedAsOf,
            services: refs,
          });
    const stored = new Map(
      snapshots.map(s => [`${s.service}\u0000${s.optionsKey}`, s]),
    );
    const cards = new Map<string, ServiceScorecard>();
    let asOf = target;
    const missing: Missing[] = [];
    for (const info of measured) {
      const resolved = this.options.resolve(info, windowDays, target);
      const key = optionsKey(resolved);
      const snapshot = stored.get(`${info.ref}\u0000${key}`);
      if (snapshot && snapshot.version === versions.get(info.ref)) {
        cards.set(info.ref, snapshot.scorecard);
        asOf = Math.min(asOf, snapshot.asOf);
      } else {
        missing.push({ info, resolved, key });
      }
    }
    if (all || missing.length <= this.options.inlineLimit) {
      await this.compute(missing, versions, windowDays, target, cards);
      return { cards, asOf, computing: false };
    }
    const jobKey = `${windowDays}\u0000${requestedAsOf ?? 'now'}`;
    if (
      !this.running.has(jobKey) &&
      this.running.size < this.options.maxBackground
    ) {
      const job = this.compute(missing, versions, windowDays, target)
        .then(() => undefined)
        .catch(e =>
          this.options.logger.warn(`Could not compute DORA scorecards: ${e}`),
        )
        .finally(() => this.running.delete(jobKey));
      this.running.set(jobKey, job);
    }
    return { cards: new Map(), asOf: target, computing: true };
  }

  /** Computes and stores the scorecards of `missing` as of `asOf`. */
  private async compute(
    missing: Missing[],
    versions: Map<string, number>,
    windowDays: number,
    asOf: number,
    cards = new Map<string, ServiceScorecard>(),
  ) {
    const fresh: ScorecardSnapshot[] = [];
    for (let i = 0; i < missing.length; i += CONCURRENCY) {
      await Promise.all(
        missing
          .slice(i, i + CONCURRENCY)
          .map(async ({ info, resolved, key }) => {
            const events = await this.options.events(
              info.ref,
              asOf,
              windowDays,
            );
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
      await this.options.store.putSnapshots(fresh);
    }
    return cards;
  }
}

/**
 * The engine's revision: bump it when the same events give another
 * scorecard (2: null levels without production deployments, negative
 * recoveries, cross-source identity), so no stored snapshot of the older
 * engine is reused.
 */
const ENGINE_REVISION = 2;

/** A stable key of everything besides the window that changes a scorecard. */
export function optionsKey(resolved: ResolvedEngineOptions): string {
  const relevant = {
    engine: ENGINE_REVISION,
    correlationToleranceMs: resolved.correlationToleranceMs,
    deploymentSources: resolved.deploymentSources ?? null,
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
