import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import {
  CreateRequestBody,
  SelfServiceRequest,
  createRequestBodySchema,
} from '@goldpath/plugin-requests-common';
import { RequestsService } from '@goldpath/plugin-requests-node';
import { createTestActionContext } from '../__testUtils__/actionContext';
import { vpcModule } from '../__testUtils__/entities';
import { createCreateRequestAction } from './createRequest';

const ordersDb: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: {
    type: 'database',
    owner: 'group:default/team-data',
    contract: {
      version: '1.0.0',
      cost: {
        bucket: 'low',
        monthlyEstimate: { amount: 25, currency: 'EUR', basis: 'db.t3.small' },
      },
    },
  },
};

/**
 * The requests plugin for the action's unit tests: it validates with the
 * backend's schema; the integration test runs the real backend.
 */
function createInMemoryRequests() {
  const calls: Array<{ body: CreateRequestBody; principal: unknown }> = [];
  const requests: RequestsService = {
    async createRequest(body, { credentials }) {
      calls.push({ body, principal: credentials.principal });
      const parsed = createRequestBodySchema.parse(body);
      const id = `00000000-0000-4000-8000-00000000000${calls.length}`;
      return {
        id,
        status: 'pending',
        requester: parsed.onBehalfOf ?? 'user:default/mock',
        page: `/requests/${id}`,
      } as SelfServiceRequest;
    },
    async listPending() {
      return [];
    },
  };
  return { requests, calls };
}

const input = {
  kind: 'database-credentials',
  target: 'resource:default/orders-db',
  parameters: { access: 'read-only' },
  fulfilment: {
    type: 'scaffolder',
    templateRef: 'template:default/issue-db-credentials',
    values: { database: 'orders' },
  },
};

describe('goldpath:request:create', () => {
  const catalog = catalogServiceMock({ entities: [ordersDb, vpcModule] });

  const setup = (options: { isDryRun?: boolean } = {}) => {
    const { requests, calls } = createInMemoryRequests();
    const action = createCreateRequestAction({
      catalog,
      requests,
      appBaseUrl: 'https://portal.example.com/',
    });
    const run = (
      values: object,
      ctxOptions: { checkpoints?: any; service?: boolean } = {},
    ) => {
      const { ctx, outputs, checkpoints } = createTestActionContext({
        input: values as JsonObject,
        workspacePath: '/nonexistent',
        isDryRun: options.isDryRun,
        user: { ref: 'user:default/ada' },
        checkpoints: ctxOptions.checkpoints,
      });
      if (ctxOptions.service) {
        ctx.getInitiatorCredentials = async () =>
          mockCredentials.service() as any;
      }
      return { promise: action.handler(ctx as any), outputs, checkpoints };
    };
    return { run, calls };
  };

  it('creates the request as the user, with the cost of the contract, and outputs its id and URL', async () => {
    const { run, calls } = setup();
    const { promise, outputs } = run(input);
    await promise;
    expect(calls).toEqual([
      {
        principal: expect.objectContaining({ type: 'user' }),
        body: {
          kind: 'database-credentials',
          targetRef: 'resource:default/orders-db',
          parameters: { access: 'read-only' },
          cost: {
            amount: 25,
            currency: 'EUR',
            period: 'month',
            bucket: 'low',
            basis: 'db.t3.small',
            sourceRef: 'resource:default/orders-db',
          },
          fulfilment: input.fulfilment,
        },
      },
    ]);
    expect(outputs).toEqual({
      cost: expect.objectContaining({ amount: 25 }),
      requestId: '00000000-0000-4000-8000-000000000001',
      requestUrl:
        'https://portal.example.com/requests/00000000-0000-4000-8000-000000000001',
      status: 'pending',
    });
  });

  it('creates nothing in a dry run', async () => {
    const { run, calls } = setup({ isDryRun: true });
    const { promise, outputs } = run(input);
    await promise;
    expect(calls).toEqual([]);
    expect(outputs).toMatchObject({ requestId: '', status: 'dry-run' });
  });

  it('creates one request across a retry of the task', async () => {
    const { run, calls } = setup();
    const first = run(input);
    await first.promise;
    await run(input, { checkpoints: first.checkpoints }).promise;
    expect(calls).toHaveLength(1);
  });

  it('acts on behalf of the template’s user when the task runs as a service', async () => {
    const { run, calls } = setup();
    await run(input, { service: true }).promise;
    expect(calls[0].body.onBehalfOf).toBe('user:default/ada');
  });

  it('reads a separate block’s contract, which may state no cost', async () => {
    const { run, calls } = setup();
    const { promise, outputs } = run({
      ...input,
      block: 'resource:default/vpc-module',
    });
    await promise;
    expect(calls[0].body.cost).toBeUndefined();
    expect(outputs.cost).toBeUndefined();
  });

  it('fails with the field named on a bad fulfilment or an unknown block', async () => {
    const { run, calls } = setup();
    await expect(
      run({
        ...input,
        fulfilment: { type: 'scaffolder', templateRef: 'component:default/x' },
      }).promise,
    ).rejects.toThrow('fulfilment: templateRef must be a template ref');
    await expect(
      run({ ...input, block: 'resource:default/nope' }).promise,
    ).rejects.toThrow(
      'block: resource:default/nope is not in the catalog (or not visible to you)',
    );
    expect(calls).toEqual([]);
  });
});
