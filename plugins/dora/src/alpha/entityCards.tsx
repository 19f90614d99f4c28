import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The DORA scorecard card on the overview of component entity pages:
 * `entity-card:dora/scorecard`.
 */
export const entityDoraScorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityDoraScorecardCard').then(m => (
        <m.EntityDoraScorecardCard variant="gridItem" />
      )),
  },
});
