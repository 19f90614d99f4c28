import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The DORA tab of component entity pages: `entity-content:dora`, at
 * `/catalog/:namespace/component/:name/dora`.
 */
export const entityDoraContent = EntityContentBlueprint.make({
  params: {
    path: 'dora',
    title: 'DORA',
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityDoraContent').then(m => (
        <m.EntityDoraContent />
      )),
  },
});
