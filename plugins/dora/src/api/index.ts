export { doraApiRef } from './DoraApi';
export type {
  DoraApi,
  GetAdoptionOptions,
  GetModelHealthOptions,
  GetRollupsOptions,
  GetScorecardOptions,
  GetTicketsOptions,
  GetTimelineOptions,
} from './DoraApi';
export { DoraClient } from './DoraClient';
