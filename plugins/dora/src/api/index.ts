export { doraApiRef } from './DoraApi';
export type {
  DoraApi,
  GetRollupsOptions,
  GetScorecardOptions,
  GetTimelineOptions,
} from './DoraApi';
export { DoraClient } from './DoraClient';
