import { Entity } from '@backstage/catalog-model';
import {
  createFrontendPlugin,
  discoveryApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { policyApiRef } from './api';
import policyPlugin from './alpha';
import {
  entityPolicySummaryCard,
  entityPolicyViolationsCard,
} from './alpha/entityCards';
import { policyOverviewPage } from './alpha/pages';
import {
  mockPolicyApi,
  noReportState,
  violationsState,
} from './__testUtils__/states';

/** The catalog module's annotation on an entity a policy report names. */
const REPORTED = { 'goldpath.dev/policy-status': 'fail' };

function entity(
  kind: string,
  name = 'checkout',
  annotations?: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

const apis = (policyApi = mockPolicyApi()) =>
  [
    [policyApiRef, policyApi],
    [
      discoveryApiRef,
      { getBaseUrl: async () => 'http://localhost:7007/api/policy' },
    ],
    mockApis.permission(),
  ] as const;

/** A stand-in for the catalog graph's relations card, to check the order. */
const catalogGraphStub = createFrontendPlugin({
  pluginId: 'catalog-graph',
  extensions: [
    EntityCardBlueprint.make({
      name: 'relations',
      params: {
        type: 'content',
        loader: async () => <div data-testid="relations-card" />,
      },
    }),
  ],
});

describe('policy plugin (new frontend system)', () => {
  it('is the policy plugin, with the extensions the README documents', () => {
    expect(policyPlugin.id).toBe('policy');
    for (const id of [
      'api:policy',
      'entity-card:policy/summary',
      'entity-card:policy/violations',
      'page:policy',
    ] as const) {
      expect(policyPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('declares the summary an info card and the violations a content card', () => {
    expect(
      createExtensionTester(entityPolicySummaryCard).get(
        EntityCardBlueprint.dataRefs.type,
      ),
    ).toBe('info');
    expect(
      createExtensionTester(entityPolicyViolationsCard).get(
        EntityCardBlueprint.dataRefs.type,
      ),
    ).toBe('content');
    // Integrators can move a card without code.
    expect(
      createExtensionTester(entityPolicyViolationsCard, {
        config: { type: 'info' },
      }).get(EntityCardBlueprint.dataRefs.type),
    ).toBe('info');
  });

  it('shows the violations card only on entities a report names', () => {
    const filter = createExtensionTester(entityPolicyViolationsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(entity('Component'))).toBe(false);
    expect(filter(entity('Resource', 'orders-db'))).toBe(false);
    for (const kind of ['Component', 'Resource', 'System']) {
      expect(
        filter(entity(kind, 'x', { 'goldpath.dev/policy-status': 'pass' })),
      ).toBe(true);
    }
  });

  it.each([['summary', () => createExtensionTester(entityPolicySummaryCard)]])(
    'shows the %s card on components, resources and entities a report names',
    (_name, tester) => {
      const filter = tester().get(EntityCardBlueprint.dataRefs.filterFunction)!;
      expect(filter(entity('Component'))).toBe(true);
      expect(filter(entity('Resource', 'orders-db'))).toBe(true);
      expect(
        filter(
          entity('System', 'payments', {
            'goldpath.dev/policy-status': 'warn',
          }),
        ),
      ).toBe(true);
      for (const kind of ['System', 'Group', 'User', 'API', 'Template']) {
        expect(filter(entity(kind))).toBe(false);
      }
    },
  );

  describe('entity-card:policy/summary', () => {
    it('renders on a component page', async () => {
      const policyApi = mockPolicyApi();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('Component') }),
          entityPolicySummaryCard,
        ],
        apis: apis(policyApi),
      });

      expect(
        await screen.findByTestId('policy-summary-card'),
      ).toBeInTheDocument();
      expect(await screen.findByTestId('policy-status')).toHaveTextContent(
        'Fail',
      );
      expect(policyApi.getEntityState).toHaveBeenCalledWith(
        'component:default/checkout',
      );
    });

    it('is not shown on a group page', async () => {
      const policyApi = mockPolicyApi();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('Group', 'team-a') }),
          entityPolicySummaryCard,
        ],
        apis: apis(policyApi),
      });

      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(policyApi.getEntityState).not.toHaveBeenCalled();
    });
  });

  describe('entity-card:policy/violations', () => {
    it('renders on a resource page a report names (empty until its state is read)', async () => {
      const policyApi = mockPolicyApi({
        getEntityState: async () => noReportState('resource:default/orders-db'),
      });
      renderTestApp({
        extensions: [
          createTestEntityPage({
            entity: entity('Resource', 'orders-db', REPORTED),
          }),
          entityPolicyViolationsCard,
        ],
        apis: apis(policyApi),
      });

      expect(
        await screen.findByTestId('policy-violations-card'),
      ).toBeInTheDocument();
      expect(await screen.findByTestId('policy-empty-cli')).toHaveTextContent(
        '--entity resource:default/orders-db',
      );
    });

    it('lands above the relations card when app.extensions lists it first', async () => {
      renderTestApp({
        features: [catalogGraphStub, policyPlugin],
        extensions: [
          createTestEntityPage({
            entity: entity('Component', 'checkout', REPORTED),
          }),
        ],
        apis: apis(),
        config: {
          app: {
            extensions: [
              'entity-card:policy/summary',
              'entity-card:policy/violations',
              'entity-card:catalog-graph/relations',
            ],
          },
        },
      });

      const violations = await screen.findByTestId('policy-violations-card');
      const relations = await screen.findByTestId('relations-card');
      const summary = await screen.findByTestId('policy-summary-card');
      expect(
        violations.compareDocumentPosition(relations) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
      expect(
        summary.compareDocumentPosition(violations) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    });

    it('follows discovery order without that config (why the README asks for it)', async () => {
      renderTestApp({
        features: [catalogGraphStub, policyPlugin],
        extensions: [
          createTestEntityPage({
            entity: entity('Component', 'checkout', REPORTED),
          }),
        ],
        apis: apis(),
      });

      const violations = await screen.findByTestId('policy-violations-card');
      const relations = await screen.findByTestId('relations-card');
      expect(
        relations.compareDocumentPosition(violations) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    });
  });

  describe('page:policy', () => {
    it('renders the overview at /policy with its header', async () => {
      const policyApi = mockPolicyApi();
      renderTestApp({
        extensions: [policyOverviewPage],
        apis: apis(policyApi),
        initialRouteEntries: ['/policy'],
      });

      expect(await screen.findByTestId('policy-overview')).toBeInTheDocument();
      expect(await screen.findAllByTestId('policy-offender-row')).toHaveLength(
        2,
      );
      expect(
        screen.getByRole('heading', { level: 1, name: 'Policy' }),
      ).toBeInTheDocument();
    });

    it('appears in the app nav as "Policy", linking to /policy', async () => {
      renderTestApp({
        features: [policyPlugin],
        apis: apis(),
        initialRouteEntries: ['/policy'],
      });

      const nav = await screen.findByRole('navigation', {
        name: 'sidebar nav',
      });
      expect(
        await within(nav).findByRole('link', { name: 'Policy' }),
      ).toHaveAttribute('href', '/policy');
    });
  });

  describe('with the api extension of the plugin', () => {
    const server = setupServer();
    registerMswTestHooks(server);

    it('fetches the entity state from the policy backend through PolicyClient', async () => {
      const paths: string[] = [];
      server.use(
        http.get(
          'http://example.com/api/policy/entities/:kind/:namespace/:name',
          ({ request }) => {
            paths.push(new URL(request.url).pathname);
            return HttpResponse.json(violationsState());
          },
        ),
        http.get('http://example.com/api/policy/waivers', ({ request }) => {
          paths.push(
            `${new URL(request.url).pathname}${new URL(request.url).search}`,
          );
          return HttpResponse.json({ items: [] });
        }),
      );

      renderTestApp({
        features: [policyPlugin],
        extensions: [
          createTestEntityPage({
            entity: entity('Component', 'checkout', REPORTED),
          }),
        ],
        apis: [mockApis.discovery(), [permissionApiRef, mockApis.permission()]],
      });

      expect(await screen.findAllByTestId('policy-violation-row')).toHaveLength(
        4,
      );
      expect(
        await screen.findByText('No waiver was recorded for this entity.'),
      ).toBeInTheDocument();
      expect(new Set(paths)).toEqual(
        new Set([
          '/api/policy/entities/component/default/checkout',
          '/api/policy/waivers?entity=component%3Adefault%2Fcheckout',
        ]),
      );
    });
  });
});
