import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The compact policy card, `entity-card:policy/summary`: an `info` card, so
 * it sits in the column beside About. On components and resources, and any
 * entity a report already names.
 */
export const entityPolicySummaryCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    type: 'info',
    // Components, resources, and any entity a report already names: as
    // `isPolicyAvailable` of the legacy system.
    filter: {
      $any: [
        { kind: { $in: ['component', 'resource'] } },
        {
          'metadata.annotations.goldpath.dev/policy-status': { $exists: true },
        },
      ],
    },
    loader: () =>
      import('../components/EntityPolicySummaryCard').then(m => (
        <m.EntityPolicySummaryCard />
      )),
  },
});

/**
 * The full policy card, `entity-card:policy/violations`: a `content` card,
 * in the main column, on entities a policy report names. List it before `entity-card:catalog-graph/relations`
 * in `app.extensions` to put it above the relations graph.
 */
export const entityPolicyViolationsCard = EntityCardBlueprint.make({
  name: 'violations',
  params: {
    type: 'content',
    // Only entities a report names (the catalog module's computed
    // `goldpath.dev/policy-status`): before the first report the summary card
    // says how to send one, and a second empty card would push the page down.
    filter: {
      'metadata.annotations.goldpath.dev/policy-status': { $exists: true },
    },
    loader: () =>
      import('../components/EntityPolicyCard').then(m => (
        <m.EntityPolicyCard />
      )),
  },
});
