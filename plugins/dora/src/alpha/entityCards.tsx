import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The DORA scorecard card on the overview of entity pages:
 * `entity-card:dora/scorecard`. A component shows its own scorecard; a
 * group, system or domain the rollup of its services.
 */
export const entityDoraScorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    // The main column: list it before entity-card:catalog-graph/relations in
    // app.extensions to put it above the relations graph.
    type: 'content',
    filter: { kind: { $in: ['component', 'group', 'system', 'domain'] } },
    loader: () =>
      import('../components/EntityDoraScorecardCard').then(m => (
        <m.EntityDoraScorecardCard variant="gridItem" />
      )),
  },
});
