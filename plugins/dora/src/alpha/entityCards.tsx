import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The DORA scorecard card on the overview of entity pages:
 * `entity-card:dora/scorecard`. A component shows its own scorecard; a
 * group, system or domain the rollup of its services.
 */
export const entityDoraScorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: { kind: { $in: ['component', 'group', 'system', 'domain'] } },
    loader: () =>
      import('../components/EntityDoraScorecardCard').then(m => (
        <m.EntityDoraScorecardCard variant="gridItem" />
      )),
  },
});
