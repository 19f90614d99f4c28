/*
 * The example's permission policy: a real one, the way a platform team writes
 * its own (Backstage consults it for users; service principals are limited by
 * their access restrictions instead).
 *
 * - `requests.request.approve` is conditional: the owners of a request's target
 *   decide it (`IS_TARGET_OWNER` of the requests plugin), nobody else;
 * - `audit.read` is for the platform team's members only;
 * - everything else is allowed, as in the allow-all policy this replaces.
 */

import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { auditReadPermission } from '@goldpath/plugin-audit-common';
import { requestsApprovePermission } from '@goldpath/plugin-requests-common';
import {
  createRequestsConditionalDecision,
  requestsConditions,
} from '@goldpath/plugin-requests-node';

/** The example organisation's platform team (examples/org.yaml). */
export const PLATFORM_TEAM = 'group:default/team-platform';

/** @internal exported for the tests */
export class ExamplePermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (isPermission(request.permission, requestsApprovePermission)) {
      return createRequestsConditionalDecision(
        request.permission,
        requestsConditions.isTargetOwner({ claims }),
      );
    }
    if (isPermission(request.permission, auditReadPermission)) {
      return {
        result: claims.includes(PLATFORM_TEAM)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link ExamplePermissionPolicy} as the permission backend's policy. */
export const examplePermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'goldpath-example-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ExamplePermissionPolicy());
      },
    });
  },
});
