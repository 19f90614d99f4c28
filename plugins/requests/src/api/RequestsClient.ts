import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  RequestListResponse,
  SelfServiceRequest,
} from '@goldpath/plugin-requests-common';
import { RequestsApi } from './RequestsApi';

/**
 * The default {@link RequestsApi}: talks HTTP to the `requests` backend plugin.
 *
 * @public
 */
export class RequestsClient implements RequestsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listMine(): Promise<SelfServiceRequest[]> {
    return (await this.call<RequestListResponse>('requests?view=mine')).items;
  }

  async listToApprove(): Promise<SelfServiceRequest[]> {
    return (await this.call<RequestListResponse>('requests?view=to-approve'))
      .items;
  }

  async getRequest(id: string): Promise<SelfServiceRequest> {
    return this.call(`requests/${encodeURIComponent(id)}`);
  }

  async approve(id: string, reason?: string): Promise<SelfServiceRequest> {
    return this.decide(id, 'approve', reason ? { reason } : {});
  }

  async reject(id: string, reason: string): Promise<SelfServiceRequest> {
    return this.decide(id, 'reject', { reason });
  }

  async cancel(id: string, reason?: string): Promise<SelfServiceRequest> {
    return this.decide(id, 'cancel', reason ? { reason } : {});
  }

  private decide(id: string, verb: string, body: object) {
    return this.call<SelfServiceRequest>(
      `requests/${encodeURIComponent(id)}/${verb}`,
      { method: 'POST', body },
    );
  }

  /** Calls `{baseUrl}/{path}` and parses the JSON answer; a non-2xx answer throws a `ResponseError`. */
  private async call<T>(
    path: string,
    options: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('requests');
    const init: RequestInit = { method: options.method ?? 'GET' };
    if (options.body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(options.body);
    }
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
