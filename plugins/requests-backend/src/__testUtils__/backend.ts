import {
  AuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { requestsApprovePermission } from '@goldpath/plugin-requests-common';
import {
  RequestFulfilmentAction,
  createRequestsConditionalDecision,
  requestsConditions,
  requestsFulfilmentExtensionPoint,
} from '@goldpath/plugin-requests-node';

/**
 * The app's permission policy of the tests, as an installation would write
 * it: approving a request is conditional on owning its target; `dave` may
 * not create requests; everything else is allowed.
 */
export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'requests-test-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            if (isPermission(req.permission, requestsApprovePermission)) {
              return createRequestsConditionalDecision(
                req.permission,
                requestsConditions.isTargetOwner({
                  claims: user?.info.ownershipEntityRefs ?? [],
                }),
              );
            }
            if (
              req.permission.name === 'requests.request.create' &&
              user?.info.userEntityRef === 'user:default/dave'
            ) {
              return { result: AuthorizeResult.DENY };
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

/** Group memberships, as the catalog-backed user info service would resolve them. */
export const MEMBERSHIPS: Record<string, string[]> = {
  'user:default/carol': ['group:default/team-data'],
  'user:default/erin': ['group:default/team-gpu'],
};

/** The user info service over {@link MEMBERSHIPS}. */
export const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const principal = credentials.principal as { userEntityRef: string };
      return {
        userEntityRef: principal.userEntityRef,
        ownershipEntityRefs: [
          principal.userEntityRef,
          ...(MEMBERSHIPS[principal.userEntityRef] ?? []),
        ],
      };
    },
  }),
});

/**
 * Backstage's mock auth service, except that a plugin's token on behalf of a
 * user keeps the calling plugin as the actor, as real on-behalf-of tokens
 * do. (The mock drops the actor; the permission backend then refuses
 * conditional decisions without a resource, which "to approve" asks for,
 * and `apply-conditions` refuses the permission backend's call with 403.)
 */
export const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(auth), {
      async getPluginRequestToken(
        options: Parameters<AuthService['getPluginRequestToken']>[0],
      ) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user') {
          return {
            token: mockCredentials.user.token(principal.userEntityRef!, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    });
  },
});

/** A fulfilment action the tests control. */
export class TestAction implements RequestFulfilmentAction {
  readonly id = 'test:credentials:issue';
  readonly calls: Array<{
    requestId: string;
    attempt: number;
    input: unknown;
  }> = [];
  failuresLeft = 0;

  async handler(ctx: Parameters<RequestFulfilmentAction['handler']>[0]) {
    this.calls.push({
      requestId: ctx.request.id,
      attempt: ctx.attempt,
      input: ctx.input,
    });
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('the vault is sealed');
    }
    return { output: { secretPath: `vault:kv/requests/${ctx.request.id}` } };
  }
}

export function fulfilmentModule(action: TestAction) {
  return createBackendModule({
    pluginId: 'requests',
    moduleId: 'test-fulfilment',
    register(env) {
      env.registerInit({
        deps: { fulfilment: requestsFulfilmentExtensionPoint },
        async init({ fulfilment }) {
          fulfilment.addFulfilmentAction(action);
        },
      });
    },
  });
}

const user = (name: string, memberOf: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf },
  relations: memberOf.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

const group = (name: string, members: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], members },
  relations: members.map(m => ({
    type: 'hasMember',
    targetRef: `user:default/${m}`,
  })),
});

/** The catalog of the tests: two teams, their users, two building blocks and a fulfilment template. */
export const ENTITIES: Entity[] = [
  user('ada'),
  user('carol', ['team-data']),
  user('dave'),
  user('erin', ['team-gpu']),
  group('team-data', ['carol']),
  group('team-gpu', ['erin']),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'orders-db',
      namespace: 'default',
      title: 'Orders database',
    },
    spec: {
      type: 'database',
      owner: 'team-data',
      contract: {
        version: '1.2.0',
        cost: {
          bucket: 'low',
          monthlyEstimate: {
            amount: 25,
            currency: 'EUR',
            basis: 'db.t3.small',
          },
        },
      },
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-data' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'gpu-pool', namespace: 'default' },
    spec: { type: 'compute', owner: 'team-gpu' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-gpu' }],
  },
  {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'raise-gpu-quota', namespace: 'default' },
    spec: {
      owner: 'group:default/team-gpu',
      type: 'fulfilment',
      parameters: [
        {
          type: 'object',
          required: ['gpus'],
          properties: { gpus: { type: 'number' } },
        },
      ],
      steps: [
        {
          id: 'log',
          name: 'Raise the quota',
          action: 'debug:log',
          input: { message: 'Raising the GPU quota to ${{ parameters.gpus }}' },
        },
      ],
    },
  },
];
