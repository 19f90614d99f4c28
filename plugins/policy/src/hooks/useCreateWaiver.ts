import { useApi } from '@backstage/core-plugin-api';
import type { PolicyWaiver } from '@goldpath/plugin-policy-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { policyWaiversManagePermission } from '@goldpath/plugin-policy-common';
import { useCallback } from 'react';
import { CreatePolicyWaiverRequest, policyApiRef } from '../api';

/**
 * The result of {@link useCreateWaiver}.
 *
 * @public
 */
export interface CreateWaiverState {
  /** Whether the user may record waivers (`policy.waivers.manage`); false while the check runs. */
  allowed: boolean;
  /** Records a waiver; rejects with the backend's `ResponseError`. */
  createWaiver: (request: CreatePolicyWaiverRequest) => Promise<PolicyWaiver>;
}

/**
 * Whether the user may record waivers, and a function that records one
 * through the {@link PolicyApi}.
 *
 * @public
 */
export function useCreateWaiver(): CreateWaiverState {
  const policyApi = useApi(policyApiRef);
  const { allowed } = usePermission({
    permission: policyWaiversManagePermission,
  });
  const createWaiver = useCallback(
    (request: CreatePolicyWaiverRequest) => policyApi.createWaiver(request),
    [policyApi],
  );
  return { allowed, createWaiver };
}
