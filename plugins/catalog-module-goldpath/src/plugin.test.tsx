import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import {
  checkout,
  nodeServiceTemplate,
  undeclared,
  vpcModule,
} from './__testUtils__/entities';
import { renderOnEntityPage } from './__testUtils__/render';
import {
  EntityContractCard,
  EntityTemplateAttributionCard,
  goldpathCatalogPlugin,
  isContractAvailable,
  isTemplateAttributionAvailable,
} from '.';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'platform' },
};

describe('goldpath catalog plugin (legacy frontend system)', () => {
  it('is the goldpath-catalog plugin', () => {
    expect(goldpathCatalogPlugin.getId()).toBe('goldpath-catalog');
  });

  it('isContractAvailable: blocks and consumers', () => {
    expect(isContractAvailable(vpcModule)).toBe(true);
    expect(isContractAvailable(checkout)).toBe(true);
    expect(isContractAvailable(undeclared)).toBe(false);
    expect(isContractAvailable(group)).toBe(false);
  });

  it('isTemplateAttributionAvailable: templates and attributed entities', () => {
    expect(isTemplateAttributionAvailable(checkout)).toBe(true);
    expect(isTemplateAttributionAvailable(nodeServiceTemplate)).toBe(true);
    expect(isTemplateAttributionAvailable(undeclared)).toBe(false);
    // A half-written attribution (no known source) is none.
    expect(
      isTemplateAttributionAvailable({
        ...undeclared,
        metadata: {
          ...undeclared.metadata,
          annotations: {
            'goldpath.dev/attribution-template': 'template:default/x',
          },
        },
      }),
    ).toBe(false);
  });

  it('renders EntityContractCard on an entity page', async () => {
    await renderOnEntityPage(<EntityContractCard />, { entity: vpcModule });

    expect(await screen.findAllByTestId('contract-consumer-row')).toHaveLength(
      5,
    );
  });

  it('renders EntityTemplateAttributionCard on an entity page', async () => {
    await renderOnEntityPage(<EntityTemplateAttributionCard />, {
      entity: checkout,
    });

    expect(
      await screen.findByTestId('template-attribution-version'),
    ).toHaveTextContent('1.4.0');
  });
});
