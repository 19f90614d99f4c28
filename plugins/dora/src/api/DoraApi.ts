import { createApiRef } from '@backstage/core-plugin-api';
import { EntityScorecardResponse } from '@goldpath/plugin-dora-common';

/**
 * Options of {@link DoraApi.getScorecard}.
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
 * Reads DORA scorecards from the Goldpath DORA backend.
 *
 * @public
 */
export interface DoraApi {
  /**
   * The scorecard of one catalog entity over a window.
   *
   * @param entityRef - A catalog entity ref such as
   *   `component:default/checkout`; kind `component` and namespace `default`
   *   are the defaults, as in the backend.
   */
  getScorecard(
    entityRef: string,
    options?: GetScorecardOptions,
  ): Promise<EntityScorecardResponse>;
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
