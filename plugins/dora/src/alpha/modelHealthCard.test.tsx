import { Entity } from '@backstage/catalog-model';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { mockDoraApi } from '../__testUtils__/scorecards';
import { doraApiRef } from '../api';
import doraPlugin from '../alpha';
import { entityDoraModelHealthCard } from './entityCards';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'fraud-detector', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

describe('entity-card:dora/model-health', () => {
  it('is an extension of the dora plugin', () => {
    expect(
      doraPlugin.getExtension('entity-card:dora/model-health'),
    ).toBeDefined();
  });

  it('renders on entities with the goldpath.dev/model annotation', async () => {
    const doraApi = mockDoraApi();
    renderTestApp({
      extensions: [
        createTestEntityPage({
          entity: entity({ 'goldpath.dev/model': 'fraud-detector' }),
        }),
        entityDoraModelHealthCard,
      ],
      apis: [[doraApiRef, doraApi]],
    });
    expect(await screen.findByText('Model health')).toBeInTheDocument();
    expect(
      await screen.findByTestId('dora-model-fraud-detector'),
    ).toBeInTheDocument();
    expect(doraApi.getModelHealth).toHaveBeenCalledWith(
      'component:default/fraud-detector',
      { days: undefined },
    );
  });

  it('is not shown without the annotation', async () => {
    const doraApi = mockDoraApi();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: entity({}) }),
        entityDoraModelHealthCard,
      ],
      apis: [[doraApiRef, doraApi]],
    });
    // the page renders; the card does not
    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(
      screen.queryByTestId('dora-model-health-card'),
    ).not.toBeInTheDocument();
    expect(doraApi.getModelHealth).not.toHaveBeenCalled();
  });

  it('declares itself a small info card', () => {
    expect(
      createExtensionTester(entityDoraModelHealthCard).get(
        EntityCardBlueprint.dataRefs.type,
      ),
    ).toBe('info');
  });
});
