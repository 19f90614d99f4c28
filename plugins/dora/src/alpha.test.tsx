import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { fullScorecard } from './__testUtils__/scorecards';
import { DoraApi, doraApiRef } from './api';
import doraPlugin from './alpha';
import { entityDoraScorecardCard } from './alpha/entityCards';

function entity(kind: string, name = 'checkout'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

function mockDoraApi(): jest.Mocked<DoraApi> {
  const getScorecard: DoraApi['getScorecard'] = async () => fullScorecard();
  return { getScorecard: jest.fn(getScorecard) };
}

describe('dora plugin (new frontend system)', () => {
  it('is the dora plugin', () => {
    expect(doraPlugin.id).toBe('dora');
  });

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
    expect(screen.getByTestId('dora-metric-changeLeadTime')).toHaveTextContent(
      /^1d 2h$/,
    );
    expect(screen.getByTestId('dora-metric-changeFailRate')).toHaveTextContent(
      /^6\.7%$/,
    );
    expect(
      screen.getByTestId('dora-metric-failedDeploymentRecoveryTime'),
    ).toHaveTextContent(/^45m$/);
    expect(
      screen.getByTestId('dora-metric-deploymentReworkRate'),
    ).toHaveTextContent(/^12\.5%$/);
    expect(doraApi.getScorecard).toHaveBeenCalledWith(
      'component:default/checkout',
      { window: undefined, asOf: undefined },
    );
  });

  it('is not shown on entities other than components', async () => {
    const doraApi = mockDoraApi();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: entity('System', 'payments') }),
        entityDoraScorecardCard,
      ],
      apis: [[doraApiRef, doraApi]],
    });

    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(screen.queryByTestId('dora-scorecard-card')).not.toBeInTheDocument();
    expect(doraApi.getScorecard).not.toHaveBeenCalled();
  });

  it('filters on kind component, and the filter can be overridden in config', () => {
    const byDefault = createExtensionTester(entityDoraScorecardCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(byDefault).toBeDefined();
    expect(byDefault!(entity('Component'))).toBe(true);
    expect(byDefault!(entity('API'))).toBe(false);

    const configured = createExtensionTester(entityDoraScorecardCard, {
      config: { filter: { kind: 'component', 'spec.type': 'website' } },
    }).get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(configured!(entity('Component'))).toBe(false);
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
      );

      renderTestApp({
        features: [doraPlugin],
        extensions: [createTestEntityPage({ entity: entity('Component') })],
        apis: [mockApis.discovery()],
      });

      expect(await screen.findByTestId('dora-metric-score')).toHaveTextContent(
        /^8\.6$/,
      );
      expect(paths).toEqual([
        '/api/dora/scorecards/component/default/checkout',
      ]);
    });
  });
});
