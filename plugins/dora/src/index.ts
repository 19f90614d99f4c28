/**
 * The Goldpath DORA frontend plugin: DORA scorecard cards for the Backstage
 * catalog. This entry point is for the legacy frontend system; the new
 * frontend system plugin is the default export of `@goldpath/plugin-dora/alpha`.
 *
 * @packageDocumentation
 */

export { doraPlugin } from './plugin';
export { EntityDoraScorecardCard } from './extensions';
export { rootRouteRef } from './routes';
export { DoraClient, doraApiRef } from './api';
export type { DoraApi, GetScorecardOptions } from './api';
export type { EntityDoraScorecardCardProps } from './components/EntityDoraScorecardCard';
export { useEntityScorecard } from './hooks/useEntityScorecard';
export type { EntityScorecardState } from './hooks/useEntityScorecard';
export type {
  EntityScorecardResponse,
  ServiceScorecard,
  TrendPoint,
  DoraLevel,
} from '@goldpath/plugin-dora-common';
