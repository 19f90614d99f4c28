import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { fullScorecard } from './__testUtils__/scorecards';
import { DoraApi, doraApiRef, doraPlugin, EntityDoraScorecardCard } from '.';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout' },
};

describe('dora plugin (legacy frontend system)', () => {
  it('is the dora plugin and provides the dora api', () => {
    expect(doraPlugin.getId()).toBe('dora');
    expect([...doraPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.dora.service',
    ]);
  });

  it('renders EntityDoraScorecardCard on an entity page', async () => {
    const doraApi: DoraApi = { getScorecard: async () => fullScorecard() };
    await renderInTestApp(
      <TestApiProvider apis={[[doraApiRef, doraApi]]}>
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
});
