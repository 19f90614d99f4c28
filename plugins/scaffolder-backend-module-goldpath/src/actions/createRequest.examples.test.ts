import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createRequestBodySchema } from '@goldpath/plugin-requests-common';
import { RequestsService } from '@goldpath/plugin-requests-node';
import yaml from 'yaml';
import { createTestActionContext } from '../__testUtils__/actionContext';
import { createCreateRequestAction } from './createRequest';
import { createRequestExamples } from './createRequest.examples';

/** What the templating would have rendered the examples' expressions to. */
const RENDERED: Record<string, unknown> = {
  '${{ parameters.database }}': 'resource:default/orders-db',
  '${{ parameters.access }}': 'read-only',
  '${{ parameters.reason }}': 'The dashboard needs it',
};

const resource = (name: string, contract?: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default' },
  spec: { type: 'database', owner: 'group:default/team-data', contract },
});

function render(value: unknown): unknown {
  if (typeof value === 'string')
    return value in RENDERED ? RENDERED[value] : value;
  if (Array.isArray(value)) return value.map(render);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, render(v)]),
    );
  }
  return value;
}

describe('goldpath:request:create examples', () => {
  const bodies: unknown[] = [];
  const requests: RequestsService = {
    async createRequest(body) {
      // the backend's own schema: the examples make valid requests
      bodies.push(createRequestBodySchema.parse(body));
      return { id: 'r1', status: 'pending', page: '/requests/r1' } as any;
    },
    async listPending() {
      return [];
    },
  };
  const action = createCreateRequestAction({
    catalog: catalogServiceMock({
      entities: [
        resource('orders-db', {
          version: '1.0.0',
          cost: {
            bucket: 'low',
            monthlyEstimate: { amount: 25, currency: 'EUR' },
          },
        }),
        resource('gpu-pool'),
        resource('gpu-node-a100', {
          version: '1.0.0',
          cost: {
            bucket: 'high',
            monthlyEstimate: { amount: 2400, currency: 'USD' },
          },
        }),
      ],
    }),
    requests,
    appBaseUrl: 'https://portal.example.com',
  });

  it.each(createRequestExamples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, example) => {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const { ctx, outputs } = createTestActionContext({
        input: render(step.input) as any,
        workspacePath: '/nonexistent',
      });
      await action.handler(ctx as any);
      expect(outputs).toMatchObject({
        requestId: 'r1',
        requestUrl: 'https://portal.example.com/requests/r1',
        cost: { period: 'month' },
      });
    },
  );
});
