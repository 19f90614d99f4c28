import { createComponentExtension } from '@backstage/core-plugin-api';
import { doraPlugin } from './plugin';

/**
 * The DORA scorecard card for the overview of an entity page (legacy
 * frontend system).
 *
 * @public
 */
export const EntityDoraScorecardCard = doraPlugin.provide(
  createComponentExtension({
    name: 'EntityDoraScorecardCard',
    component: {
      lazy: () =>
        import('./components/EntityDoraScorecardCard').then(
          m => m.EntityDoraScorecardCard,
        ),
    },
  }),
);
