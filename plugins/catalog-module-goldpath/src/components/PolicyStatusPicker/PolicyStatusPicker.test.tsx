import {
  catalogApiRef,
  EntityKindPicker,
  EntityListProvider,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { policyEntities } from '../../__testUtils__/entities';
import { EntityPolicyStatusFilter } from './EntityPolicyStatusFilter';
import { PolicyStatusPicker } from './PolicyStatusPicker';

function EntityNames() {
  const { entities, loading } = useEntityList();
  if (loading) {
    return null;
  }
  return (
    <ul aria-label="Entities">
      {entities.map(e => (
        <li key={e.metadata.name}>{e.metadata.name}</li>
      ))}
    </ul>
  );
}

const names = () =>
  screen
    .getAllByRole('listitem')
    .filter(li => li.closest('[aria-label=Entities]'))
    .map(li => li.textContent);

describe('PolicyStatusPicker', () => {
  it('offers the statuses with their counts and filters in the catalog backend', async () => {
    const catalogApi = catalogApiMock({ entities: policyEntities() });
    const getEntities = jest.spyOn(catalogApi, 'getEntities');
    const getEntityFacets = jest.spyOn(catalogApi, 'getEntityFacets');
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <EntityListProvider>
          <EntityKindPicker initialFilter="component" hidden />
          <PolicyStatusPicker />
          <EntityNames />
        </EntityListProvider>
      </TestApiProvider>,
    );

    await waitFor(() =>
      expect(names()).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']),
    );
    expect(getEntityFacets).toHaveBeenCalledWith({
      facets: ['metadata.annotations.goldpath.dev/policy-status'],
      filter: { kind: 'component' },
    });

    const picker = within(
      (await screen.findByText('Policy status')).closest('label')!,
    );
    await userEvent.click(picker.getByRole('button', { name: 'Open' }));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'fail (2)',
      'warn (1)',
      'pass (1)',
    ]);

    await userEvent.click(screen.getByRole('option', { name: /fail/ }));
    await waitFor(() => expect(names()).toEqual(['alpha', 'bravo']));
    expect(getEntities).toHaveBeenLastCalledWith(
      expect.objectContaining({
        filter: {
          kind: 'component',
          'metadata.annotations.goldpath.dev/policy-status': ['fail'],
        },
      }),
    );

    await userEvent.click(screen.getByRole('option', { name: /warn/ }));
    await waitFor(() => expect(names()).toEqual(['alpha', 'bravo', 'charlie']));
  });

  it('is not shown while no entity has a policy status', async () => {
    const catalogApi = catalogApiMock({ entities: policyEntities().slice(4) });
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <EntityListProvider>
          <EntityKindPicker initialFilter="component" hidden />
          <PolicyStatusPicker />
          <EntityNames />
        </EntityListProvider>
      </TestApiProvider>,
    );

    await waitFor(() => expect(names()).toEqual(['echo']));
    expect(screen.queryByText('Policy status')).not.toBeInTheDocument();
  });
});

describe('EntityPolicyStatusFilter', () => {
  const [alpha, , charlie, delta, echo] = policyEntities();

  it('filters on the annotation in the backend and on what was loaded', () => {
    const filter = new EntityPolicyStatusFilter(['fail', 'warn']);
    expect(filter.getCatalogFilters()).toEqual({
      'metadata.annotations.goldpath.dev/policy-status': ['fail', 'warn'],
    });
    expect(filter.toQueryValue()).toEqual(['fail', 'warn']);
    expect(filter.filterEntity(alpha)).toBe(true);
    expect(filter.filterEntity(charlie)).toBe(true);
    expect(filter.filterEntity(delta)).toBe(false);
    // No report is no status: never matched as passing or failing.
    expect(filter.filterEntity(echo)).toBe(false);
    expect(new EntityPolicyStatusFilter(['pass']).filterEntity(echo)).toBe(
      false,
    );
  });
});
