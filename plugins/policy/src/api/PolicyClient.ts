import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityPolicyState,
  PolicyOverviewResponse,
  PolicyWaiver,
} from '@goldpath/plugin-policy-common';
import {
  CreatePolicyWaiverRequest,
  GetUnmappedOptions,
  PolicyApi,
  PolicyUnmappedResponse,
  PolicyWaiversResponse,
} from './PolicyApi';

const ENTITY_REF_DEFAULTS = {
  defaultKind: 'component',
  defaultNamespace: 'default',
};

/** The path segments of an entity, with the backend's defaults. */
function entitySegments(entityRef: string): string[] {
  const { kind, namespace, name } = parseEntityRef(
    entityRef,
    ENTITY_REF_DEFAULTS,
  );
  return [kind, namespace, name];
}

/** An entity ref in its full form (`component:default/checkout`). */
function fullEntityRef(entityRef: string): string {
  return stringifyEntityRef(parseEntityRef(entityRef, ENTITY_REF_DEFAULTS));
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  query?: URLSearchParams;
  body?: unknown;
}

/**
 * The default {@link PolicyApi}: talks HTTP to the `policy` backend plugin.
 *
 * @public
 */
export class PolicyClient implements PolicyApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityState(entityRef: string): Promise<EntityPolicyState> {
    return this.request<EntityPolicyState>([
      'entities',
      ...entitySegments(entityRef),
    ]);
  }

  async getOverview(): Promise<PolicyOverviewResponse> {
    return this.request<PolicyOverviewResponse>(['overview']);
  }

  async getUnmapped(
    options: GetUnmappedOptions = {},
  ): Promise<PolicyUnmappedResponse> {
    const query = new URLSearchParams();
    if (options.limit !== undefined) {
      query.set('limit', String(options.limit));
    }
    return this.request<PolicyUnmappedResponse>(['unmapped'], { query });
  }

  async getWaivers(entityRef: string): Promise<PolicyWaiversResponse> {
    const query = new URLSearchParams({ entity: fullEntityRef(entityRef) });
    return this.request<PolicyWaiversResponse>(['waivers'], { query });
  }

  async createWaiver(
    request: CreatePolicyWaiverRequest,
  ): Promise<PolicyWaiver> {
    const body: CreatePolicyWaiverRequest = {
      ...request,
      entityRef: fullEntityRef(request.entityRef),
    };
    return this.request<PolicyWaiver>(['waivers'], { method: 'POST', body });
  }

  /**
   * Calls `{baseUrl}/{segments…}?{query}` (each segment encoded) and parses
   * the JSON answer; throws a `ResponseError` carrying the backend's error
   * body on a non-2xx answer.
   */
  private async request<T>(
    segments: string[],
    options: RequestOptions = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('policy');
    const path = segments.map(s => encodeURIComponent(s)).join('/');
    const search = options.query?.toString();
    const init: RequestInit = { method: options.method ?? 'GET' };
    if (options.body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(options.body);
    }
    const response = await this.fetchApi.fetch(
      `${baseUrl}/${path}${search ? `?${search}` : ''}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
