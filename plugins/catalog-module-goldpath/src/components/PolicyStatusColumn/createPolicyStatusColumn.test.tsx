import type { CatalogTableRow } from '@backstage/plugin-catalog';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { policyEntities } from '../../__testUtils__/entities';
import { createPolicyStatusColumn } from './createPolicyStatusColumn';

function rowOf(entity: CatalogTableRow['entity']): CatalogTableRow {
  return {
    entity,
    resolved: {
      name: entity.metadata.name,
      entityRef: `component:default/${entity.metadata.name}`,
      partOfSystemRelations: [],
      ownedByRelations: [],
    },
  };
}

describe('createPolicyStatusColumn', () => {
  const rows = policyEntities().map(rowOf);

  it('renders the status with the open violations, and — without a report', async () => {
    const column = createPolicyStatusColumn();
    expect(column.title).toBe('Policy');
    await renderInTestApp(
      <>
        {rows.map(row => (
          <div
            key={row.entity.metadata.name}
            data-name={row.entity.metadata.name}
          >
            {column.render!(row, 'row')}
          </div>
        ))}
      </>,
    );

    const cells = screen.getAllByTestId('catalog-policy-status');
    expect(cells.map(c => [c.dataset.status, c.textContent])).toEqual([
      ['fail', 'Fail1 critical, 2 high'],
      ['fail', 'Fail1 high'],
      ['warn', 'Warn1 low'],
      ['pass', 'Pass'],
      ['none', '—'],
    ]);
    expect(cells[4]).toHaveAttribute(
      'title',
      'No policy report names this entity',
    );
  });

  it('sorts fail, warn, pass, then entities without a report', () => {
    const column = createPolicyStatusColumn({ title: 'Policy status' });
    expect(column.title).toBe('Policy status');
    const shuffled = [rows[4], rows[3], rows[2], rows[1], rows[0]];
    const sorted = [...shuffled].sort((a, b) =>
      column.customSort!(a, b, 'row'),
    );
    expect(sorted.map(r => r.entity.metadata.name)).toEqual([
      'bravo',
      'alpha',
      'charlie',
      'delta',
      'echo',
    ]);
  });

  it('matches the table search on the status', () => {
    const column = createPolicyStatusColumn();
    expect(column.customFilterAndSearch!('FAIL', rows[0], column)).toBe(true);
    expect(column.customFilterAndSearch!('fail', rows[3], column)).toBe(false);
  });
});
