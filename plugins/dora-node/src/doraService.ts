import {
  AuthService,
  DiscoveryService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AdoptionResponse,
  IngestResult,
  RollupGroupBy,
  RollupResponse,
  ScaffoldAttributionsResponse,
  TicketGroupBy,
  TicketsResponse,
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
 * The dora plugin's fleet figures, read by other backend plugins and modules
 * (the weekly digest) with their own service credentials, so they see every
 * service. Kept apart from {@link DoraService} so existing implementations
 * of that interface (test doubles of other plugins) stay complete.
 *
 * Failures throw a `ResponseError` with the backend's status and error
 * (its 400 names every bad field).
 *
 * @public
 */
export interface DoraReadService {
  /**
   * `GET /api/dora/rollups`: the fleet grouped by owner, system, domain,
   * template or template version, with each group's golden-path slice. A
   * cold `window` or `asOf` may answer `computing: true` (empty groups) with
   * `retryAfterSeconds`: ask again then.
   */
  getRollups(options: {
    groupBy: RollupGroupBy;
    /** Window length, e.g. `90d` (default: the backend's). */
    window?: string;
    /** End of the window (exclusive), ISO 8601 (default: now). */
    asOf?: string;
  }): Promise<RollupResponse>;

  /** `GET /api/dora/adoption`: golden-path adoption over `months` (1-24) up to `asOf`. */
  getAdoption(options?: {
    asOf?: string;
    months?: number;
  }): Promise<AdoptionResponse>;

  /** `GET /api/dora/tickets`: platform-ticket figures, template candidates included. */
  getTickets(options?: {
    window?: string;
    asOf?: string;
    groupBy?: TicketGroupBy;
    category?: string;
    team?: string;
    timeZone?: string;
  }): Promise<TicketsResponse>;
}

/**
 * The dora backend, reached through discovery with a plugin request token.
 *
 * @public
 */
export class DefaultDoraService implements DoraService, DoraReadService {
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

  async getRollups(options: {
    groupBy: RollupGroupBy;
    window?: string;
    asOf?: string;
  }): Promise<RollupResponse> {
    return this.get<RollupResponse>(`/rollups${queryString(options)}`);
  }

  async getAdoption(
    options: { asOf?: string; months?: number } = {},
  ): Promise<AdoptionResponse> {
    return this.get<AdoptionResponse>(`/adoption${queryString(options)}`);
  }

  async getTickets(
    options: {
      window?: string;
      asOf?: string;
      groupBy?: TicketGroupBy;
      category?: string;
      team?: string;
      timeZone?: string;
    } = {},
  ): Promise<TicketsResponse> {
    return this.get<TicketsResponse>(`/tickets${queryString(options)}`);
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

/** `?a=1&b=2` of the defined options, `''` without any. */
function queryString(
  options: Record<string, string | number | undefined>,
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
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

/**
 * The service reference of {@link DoraReadService}; its default factory is
 * {@link DefaultDoraService}.
 *
 * @public
 */
export const doraReadServiceRef = createServiceRef<DoraReadService>({
  id: 'goldpath.dora.reads',
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
