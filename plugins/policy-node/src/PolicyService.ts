import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError, ServiceUnavailableError } from '@backstage/errors';
import { PolicySummaryResponse } from '@goldpath/plugin-policy-common';

/**
 * What other backend plugins (the catalog module that writes the
 * `goldpath.dev/policy-*` annotations) read from the policy plugin.
 *
 * @public
 */
export interface PolicyService {
  /**
   * The compact per-entity summary: every entity with a current policy state
   * changed since `since` (all of them without it), and the entities that lost
   * their state. Pass the answer's `cursor` as `since` next time; entries may
   * repeat across calls (they are idempotent).
   *
   * Failures throw `@backstage/errors` errors: a `ResponseError` when the
   * policy backend answers with an error status, a `ServiceUnavailableError`
   * when it cannot be reached or answers something that is no summary.
   */
  getSummary(options?: { since?: string }): Promise<PolicySummaryResponse>;
}

/**
 * The default {@link PolicyService}: calls `GET /api/policy/summary` of the
 * policy backend with the calling plugin's own service credentials.
 *
 * @public
 */
export class DefaultPolicyService implements PolicyService {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    /** The fetch implementation; default: the global `fetch`. */
    fetch?: typeof fetch;
  }): DefaultPolicyService {
    return new DefaultPolicyService(
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

  async getSummary(
    options: { since?: string } = {},
  ): Promise<PolicySummaryResponse> {
    const baseUrl = await this.discovery.getBaseUrl('policy');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'policy',
    });
    const url = new URL(`${baseUrl}/summary`);
    if (options.since !== undefined) {
      url.searchParams.set('since', options.since);
    }
    let response: Response;
    try {
      response = await this.fetchFn(url.toString(), {
        headers: { Authorization: `Bearer ${token}` },
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `Could not reach the policy backend at ${baseUrl}: ${
          (e as Error).message
        }`,
      );
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (e) {
      throw new ServiceUnavailableError(
        `The policy backend answered something that is not JSON: ${
          (e as Error).message
        }`,
      );
    }
    if (!isSummary(body)) {
      throw new ServiceUnavailableError(
        'The policy backend answered something that is no policy summary (expected entries, removed and cursor)',
      );
    }
    return body;
  }
}

function isSummary(body: unknown): body is PolicySummaryResponse {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return (
    Array.isArray(b.entries) &&
    Array.isArray(b.removed) &&
    typeof b.cursor === 'string'
  );
}
