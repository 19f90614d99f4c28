import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError, ServiceUnavailableError } from '@backstage/errors';
import {
  CreateRequestBody,
  RequestListResponse,
  SelfServiceRequest,
} from '@goldpath/plugin-requests-common';

/**
 * What other backend plugins (the scaffolder action, the weekly digest) do
 * with the requests plugin.
 *
 * Failures throw `@backstage/errors` errors: a `ResponseError` when the
 * requests backend answers with an error status (its 400 names every bad
 * field), a `ServiceUnavailableError` when it cannot be reached or answers
 * something that is no request.
 *
 * @public
 */
export interface RequestsService {
  /**
   * Creates a request with the given credentials: a user's (the request is
   * theirs; the `requests.request.create` permission is checked for them) or
   * a service principal's, with `onBehalfOf` naming the user.
   */
  createRequest(
    body: CreateRequestBody,
    options: { credentials: BackstageCredentials },
  ): Promise<SelfServiceRequest>;

  /**
   * The pending requests whose target is owned by one of `ownerRefs`
   * (teams), oldest first; asked with the calling plugin's own credentials.
   */
  listPending(options: { ownerRefs: string[] }): Promise<SelfServiceRequest[]>;
}

/**
 * The default {@link RequestsService}: calls the requests backend over HTTP
 * (found through discovery).
 *
 * @public
 */
export class DefaultRequestsService implements RequestsService {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    /** The fetch implementation; default: the global `fetch`. */
    fetch?: typeof fetch;
  }): DefaultRequestsService {
    return new DefaultRequestsService(
      options.discovery,
      options.auth,
      options.fetch ?? fetch,
    );
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly fetchFn: typeof fetch,
  ) {}

  async createRequest(
    body: CreateRequestBody,
    options: { credentials: BackstageCredentials },
  ): Promise<SelfServiceRequest> {
    const res = await this.call('/requests', options.credentials, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!isRequest(res)) {
      throw new ServiceUnavailableError(
        'The requests backend answered something that is no request',
      );
    }
    return res;
  }

  async listPending(options: {
    ownerRefs: string[];
  }): Promise<SelfServiceRequest[]> {
    if (options.ownerRefs.length === 0) return [];
    const query = new URLSearchParams();
    for (const ref of options.ownerRefs) query.append('ownerRef', ref);
    const res = (await this.call(
      `/pending?${query}`,
      await this.auth.getOwnServiceCredentials(),
    )) as Partial<RequestListResponse>;
    if (!Array.isArray(res?.items) || !res.items.every(isRequest)) {
      throw new ServiceUnavailableError(
        'The requests backend answered something that is no list of requests',
      );
    }
    return res.items;
  }

  private async call(
    path: string,
    credentials: BackstageCredentials,
    init: RequestInit = {},
  ): Promise<unknown> {
    const baseUrl = await this.discovery.getBaseUrl('requests');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'requests',
    });
    let response: Response;
    try {
      response = await this.fetchFn(`${baseUrl}${path}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string> | undefined),
          Authorization: `Bearer ${token}`,
        },
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `Could not reach the requests backend at ${baseUrl}: ${
          (e as Error).message
        }`,
      );
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    try {
      return await response.json();
    } catch (e) {
      throw new ServiceUnavailableError(
        `The requests backend answered something that is not JSON: ${
          (e as Error).message
        }`,
      );
    }
  }
}

function isRequest(body: unknown): body is SelfServiceRequest {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.id === 'string' &&
    typeof b.status === 'string' &&
    typeof b.requester === 'string' &&
    typeof b.page === 'string'
  );
}
