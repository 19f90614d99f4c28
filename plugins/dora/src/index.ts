/**
 * The Goldpath DORA frontend plugin: DORA scorecard cards, an entity tab and
 * a fleet page for the Backstage catalog. This entry point is for the legacy
 * frontend system; the new frontend system plugin is the default export of
 * `@goldpath/plugin-dora/alpha`.
 *
 * @packageDocumentation
 */

export { doraPlugin } from './plugin';
export {
  EntityDoraScorecardCard,
  EntityDoraContent,
  DoraFleetPage,
  DoraAdoptionPage,
} from './extensions';
export { adoptionRouteRef, rootRouteRef } from './routes';
export { DoraClient, doraApiRef } from './api';
export type {
  DoraApi,
  GetAdoptionOptions,
  GetRollupsOptions,
  GetScorecardOptions,
  GetTimelineOptions,
} from './api';
export type { EntityDoraScorecardCardProps } from './components/EntityDoraScorecardCard';
export type { EntityDoraContentProps } from './components/EntityDoraContent';
export type { DoraFleetPageProps } from './components/DoraFleetPage';
export type { DoraAdoptionPageProps } from './components/DoraAdoptionPage';
export { useEntityScorecard } from './hooks/useEntityScorecard';
export type { EntityScorecardState } from './hooks/useEntityScorecard';
export { useEntityTimeline } from './hooks/useEntityTimeline';
export type { EntityTimelineState } from './hooks/useEntityTimeline';
export { useRollups } from './hooks/useRollups';
export type { RollupsState } from './hooks/useRollups';
export { useAdoption } from './hooks/useAdoption';
export type { AdoptionState } from './hooks/useAdoption';
export type {
  AdoptionResponse,
  EntityDoraResponse,
  EntityRollupResponse,
  EntityScorecardResponse,
  EntityTimelineResponse,
  RollupGroup,
  RollupGroupBy,
  RollupResponse,
  ServiceScorecard,
  TrendPoint,
  DoraLevel,
} from '@goldpath/plugin-dora-common';
