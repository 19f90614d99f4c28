import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { SelfServiceRequest } from '@goldpath/plugin-requests-common';

/**
 * What a fulfilment action is given: the approved request, the `input` of
 * its fulfilment spec, and which attempt this is (1 for the first).
 *
 * @public
 */
export interface RequestFulfilmentContext {
  request: SelfServiceRequest;
  input: Record<string, unknown>;
  attempt: number;
  logger: LoggerService;
}

/**
 * An action that fulfils approved requests whose fulfilment is
 * `{ type: 'action', id }`. A thrown error is retried (with back-off, by a
 * global scheduled task) up to `goldpath.requests.fulfilment.maxAttempts`
 * times, then the request fails with the error. An action must therefore be
 * idempotent per request id. What it returns is shown to the requester:
 * never secrets (hand them out through a secret store and return where).
 *
 * @public
 */
export interface RequestFulfilmentAction {
  /** `db:credentials:issue`: lower case, `[a-z0-9:._-]`. */
  id: string;
  description?: string;
  handler(
    ctx: RequestFulfilmentContext,
  ): Promise<{ output?: Record<string, unknown> } | void>;
}

/**
 * The `requests.fulfilment` extension point of the requests backend.
 *
 * @public
 */
export interface RequestsFulfilmentExtensionPoint {
  addFulfilmentAction(...actions: RequestFulfilmentAction[]): void;
}

/**
 * Where backend modules register the actions that fulfil approved requests.
 *
 * @public
 */
export const requestsFulfilmentExtensionPoint =
  createExtensionPoint<RequestsFulfilmentExtensionPoint>({
    id: 'requests.fulfilment',
  });
