import {
  EntityScorecardResponse,
  computeServiceScorecard,
  resolveEngineOptions,
} from '@goldpath/plugin-dora-common';
import { DoraStore } from '../database/DoraStore';
import { DoraBackendConfig } from '../config';

/** The event types the engine reads. */
const METRIC_EVENT_TYPES = ['change', 'deployment', 'incident'] as const;

/**
 * Computes scorecards from the store with the pure engine: the same code the
 * CLI runs, so a scorecard reads the same everywhere.
 */
export class ScorecardService {
  static create(options: {
    store: DoraStore;
    engine: DoraBackendConfig['engine'];
  }): ScorecardService {
    return new ScorecardService(options.store, options.engine);
  }

  private constructor(
    private readonly store: DoraStore,
    private readonly engine: DoraBackendConfig['engine'],
  ) {}

  async getScorecard(options: {
    entityRef: string;
    windowDays?: number;
    asOf?: number;
  }): Promise<EntityScorecardResponse> {
    const resolved = resolveEngineOptions({
      ...this.engine,
      windowDays: options.windowDays ?? this.engine.windowDays,
      asOf: options.asOf,
    });
    const events = await this.store.listServiceEvents({
      service: options.entityRef,
      before: resolved.asOf,
      types: METRIC_EVENT_TYPES,
    });
    const scorecard = computeServiceScorecard(
      options.entityRef,
      events,
      resolved,
    );
    return {
      entityRef: options.entityRef,
      asOf: new Date(resolved.asOf).toISOString(),
      window: {
        from: new Date(resolved.from).toISOString(),
        to: new Date(resolved.asOf).toISOString(),
        days: resolved.windowDays,
      },
      ...scorecard,
    };
  }
}
