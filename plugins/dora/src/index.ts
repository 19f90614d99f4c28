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
  EntityDoraModelHealthCard,
  EntityDoraContent,
  DoraFleetPage,
  DoraAdoptionPage,
  DoraTicketsPage,
} from './extensions';
export { adoptionRouteRef, rootRouteRef, ticketsRouteRef } from './routes';
export { DoraClient, doraApiRef } from './api';
export type {
  DoraApi,
  GetAdoptionOptions,
  GetModelHealthOptions,
  GetRollupsOptions,
  GetScorecardOptions,
  GetTicketsOptions,
  GetTimelineOptions,
} from './api';
export type { EntityDoraScorecardCardProps } from './components/EntityDoraScorecardCard';
export {
  DORA_MODEL_ANNOTATION,
  isDoraModelHealthAvailable,
} from './components/EntityModelHealthCard';
export type { EntityModelHealthCardProps as EntityDoraModelHealthCardProps } from './components/EntityModelHealthCard';
export { useEntityModelHealth } from './hooks/useEntityModelHealth';
export type { EntityModelHealthState } from './hooks/useEntityModelHealth';
export type { EntityDoraContentProps } from './components/EntityDoraContent';
export type { DoraFleetPageProps } from './components/DoraFleetPage';
export type { DoraAdoptionPageProps } from './components/DoraAdoptionPage';
export type { DoraTicketsPageProps } from './components/DoraTicketsPage';
export { useEntityScorecard } from './hooks/useEntityScorecard';
export type { EntityScorecardState } from './hooks/useEntityScorecard';
export { useEntityTimeline } from './hooks/useEntityTimeline';
export type { EntityTimelineState } from './hooks/useEntityTimeline';
export { useRollups } from './hooks/useRollups';
export type { RollupsState } from './hooks/useRollups';
export { useAdoption } from './hooks/useAdoption';
export type { AdoptionState } from './hooks/useAdoption';
export { useTickets } from './hooks/useTickets';
export type { TicketsState } from './hooks/useTickets';
export type {
  AdoptionResponse,
  EntityDoraResponse,
  EntityRollupResponse,
  EntityScorecardResponse,
  EntityTimelineResponse,
  ModelHealthResponse,
  ModelHealthSummary,
  ModelAccuracySample,
  ModelDriftSummary,
  ModelLatencySummary,
  RollupGroup,
  RollupGroupBy,
  RollupResponse,
  ServiceScorecard,
  TrendPoint,
  DoraLevel,
} from '@goldpath/plugin-dora-common';
