import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityScorecardResponse } from '@goldpath/plugin-dora-common';
import { DoraApi, GetScorecardOptions } from './DoraApi';

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
  ): Promise<EntityScorecardResponse> {
    const { kind, namespace, name } = parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    const query = new URLSearchParams();
    if (options.window !== undefined) {
      query.set('window', options.window);
    }
    if (options.asOf !== undefined) {
      query.set('asOf', options.asOf);
    }
    return this.request<EntityScorecardResponse>(
      ['scorecards', kind, namespace, name],
      query,
    );
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
