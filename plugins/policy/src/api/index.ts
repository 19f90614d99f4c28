export { policyApiRef } from './PolicyApi';
export type {
  CreatePolicyWaiverRequest,
  GetUnmappedOptions,
  PolicyApi,
  PolicyUnmappedResponse,
  PolicyUnmappedResult,
  PolicyWaiversResponse,
} from './PolicyApi';
export { PolicyClient } from './PolicyClient';
