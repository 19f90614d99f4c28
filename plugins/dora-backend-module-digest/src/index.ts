/**
 * The weekly digest of the Goldpath dora plugin: each owning team's DORA
 * scorecard, policy violations and pending requests, and the platform
 * team's fleet digest, through Backstage's notifications.
 *
 * @packageDocumentation
 */

export { doraModuleDigest as default } from './module';
export {
  DigestRunner,
  DIGEST_TASK_ID,
  type DigestRunResult,
  type PendingRequestsSource,
} from './DigestRunner';
export {
  DeliveryStore,
  type DeliveryKey,
  type DeliveryRow,
  type DigestKind,
} from './DeliveryStore';
export type { DigestConfig } from './config';
