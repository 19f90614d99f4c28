import { Entity } from '@backstage/catalog-model';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import goldpathCatalogModule, { catalogPolicyColumnModule } from './alpha';
import {
  entityContractCard,
  entityTemplateAttributionCard,
} from './alpha/entityCards';
import {
  catalogEntities,
  checkout,
  nodeServiceTemplate,
  policyEntities,
  undeclared,
  vpcModule,
} from './__testUtils__/entities';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'platform', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** The catalog index lists every entity, not only the guest's (none). */
const allEntities = {
  app: {
    extensions: [
      { 'catalog-filter:catalog/list': { config: { initialFilter: 'all' } } },
    ],
  },
};

/** A stand-in for the catalog plugin, so that the module has its plugin. */
const catalogStub = createFrontendPlugin({ pluginId: 'catalog' });

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

describe('catalog module (new frontend system)', () => {
  it('is a module of the catalog plugin, and so is the opt-in column module', () => {
    expect(goldpathCatalogModule.$$type).toBe('@backstage/FrontendModule');
    expect(goldpathCatalogModule.pluginId).toBe('catalog');
    expect(catalogPolicyColumnModule.pluginId).toBe('catalog');
  });

  it('declares the contract card a content card and the attribution card an info card', () => {
    expect(
      createExtensionTester(entityContractCard).get(
        EntityCardBlueprint.dataRefs.type,
      ),
    ).toBe('content');
    expect(
      createExtensionTester(entityTemplateAttributionCard).get(
        EntityCardBlueprint.dataRefs.type,
      ),
    ).toBe('info');
  });

  it('shows the contract card on blocks and consumers only', () => {
    const filter = createExtensionTester(entityContractCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(vpcModule)).toBe(true);
    expect(filter(checkout)).toBe(true);
    expect(filter(undeclared)).toBe(false);
    expect(filter(group)).toBe(false);
  });

  it('shows the attribution card on templates and attributed entities only', () => {
    const filter = createExtensionTester(entityTemplateAttributionCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(checkout)).toBe(true);
    expect(filter(nodeServiceTemplate)).toBe(true);
    expect(filter(undeclared)).toBe(false);
    expect(filter(vpcModule)).toBe(false);
  });

  describe('entity-card:catalog/goldpath-contract', () => {
    it('renders the contract and the consumers on a block page', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: vpcModule }),
          entityContractCard,
        ],
        apis: [catalogApiMock({ entities: catalogEntities })],
      });

      expect(await screen.findByTestId('contract-card')).toBeInTheDocument();
      expect(
        await screen.findAllByTestId('contract-consumer-row'),
      ).toHaveLength(5);
      expect(screen.getAllByTestId('contract-input-row')).toHaveLength(3);
    });

    it('is not shown on an entity without contract or built-against', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: undeclared }),
          entityContractCard,
          entityTemplateAttributionCard,
        ],
        apis: [catalogApiMock({ entities: catalogEntities })],
      });

      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(screen.queryByTestId('contract-card')).not.toBeInTheDocument();
      expect(
        screen.queryByTestId('template-attribution-card'),
      ).not.toBeInTheDocument();
    });

    it('lands above the relations card when app.extensions lists it first', async () => {
      renderTestApp({
        features: [catalogStub, catalogGraphStub, goldpathCatalogModule],
        extensions: [createTestEntityPage({ entity: vpcModule })],
        apis: [catalogApiMock({ entities: catalogEntities })],
        config: {
          app: {
            extensions: [
              'entity-card:catalog/goldpath-contract',
              'entity-card:catalog-graph/relations',
            ],
          },
        },
      });

      const contract = await screen.findByTestId('contract-card');
      const relations = await screen.findByTestId('relations-card');
      expect(
        contract.compareDocumentPosition(relations) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    });
    it('follows discovery order without that config (why the README asks for it)', async () => {
      renderTestApp({
        features: [catalogStub, catalogGraphStub, goldpathCatalogModule],
        extensions: [createTestEntityPage({ entity: vpcModule })],
        apis: [catalogApiMock({ entities: catalogEntities })],
      });

      const contract = await screen.findByTestId('contract-card');
      const relations = await screen.findByTestId('relations-card');
      expect(
        relations.compareDocumentPosition(contract) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    });
  });

  describe('entity-card:catalog/goldpath-template', () => {
    it('renders the attribution of a scaffolded entity', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: checkout }),
          entityTemplateAttributionCard,
        ],
        apis: [catalogApiMock({ entities: catalogEntities })],
      });

      expect(
        await screen.findByTestId('template-attribution-version'),
      ).toHaveTextContent('1.4.0');
    });

    it("lists the entities a template created on the template's page", async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: nodeServiceTemplate }),
          entityTemplateAttributionCard,
        ],
        apis: [catalogApiMock({ entities: catalogEntities })],
      });

      expect(
        await screen.findAllByTestId('template-attribution-entity-row'),
      ).toHaveLength(4);
    });
  });

  describe('catalog-filter:catalog/policy-status', () => {
    it('adds the policy-status picker to the catalog index', async () => {
      renderTestApp({
        features: [catalogPlugin, goldpathCatalogModule],
        apis: [
          catalogApiMock({ entities: policyEntities() }),
          mockApis.permission(),
        ],
        config: allEntities,
        initialRouteEntries: ['/catalog'],
      });

      expect(await screen.findByText('Policy status')).toBeInTheDocument();
      // The default page has no policy column. The table renders its rows
      // more than once while the filters settle: look up the row each time.
      await waitFor(() =>
        expect(screen.getByText('alpha')).toBeInTheDocument(),
      );
      expect(
        screen.queryByTestId('catalog-policy-status'),
      ).not.toBeInTheDocument();
    });
  });

  describe('catalogPolicyColumnModule', () => {
    it('adds the policy column to the catalog table, keeping the filters', async () => {
      renderTestApp({
        features: [
          catalogPlugin,
          goldpathCatalogModule,
          catalogPolicyColumnModule,
        ],
        apis: [
          catalogApiMock({ entities: policyEntities() }),
          mockApis.permission(),
        ],
        config: { organization: { name: 'Acme' }, ...allEntities },
        initialRouteEntries: ['/catalog'],
      });

      expect(
        await screen.findByRole('columnheader', { name: /Policy/ }),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(screen.getAllByTestId('catalog-policy-status')).toHaveLength(5),
      );
      const alphaRow = screen.getByText('alpha').closest('tr')!;
      expect(
        within(alphaRow).getByTestId('catalog-policy-status'),
      ).toHaveAttribute('data-status', 'fail');
      const echoRow = screen.getByText('echo').closest('tr')!;
      expect(
        within(echoRow).getByTestId('catalog-policy-status'),
      ).toHaveTextContent('—');
      // The page's own filters and header are still there.
      expect(await screen.findByText('Policy status')).toBeInTheDocument();
      expect(screen.getByText('Acme Catalog')).toBeInTheDocument();
    });
  });
});
