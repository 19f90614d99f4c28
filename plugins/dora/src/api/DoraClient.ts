import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AdoptionResponse,
  EntityDoraResponse,
  EntityTimelineResponse,
  ModelHealthResponse,
  RollupResponse,
  TicketsResponse,
} from '@goldpath/plugin-dora-common';
import {
  DoraApi,
  GetAdoptionOptions,
  GetModelHealthOptions,
  GetRollupsOptions,
  GetScorecardOptions,
  GetTicketsOptions,
  GetTimelineOptions,
} from './DoraApi';

/** `window` and `asOf` as query parameters, leaving out the undefined ones. */
function windowQuery(
  options: GetScorecardOptions,
  query = new URLSearchParams(),
): URLSearchParams {
  if (options.window !== undefined) {
    query.set('window', options.window);
  }
  if (options.asOf !== undefined) {
    query.set('asOf', options.asOf);
  }
  return query;
}

/** The path segments of an entity, with the backend's defaults. */
function entitySegments(entityRef: string): string[] {
  const { kind, namespace, name } = parseEntityRef(entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  return [kind, namespace, name];
}

/**
 * The default {@link DoraApi}: talks HTTP to the `dora` backend plugin.
 *
 * @public
 */
export class DoraClient implements DoraApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getScorecard(
    entityRef: string,
    options: GetScorecardOptions = {},
  ): Promise<EntityDoraResponse> {
    return this.request<EntityDoraResponse>(
      ['scorecards', ...entitySegments(entityRef)],
      windowQuery(options),
    );
  }

  async getTimeline(
    entityRef: string,
    options: GetTimelineOptions = {},
  ): Promise<EntityTimelineResponse> {
    return this.request<EntityTimelineResponse>(
      ['scorecards', ...entitySegments(entityRef), 'timeline'],
      windowQuery(options),
    );
  }

  async getRollups(options: GetRollupsOptions): Promise<RollupResponse> {
    const query = new URLSearchParams({ groupBy: options.groupBy });
    return this.request<RollupResponse>(
      ['rollups'],
      windowQuery(options, query),
    );
  }

  async getAdoption(
    options: GetAdoptionOptions = {},
  ): Promise<AdoptionResponse> {
    const query = new URLSearchParams();
    if (options.months !== undefined) {
      query.set('months', String(options.months));
    }
    if (options.asOf !== undefined) {
      query.set('asOf', options.asOf);
    }
    return this.request<AdoptionResponse>(['adoption'], query);
  }

  async getModelHealth(
    entityRef: string,
    options: GetModelHealthOptions = {},
  ): Promise<ModelHealthResponse> {
    const { kind, namespace, name } = parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    const query = new URLSearchParams({
      entity: `${kind}:${namespace}/${name}`,
    });
    if (options.days !== undefined) {
      query.set('days', String(options.days));
    }
    return this.request<ModelHealthResponse>(['model-health'], query);
  }

  async getTickets(options: GetTicketsOptions = {}): Promise<TicketsResponse> {
    const query = windowQuery(options);
    for (const key of ['groupBy', 'category', 'team', 'timeZone'] as const) {
      const value = options[key];
      if (value !== undefined) query.set(key, value);
    }
    return this.request<TicketsResponse>(['tickets'], query);
  }

  /**
   * GETs `{baseUrl}/{segments…}?{query}` and parses the JSON body; throws a
   * `ResponseError` carrying the backend's error body on a non-2xx answer.
   */
  private async request<T>(
    segments: string[],
    query?: URLSearchParams,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('dora');
    const path = segments.map(s => encodeURIComponent(s)).join('/');
    const search = query?.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}/${path}${search ? `?${search}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
