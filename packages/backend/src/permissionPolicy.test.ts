import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { auditReadPermission } from '@goldpath/plugin-audit-common';
import {
  requestsApprovePermission,
  requestsCreatePermission,
} from '@goldpath/plugin-requests-common';
import { ExamplePermissionPolicy, PLATFORM_TEAM } from './permissionPolicy';

function user(ref: string, groups: string[]): PolicyQueryUser {
  return {
    token: 'token',
    expiresInSeconds: 3600,
    credentials: {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: ref },
    },
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  } as PolicyQueryUser;
}

const margaret = user('user:default/margaret.hamilton', [PLATFORM_TEAM]);
const ada = user('user:default/ada.lovelace', ['group:default/team-checkout']);

describe('ExamplePermissionPolicy', () => {
  const policy = new ExamplePermissionPolicy();

  it('makes approving a request conditional on owning its target', async () => {
    const decision = await policy.handle(
      { permission: requestsApprovePermission },
      ada,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'requests',
      resourceType: requestsApprovePermission.resourceType,
      conditions: {
        rule: 'IS_TARGET_OWNER',
        resourceType: requestsApprovePermission.resourceType,
        params: {
          claims: ['user:default/ada.lovelace', 'group:default/team-checkout'],
        },
      },
    });
  });

  it('lets only the platform team read the audit trail', async () => {
    await expect(
      policy.handle({ permission: auditReadPermission }, margaret),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission: auditReadPermission }, ada),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle({ permission: auditReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows everything else', async () => {
    await expect(
      policy.handle({ permission: requestsCreatePermission }, ada),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
