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

/**
 * The model-health card of ML services: `entity-card:dora/model-health`, on
 * entities with the `goldpath.dev/model` annotation. A small info card:
 * accuracy with a sparkline, data drift against its threshold, inference
 * latency p50/p95/p99 and the model version.
 */
export const entityDoraModelHealthCard = EntityCardBlueprint.make({
  name: 'model-health',
  params: {
    type: 'info',
    filter: {
      'metadata.annotations.goldpath.dev/model': { $exists: true },
    },
    loader: () =>
      import('../components/EntityModelHealthCard').then(m => (
        <m.EntityModelHealthCard />
      )),
  },
});
