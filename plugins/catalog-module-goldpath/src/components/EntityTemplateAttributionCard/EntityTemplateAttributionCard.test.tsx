import { screen, within } from '@testing-library/react';
import {
  checkout,
  legacyApp,
  nodeServiceTemplate,
  orders,
  undeclared,
  unusedTemplate,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { EntityTemplateAttributionCard } from './EntityTemplateAttributionCard';

describe('EntityTemplateAttributionCard', () => {
  it("answers which template, which version and when, from Goldpath's scaffolder action", async () => {
    await renderOnEntityPage(<EntityTemplateAttributionCard />, {
      entity: checkout,
    });

    expect(
      await screen.findByTestId('template-attribution-card'),
    ).toHaveTextContent('Created from');
    const template = screen.getByTestId('template-attribution-template');
    expect(
      await within(template).findByRole('link', { name: 'Node.js service' }),
    ).toHaveAttribute('href', '/catalog/default/template/node-service');
    expect(
      screen.getByTestId('template-attribution-version'),
    ).toHaveTextContent('1.4.0');
    // The template moved on since.
    expect(
      await screen.findByTestId('template-attribution-current'),
    ).toHaveTextContent('(the template is at 1.5.0 now)');
    expect(screen.getByTestId('template-attribution-at')).toHaveTextContent(
      '2024-05-02 09:10 UTC',
    );
    expect(screen.getByTestId('template-attribution-source')).toHaveAttribute(
      'data-source',
      'goldpath',
    );
    expect(screen.getByTestId('template-attribution-source')).toHaveTextContent(
      "Recorded by Goldpath's scaffolder action",
    );
  });

  it('answers from backstage.io/source-template, without inventing a date', async () => {
    await renderOnEntityPage(<EntityTemplateAttributionCard />, {
      entity: orders,
    });

    expect(
      await screen.findByTestId('template-attribution-version'),
    ).toHaveTextContent('1.5.0');
    expect(screen.getByTestId('template-attribution-at')).toHaveTextContent(
      'not recorded',
    );
    expect(screen.getByTestId('template-attribution-at')).toHaveAttribute(
      'data-known',
      'false',
    );
    expect(screen.getByTestId('template-attribution-source')).toHaveTextContent(
      'From backstage.io/source-template, set by the scaffolder (catalog:write)',
    );
    // Same version as the template: nothing to say about it.
    expect(
      screen.queryByTestId('template-attribution-current'),
    ).not.toBeInTheDocument();
  });

  it('answers from a scaffold event, without inventing a version', async () => {
    await renderOnEntityPage(<EntityTemplateAttributionCard />, {
      entity: legacyApp,
    });

    expect(
      await screen.findByTestId('template-attribution-version'),
    ).toHaveTextContent('not recorded');
    expect(screen.getByTestId('template-attribution-at')).toHaveTextContent(
      '2023-11-20 08:00 UTC',
    );
    expect(screen.getByTestId('template-attribution-source')).toHaveAttribute(
      'data-source',
      'scaffold-event',
    );
  });

  it('says so for an entity without attribution (legacy use without EntitySwitch)', async () => {
    await renderOnEntityPage(<EntityTemplateAttributionCard />, {
      entity: undeclared,
    });

    expect(
      await screen.findByTestId('template-attribution-none'),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('template-attribution-version'),
    ).not.toBeInTheDocument();
  });

  it("lists on a template's page the entities it created, with their versions", async () => {
    await renderOnEntityPage(<EntityTemplateAttributionCard />, {
      entity: nodeServiceTemplate,
    });

    expect(
      await screen.findByTestId('template-attribution-card'),
    ).toHaveTextContent('Created from this template');
    const rows = await screen.findAllByTestId(
      'template-attribution-entity-row',
    );
    expect(
      rows.map(r => [
        r.dataset.entityRef,
        within(r).getByTestId('template-attribution-entity-version')
          .textContent,
        r.dataset.behind,
      ]),
    ).toEqual([
      ['component:default/checkout', '1.4.0', 'true'],
      ['component:default/ghost', '—', 'false'],
      ['component:default/legacy-app', '—', 'false'],
      ['component:default/orders', '1.5.0', 'false'],
    ]);
    expect(
      within(rows[0]).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    expect(
      within(rows[0]).getByText('2024-05-02 09:10 UTC'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('not in the catalog')).toBeInTheDocument();
    expect(
      screen.getByText('The template is at version 1.5.0.'),
    ).toBeInTheDocument();
  });

  it('says when a template created nothing yet', async () => {
    await renderOnEntityPage(<EntityTemplateAttributionCard />, {
      entity: unusedTemplate,
    });

    expect(
      await screen.findByTestId('template-attribution-entities-empty'),
    ).toHaveTextContent(
      'No entity in the catalog was created from this template yet.',
    );
  });
});
