export { requestsApiRef } from './RequestsApi';
export type { RequestsApi } from './RequestsApi';
export { RequestsClient } from './RequestsClient';
