export { doraApiRef } from './DoraApi';
export type {
  DoraApi,
  GetAdoptionOptions,
  GetRollupsOptions,
  GetScorecardOptions,
  GetTimelineOptions,
} from './DoraApi';
export { DoraClient } from './DoraClient';
