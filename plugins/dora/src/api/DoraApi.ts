import { createApiRef } from '@backstage/core-plugin-api';
import {
  AdoptionResponse,
  EntityDoraResponse,
  EntityTimelineResponse,
  ModelHealthResponse,
  RollupGroupBy,
  RollupResponse,
  TicketGroupBy,
  TicketsResponse,
} from '@goldpath/plugin-dora-common';

/**
 * Options of {@link DoraApi.getScorecard} and {@link DoraApi.getTimeline}.
 *
 * @public
 */
export interface GetScorecardOptions {
  /** Window length such as `90d` or `12w`; the backend default when omitted. */
  window?: string;
  /** End of the window (exclusive), ISO 8601 with offset; now when omitted. */
  asOf?: string;
}

/**
 * Options of {@link DoraApi.getTimeline}.
 *
 * @public
 */
export type GetTimelineOptions = GetScorecardOptions;

/**
 * Options of {@link DoraApi.getRollups}.
 *
 * @public
 */
export interface GetRollupsOptions extends GetScorecardOptions {
  /** What to group the services of the fleet by. */
  groupBy: RollupGroupBy;
}

/**
 * Options of {@link DoraApi.getAdoption}.
 *
 * @public
 */
export interface GetAdoptionOptions {
  /** UTC calendar months reported, 1 to 24; the backend default (6) when omitted. */
  months?: number;
  /** End of the report (exclusive), ISO 8601 with offset; the current hour when omitted. */
  asOf?: string;
}

/**
 * Options of {@link DoraApi.getModelHealth}.
 *
 * @public
 */
export interface GetModelHealthOptions {
  /** Days of history, 1 to 90; the backend default (30) when omitted. */
  days?: number;
}

/**
 * Options of {@link DoraApi.getTickets}.
 *
 * @public
 */
export interface GetTicketsOptions {
  /** Window length such as `90d` or `12w`; the backend default when omitted. */
  window?: string;
  /** End of the window (exclusive), ISO 8601 with offset; now when omitted. */
  asOf?: string;
  /** What `groups` holds: `category` (the backend default), `team` or `month`. */
  groupBy?: TicketGroupBy;
  /** Only tickets of one category or team. */
  category?: string;
  team?: string;
  /** IANA time zone of the months; the backend's (UTC by default) when omitted. */
  timeZone?: string;
}

/**
 * Reads DORA scorecards, timelines and rollups from the Goldpath DORA
 * backend.
 *
 * @public
 */
export interface DoraApi {
  /**
   * The DORA view of one catalog entity over a window: the scorecard of a
   * service (`scope: 'service'`, e.g. a component), or the rollup of the
   * services of a group, system or domain (`scope: 'rollup'`).
   *
   * @param entityRef - A catalog entity ref such as
   *   `component:default/checkout`; kind `component` and namespace `default`
   *   are the defaults, as in the backend.
   */
  getScorecard(
    entityRef: string,
    options?: GetScorecardOptions,
  ): Promise<EntityDoraResponse>;

  /**
   * The deployments, incidents and measured lead times of one service over a
   * window. Services only: the backend answers 400 for rollup entities.
   *
   * @param entityRef - As for {@link DoraApi.getScorecard}.
   */
  getTimeline(
    entityRef: string,
    options?: GetTimelineOptions,
  ): Promise<EntityTimelineResponse>;

  /** The fleet's services grouped by owner, system, domain or template. */
  getRollups(options: GetRollupsOptions): Promise<RollupResponse>;

  /**
   * Golden-path adoption over the last months: active services, templates
   * used, coverage, repeat use, outcomes and template version drift.
   */
  getAdoption(options?: GetAdoptionOptions): Promise<AdoptionResponse>;

  /**
   * The health of the ML models an entity serves, from `model_health`
   * events: latest drift against its threshold, the accuracy series, latency
   * quantiles of the latest histogram and the latest model version.
   *
   * @param entityRef - As for {@link DoraApi.getScorecard}.
   */
  getModelHealth(
    entityRef: string,
    options?: GetModelHealthOptions,
  ): Promise<ModelHealthResponse>;

  /**
   * Platform-ticket figures of a window: queue and resolution time (mean,
   * P95, n) per category, team and month, SLA breaches, template candidates
   * and before/after for categories a self-service template covers.
   */
  getTickets(options?: GetTicketsOptions): Promise<TicketsResponse>;
}

/**
 * The API reference of {@link DoraApi}, shared by the legacy and the new
 * frontend system.
 *
 * @public
 */
export const doraApiRef = createApiRef<DoraApi>({
  id: 'plugin.dora.service',
});
