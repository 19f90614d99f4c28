import {
  AuthService,
  DiscoveryService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  IngestResult,
  ScaffoldAttributionsResponse,
} from '@goldpath/plugin-dora-common';

/**
 * What other backend plugins and modules (the catalog's attribution
 * processor) read from the dora plugin. The default implementation calls the
 * dora backend over HTTP with service-to-service auth, so callers never build
 * requests themselves.
 *
 * @public
 */
export interface DoraService {
  /**
   * Which template created each service, from its scaffold events: the
   * services whose scaffold events changed since `since` (a cursor from an
   * earlier answer), all without it.
   */
  getScaffoldAttributions(options?: {
    since?: string;
  }): Promise<ScaffoldAttributionsResponse>;

  /**
   * Records canonical delivery events (`POST /api/dora/events`). Events are
   * validated, de-duplicated by id and stored by the dora backend; invalid
   * ones come back in `rejected` with field-level reasons. A request whose
   * events are all invalid fails with the backend's `InputError`.
   */
  ingestEvents(events: object[]): Promise<IngestResult>;
}

/**
 * The dora backend, reached through discovery with a plugin request token.
 *
 * @public
 */
export class DefaultDoraService implements DoraService {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): DefaultDoraService {
    return new DefaultDoraService(options.discovery, options.auth);
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async getScaffoldAttributions(
    options: { since?: string } = {},
  ): Promise<ScaffoldAttributionsResponse> {
    const query = options.since
      ? `?since=${encodeURIComponent(options.since)}`
      : '';
    return this.get<ScaffoldAttributionsResponse>(
      `/scaffold-attributions${query}`,
    );
  }

  async ingestEvents(events: object[]): Promise<IngestResult> {
    return this.post<IngestResult>('/events', { events });
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('dora');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'dora',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('dora');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'dora',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/**
 * The service reference of {@link DoraService}; its default factory is
 * {@link DefaultDoraService}.
 *
 * @public
 */
export const doraServiceRef = createServiceRef<DoraService>({
  id: 'goldpath.dora',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      factory: ({ discovery, auth }) =>
        DefaultDoraService.create({ discovery, auth }),
    }),
});
