/**
 * The Goldpath requests frontend plugin: the requests page (my requests, to
 * approve, one request with its history). This entry point is for the
 * legacy frontend system; the new frontend system plugin is the default
 * export of `@goldpath/plugin-requests/alpha`.
 *
 * @packageDocumentation
 */

export { requestsPlugin } from './plugin';
export { RequestsPage } from './extensions';
export { rootRouteRef } from './routes';
export { RequestsClient, requestsApiRef } from './api';
export type { RequestsApi } from './api';
export type {
  RequestHistoryEntry,
  RequestStatus,
  SelfServiceRequest,
} from '@goldpath/plugin-requests-common';
