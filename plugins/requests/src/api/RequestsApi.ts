import { createApiRef } from '@backstage/core-plugin-api';
import type { SelfServiceRequest } from '@goldpath/plugin-requests-common';

/**
 * What the requests frontend reads and does through the requests backend
 * (`/api/requests`).
 *
 * @public
 */
export interface RequestsApi {
  /** The signed-in user's requests, newest first. */
  listMine(): Promise<SelfServiceRequest[]>;
  /** The pending requests the signed-in user may decide, oldest first. */
  listToApprove(): Promise<SelfServiceRequest[]>;
  /** One request with its history. */
  getRequest(id: string): Promise<SelfServiceRequest>;
  approve(id: string, reason?: string): Promise<SelfServiceRequest>;
  reject(id: string, reason: string): Promise<SelfServiceRequest>;
  cancel(id: string, reason?: string): Promise<SelfServiceRequest>;
}

/**
 * The {@link RequestsApi} reference.
 *
 * @public
 */
export const requestsApiRef = createApiRef<RequestsApi>({
  id: 'plugin.requests.api',
});
