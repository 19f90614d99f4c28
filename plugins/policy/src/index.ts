/**
 * The Goldpath policy frontend plugin: the policy cards of entity pages and
 * the policy overview page. This entry point is for the legacy frontend
 * system; the new frontend system plugin is the default export of
 * `@goldpath/plugin-policy/alpha`.
 *
 * @packageDocumentation
 */

export { policyPlugin } from './plugin';
export {
  EntityPolicySummaryCard,
  EntityPolicyCard,
  PolicyOverviewPage,
} from './extensions';
export { rootRouteRef } from './routes';
export { isPolicyAvailable } from './lib/availability';
export { PolicyClient, policyApiRef } from './api';
export type {
  CreatePolicyWaiverRequest,
  GetUnmappedOptions,
  PolicyApi,
  PolicyUnmappedResponse,
  PolicyUnmappedResult,
  PolicyWaiversResponse,
} from './api';
export type { EntityPolicySummaryCardProps } from './components/EntityPolicySummaryCard';
export type { EntityPolicyCardProps } from './components/EntityPolicyCard';
export type { PolicyOverviewPageProps } from './components/PolicyOverviewPage';
export { useEntityPolicy } from './hooks/useEntityPolicy';
export type { EntityPolicyLoadState } from './hooks/useEntityPolicy';
export { usePolicyOverview } from './hooks/usePolicyOverview';
export type { PolicyOverviewState } from './hooks/usePolicyOverview';
export { useUnmappedResults } from './hooks/useUnmappedResults';
export type { UnmappedResultsState } from './hooks/useUnmappedResults';
export { useEntityWaivers } from './hooks/useEntityWaivers';
export type { EntityWaiversState } from './hooks/useEntityWaivers';
export { useCreateWaiver } from './hooks/useCreateWaiver';
export type { CreateWaiverState } from './hooks/useCreateWaiver';
export type {
  EntityPolicyState,
  PolicyOverviewResponse,
  PolicyStatus,
  PolicyViolation,
  PolicyWaiver,
} from '@goldpath/plugin-policy-common';
