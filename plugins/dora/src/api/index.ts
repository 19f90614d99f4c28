export { doraApiRef } from './DoraApi';
export type { DoraApi, GetScorecardOptions } from './DoraApi';
export { DoraClient } from './DoraClient';
