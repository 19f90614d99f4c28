import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The contract card, `entity-card:catalog/goldpath-contract`: a `content`
 * card, on building blocks (`spec.contract`) and on consumers
 * (`goldpath.dev/built-against`). List it before
 * `entity-card:catalog-graph/relations` in `app.extensions` to put it above
 * the relations graph.
 */
export const entityContractCard = EntityCardBlueprint.make({
  name: 'goldpath-contract',
  params: {
    type: 'content',
    filter: {
      $any: [
        { 'spec.contract': { $exists: true } },
        {
          'metadata.annotations.goldpath.dev/built-against': { $exists: true },
        },
      ],
    },
    loader: () =>
      import('../components/EntityContractCard').then(m => (
        <m.EntityContractCard />
      )),
  },
});

/**
 * The template attribution card, `entity-card:catalog/goldpath-template`:
 * an `info` card beside About, on entities with a computed attribution
 * (`goldpath.dev/attribution-template`) and on templates (the entities they
 * created).
 */
export const entityTemplateAttributionCard = EntityCardBlueprint.make({
  name: 'goldpath-template',
  params: {
    type: 'info',
    filter: {
      $any: [
        { kind: 'template' },
        {
          'metadata.annotations.goldpath.dev/attribution-template': {
            $exists: true,
          },
        },
      ],
    },
    loader: () =>
      import('../components/EntityTemplateAttributionCard').then(m => (
        <m.EntityTemplateAttributionCard />
      )),
  },
});
