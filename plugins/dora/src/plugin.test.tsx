import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { mockDoraApi } from './__testUtils__/scorecards';
import {
  doraApiRef,
  doraPlugin,
  DoraFleetPage,
  EntityDoraContent,
  EntityDoraScorecardCard,
  rootRouteRef,
} from '.';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout' },
};

describe('dora plugin (legacy frontend system)', () => {
  it('is the dora plugin, provides the dora api and its root route', () => {
    expect(doraPlugin.getId()).toBe('dora');
    expect([...doraPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.dora.service',
    ]);
    expect(doraPlugin.routes.root).toBe(rootRouteRef);
  });

  it('renders EntityDoraScorecardCard on an entity page', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[doraApiRef, mockDoraApi()]]}>
        <EntityProvider entity={entity}>
          <EntityDoraScorecardCard window="90d" />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(await screen.findByTestId('dora-metric-score')).toHaveTextContent(
      /^8\.6$/,
    );
    expect(screen.getByTestId('dora-metric-changeLeadTime')).toHaveTextContent(
      /^1d 2h$/,
    );
  });

  it('renders the rollup in EntityDoraScorecardCard on a system page', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[doraApiRef, mockDoraApi()]]}>
        <EntityProvider
          entity={{ ...entity, kind: 'System', metadata: { name: 'payments' } }}
        >
          <EntityDoraScorecardCard />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(await screen.findByTestId('dora-rollup-summary')).toHaveTextContent(
      'Rollup of 3 services',
    );
  });

  it('renders EntityDoraContent on an entity page', async () => {
    const doraApi = mockDoraApi();
    await renderInTestApp(
      <TestApiProvider apis={[[doraApiRef, doraApi]]}>
        <EntityProvider entity={entity}>
          <EntityDoraContent window="30d" />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(await screen.findByTestId('dora-trends')).toBeInTheDocument();
    expect(
      await screen.findByTestId('dora-timeline-incident-INC-1'),
    ).toBeInTheDocument();
    expect(doraApi.getTimeline).toHaveBeenCalledWith(
      'component:default/checkout',
      { window: '30d', asOf: undefined },
    );
  });

  it('renders DoraFleetPage on its route', async () => {
    const doraApi = mockDoraApi();
    await renderInTestApp(
      <TestApiProvider apis={[[doraApiRef, doraApi]]}>
        <Routes>
          <Route path="/dora" element={<DoraFleetPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/dora'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(
      await screen.findByRole('heading', { name: 'DORA scorecards' }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Team A' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-a',
    );
    expect(doraApi.getRollups).toHaveBeenCalledWith({
      groupBy: 'owner',
      window: undefined,
      asOf: undefined,
    });
  });
});
