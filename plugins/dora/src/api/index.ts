export { doraApiRef } from './DoraApi';
export type {
  DoraApi,
  GetAdoptionOptions,
  GetModelHealthOptions,
  GetRollupsOptions,
  GetScorecardOptions,
  GetTimelineOptions,
} from './DoraApi';
export { DoraClient } from './DoraClient';
