import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  fullScorecard,
  mockDoraApi,
  rollupResponse,
  timeline,
} from './__testUtils__/scorecards';
import { doraApiRef } from './api';
import doraPlugin from './alpha';
import { entityDoraScorecardCard } from './alpha/entityCards';
import { entityDoraContent } from './alpha/entityContent';
import {
  doraAdoptionPage,
  doraFleetPage,
  doraTicketsPage,
} from './alpha/pages';

function entity(kind: string, name = 'checkout'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** Another entity content, so that the test entity page routes by path. */
const otherContent = EntityContentBlueprint.make({
  name: 'other',
  params: {
    path: 'other',
    title: 'Other',
    loader: async () => <div data-testid="other-content" />,
  },
});

describe('dora plugin (new frontend system)', () => {
  it('is the dora plugin, with the extensions the README documents', () => {
    expect(doraPlugin.id).toBe('dora');
    for (const id of [
      'api:dora',
      'entity-card:dora/scorecard',
      'entity-content:dora',
      'page:dora',
      'page:dora/adoption',
      'page:dora/tickets',
    ] as const) {
      expect(doraPlugin.getExtension(id)).toBeDefined();
    }
  });

  describe('entity-card:dora/scorecard', () => {
    it('renders the scorecard card on a component page', async () => {
      const doraApi = mockDoraApi();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('Component') }),
          entityDoraScorecardCard,
        ],
        apis: [[doraApiRef, doraApi]],
      });

      expect(await screen.findByText('DORA scorecard')).toBeInTheDocument();
      expect(await screen.findByTestId('dora-metric-score')).toHaveTextContent(
        /^8\.6$/,
      );
      expect(
        screen.getByTestId('dora-metric-deploymentFrequency'),
      ).toHaveTextContent(/^3\.5$/);
      expect(
        screen.getByTestId('dora-metric-changeLeadTime'),
      ).toHaveTextContent(/^1d 2h$/);
      expect(
        screen.getByTestId('dora-metric-changeFailRate'),
      ).toHaveTextContent(/^6\.7%$/);
      expect(
        screen.getByTestId('dora-metric-failedDeploymentRecoveryTime'),
      ).toHaveTextContent(/^45m$/);
      expect(
        screen.getByTestId('dora-metric-deploymentReworkRate'),
      ).toHaveTextContent(/^12\.5%$/);
      expect(screen.getByTestId('dora-template')).toHaveTextContent(
        'Golden path: template:default/golden-path-service v1.4.0',
      );
      expect(doraApi.getScorecard).toHaveBeenCalledWith(
        'component:default/checkout',
        { window: undefined, asOf: undefined },
      );
    });

    it('shows the rollup of its services on a System page', async () => {
      const doraApi = mockDoraApi();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('System', 'payments') }),
          entityDoraScorecardCard,
        ],
        apis: [[doraApiRef, doraApi]],
      });

      expect(
        await screen.findByTestId('dora-rollup-summary'),
      ).toHaveTextContent('Rollup of 3 services');
      expect(screen.getByTestId('dora-metric-score')).toHaveTextContent(
        /^7\.4$/,
      );
      expect(screen.getByTestId('dora-golden-path')).toBeInTheDocument();
      expect(doraApi.getScorecard).toHaveBeenCalledWith(
        'system:default/payments',
        { window: undefined, asOf: undefined },
      );
    });

    it('is not shown on other kinds of entities', async () => {
      const doraApi = mockDoraApi();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('API', 'payments-api') }),
          entityDoraScorecardCard,
        ],
        apis: [[doraApiRef, doraApi]],
      });

      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(
        screen.queryByTestId('dora-scorecard-card'),
      ).not.toBeInTheDocument();
      expect(doraApi.getScorecard).not.toHaveBeenCalled();
    });

    it('declares itself a content card (the main column)', () => {
      expect(
        createExtensionTester(entityDoraScorecardCard).get(
          EntityCardBlueprint.dataRefs.type,
        ),
      ).toBe('content');
    });

    it('filters on components, groups, systems and domains; the filter can be overridden in config', () => {
      const byDefault = createExtensionTester(entityDoraScorecardCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      );
      expect(byDefault).toBeDefined();
      for (const kind of ['Component', 'Group', 'System', 'Domain']) {
        expect(byDefault!(entity(kind))).toBe(true);
      }
      for (const kind of ['API', 'User', 'Resource', 'Template']) {
        expect(byDefault!(entity(kind))).toBe(false);
      }

      const configured = createExtensionTester(entityDoraScorecardCard, {
        config: { filter: { kind: 'component', 'spec.type': 'website' } },
      }).get(EntityCardBlueprint.dataRefs.filterFunction);
      expect(configured!(entity('Component'))).toBe(false);
      expect(configured!(entity('System'))).toBe(false);
    });
  });

  describe('entity-content:dora', () => {
    it('is the DORA tab at dora, on components only', () => {
      const tester = createExtensionTester(entityDoraContent);
      expect(tester.get(coreExtensionData.routePath)).toBe('dora');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('DORA');
      const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
      expect(filter!(entity('Component'))).toBe(true);
      expect(filter!(entity('System'))).toBe(false);
      expect(filter!(entity('Group'))).toBe(false);
    });

    it('is reachable at its path on a component page', async () => {
      const doraApi = mockDoraApi();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('Component') }),
          otherContent,
          entityDoraContent,
        ],
        apis: [[doraApiRef, doraApi]],
        // The test entity page sits at `/`, which matches no sub-path: move
        // it, as an app would mount the entity page.
        config: {
          app: {
            baseUrl: 'http://localhost:3000',
            extensions: [
              { 'page:test/test-entity': { config: { path: '/entity' } } },
            ],
          },
          backend: { baseUrl: 'http://localhost:7007' },
        },
        initialRouteEntries: ['/entity/dora'],
      });

      expect(await screen.findByTestId('dora-content')).toBeInTheDocument();
      expect(screen.queryByTestId('other-content')).not.toBeInTheDocument();
      expect(await screen.findByTestId('dora-trends')).toBeInTheDocument();
      expect(
        await screen.findByTestId('dora-timeline-deployment-deploy-2'),
      ).toBeInTheDocument();
      expect(
        screen.getByTestId('dora-leadtime-bucket-under1h'),
      ).toHaveTextContent(/^2$/);
      expect(doraApi.getTimeline).toHaveBeenCalledWith(
        'component:default/checkout',
        { window: undefined, asOf: undefined },
      );
    });

    it('is not offered on a system page', async () => {
      const doraApi = mockDoraApi();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('System', 'payments') }),
          entityDoraContent,
        ],
        apis: [[doraApiRef, doraApi]],
      });

      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(doraApi.getTimeline).not.toHaveBeenCalled();
    });
  });

  describe('page:dora', () => {
    it('renders the fleet page at /dora with its header', async () => {
      const doraApi = mockDoraApi();
      renderTestApp({
        extensions: [doraFleetPage],
        apis: [[doraApiRef, doraApi]],
        initialRouteEntries: ['/dora'],
      });

      expect(
        await screen.findByTestId('dora-fleet-row-group:default/team-a'),
      ).toBeInTheDocument();
      // The title is short, for the sidebar; the header shows it too.
      expect(
        screen.getByRole('heading', { level: 1, name: 'DORA' }),
      ).toBeInTheDocument();
      expect(doraApi.getRollups).toHaveBeenCalledWith({
        groupBy: 'owner',
        window: undefined,
        asOf: undefined,
      });

      await userEvent.click(
        within(screen.getByRole('group', { name: 'Group by' })).getByRole(
          'button',
          { name: 'System' },
        ),
      );
      expect(
        await screen.findByTestId('dora-fleet-row-system:default/payments'),
      ).toBeInTheDocument();
      expect(doraApi.getRollups).toHaveBeenLastCalledWith(
        expect.objectContaining({ groupBy: 'system' }),
      );
    });

    it('appears in the app nav as "DORA", linking to /dora', async () => {
      renderTestApp({
        features: [doraPlugin],
        apis: [[doraApiRef, mockDoraApi()]],
        initialRouteEntries: ['/dora'],
      });

      // The page header links to the page too: look in the sidebar.
      const nav = await screen.findByRole('navigation', {
        name: 'sidebar nav',
      });
      expect(
        await within(nav).findByRole('link', { name: 'DORA' }),
      ).toHaveAttribute('href', '/dora');
      expect(
        await screen.findByTestId('dora-fleet-row-group:default/team-a'),
      ).toBeInTheDocument();
    });
  });

  describe('page:dora/adoption', () => {
    it('is at /dora/adoption', () => {
      expect(
        createExtensionTester(doraAdoptionPage).get(
          coreExtensionData.routePath,
        ),
      ).toBe('/dora/adoption');
    });

    it('renders the adoption page at /dora/adoption with its header', async () => {
      const doraApi = mockDoraApi();
      renderTestApp({
        extensions: [doraAdoptionPage],
        apis: [[doraApiRef, doraApi]],
        initialRouteEntries: ['/dora/adoption'],
      });

      expect(
        await screen.findByTestId('dora-adoption-active-value'),
      ).toHaveTextContent('3 / 4');
      expect(
        screen.getByRole('heading', { level: 1, name: 'Adoption' }),
      ).toBeInTheDocument();
      expect(doraApi.getAdoption).toHaveBeenCalledWith({
        months: undefined,
        asOf: undefined,
      });
    });

    it('is linked from the fleet page', async () => {
      renderTestApp({
        features: [doraPlugin],
        apis: [[doraApiRef, mockDoraApi()]],
        initialRouteEntries: ['/dora'],
      });

      const link = await screen.findByTestId('dora-fleet-adoption-link');
      expect(link).toHaveAttribute('href', '/dora/adoption');
      await userEvent.click(link);
      expect(
        await screen.findByTestId('dora-adoption-active-value'),
      ).toHaveTextContent('3 / 4');
    });
  });

  describe('page:dora/tickets', () => {
    it('is at /dora/tickets', () => {
      expect(
        createExtensionTester(doraTicketsPage).get(coreExtensionData.routePath),
      ).toBe('/dora/tickets');
    });

    it('renders the tickets page at /dora/tickets, linked from the fleet page', async () => {
      const doraApi = mockDoraApi();
      renderTestApp({
        features: [doraPlugin],
        apis: [[doraApiRef, doraApi]],
        initialRouteEntries: ['/dora'],
      });

      const link = await screen.findByTestId('dora-fleet-tickets-link');
      expect(link).toHaveAttribute('href', '/dora/tickets');
      await userEvent.click(link);
      expect(
        await screen.findByTestId('dora-tickets-queue-mean-value'),
      ).toHaveTextContent('4h');
      expect(
        screen.getByRole('heading', { level: 1, name: 'Tickets' }),
      ).toBeInTheDocument();
      expect(doraApi.getTickets).toHaveBeenCalled();
    });
  });

  describe('with the api extension of the plugin', () => {
    const server = setupServer();
    registerMswTestHooks(server);

    it('fetches the scorecard from the dora backend through DoraClient', async () => {
      const paths: string[] = [];
      server.use(
        http.get(
          'http://example.com/api/dora/scorecards/:kind/:namespace/:name',
          ({ request }) => {
            paths.push(new URL(request.url).pathname);
            return HttpResponse.json(fullScorecard());
          },
        ),
        http.get(
          'http://example.com/api/dora/scorecards/:kind/:namespace/:name/timeline',
          ({ request }) => {
            paths.push(new URL(request.url).pathname);
            return HttpResponse.json(timeline());
          },
        ),
      );

      renderTestApp({
        features: [doraPlugin],
        extensions: [createTestEntityPage({ entity: entity('Component') })],
        apis: [mockApis.discovery()],
      });

      expect(await screen.findByTestId('dora-metric-score')).toHaveTextContent(
        /^8\.6$/,
      );
      // The test entity page shows the card and the DORA tab together.
      expect(
        await screen.findByTestId('dora-timeline-deployment-deploy-1'),
      ).toBeInTheDocument();
      expect(new Set(paths)).toEqual(
        new Set([
          '/api/dora/scorecards/component/default/checkout',
          '/api/dora/scorecards/component/default/checkout/timeline',
        ]),
      );
    });

    it('fetches the rollups of the fleet page through DoraClient', async () => {
      const urls: URL[] = [];
      server.use(
        http.get('http://example.com/api/dora/rollups', ({ request }) => {
          const url = new URL(request.url);
          urls.push(url);
          return HttpResponse.json(
            rollupResponse(url.searchParams.get('groupBy') as 'owner'),
          );
        }),
      );

      renderTestApp({
        features: [doraPlugin],
        apis: [mockApis.discovery()],
        initialRouteEntries: ['/dora'],
      });

      expect(
        await screen.findByTestId('dora-fleet-row-group:default/team-a'),
      ).toBeInTheDocument();
      expect(urls.map(u => `${u.pathname}${u.search}`)).toEqual([
        '/api/dora/rollups?groupBy=owner',
      ]);
    });
  });
});
