/**
 * The canonical delivery-event model and the pure DORA metrics engine of
 * Goldpath, shared by the backend, the frontend and the CLI.
 *
 * @packageDocumentation
 */

export * from './events/schema';
export * from './events/refs';
export * from './events/time';
export {
  validateDeliveryEvent,
  validateDeliveryEvents,
  DEFAULT_MAX_FUTURE_MILLIS,
  MalformedEventInput,
  formatFieldPath,
} from './events/validate';
export type {
  FieldError,
  EventValidationResult,
  EventValidationOptions,
  BatchValidationResult,
} from './events/validate';
export * from './engine/stats';
export * from './engine/calendar';
export * from './engine/benchmarks';
export * from './engine/quickCheck';
export * from './engine/options';
export {
  analyzeService,
  type DeploymentFact,
  type IncidentFact,
  type ChangeFact,
  type ServiceFacts,
  type AttributionRule,
} from './engine/analyze';
export * from './engine/scorecard';
export * from './api';
export * from './permissions';
export * from './engine/durations';
export * from './engine/rollup';
export * from './engine/thresholds';
export { scaffoldAttributions } from './events/attribution';
export * from './adoption/adoption';
export * from './adoption/versionNotices';
export * from './modelHealth';
export * from './tickets';
export * from './digest';
