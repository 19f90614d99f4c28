import {
  createComponentExtension,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { doraPlugin } from './plugin';
import { adoptionRouteRef, rootRouteRef, ticketsRouteRef } from './routes';
import type { EntityDoraScorecardCardProps } from './components/EntityDoraScorecardCard';
import type { EntityModelHealthCardProps } from './components/EntityModelHealthCard';
import type { EntityDoraContentProps } from './components/EntityDoraContent';
import type { DoraFleetPageProps } from './components/DoraFleetPage';
import type { DoraAdoptionPageProps } from './components/DoraAdoptionPage';
import type { DoraTicketsPageProps } from './components/DoraTicketsPage';

/**
 * The DORA scorecard card for the overview of an entity page (legacy
 * frontend system): the scorecard of a component, or the rollup of a
 * group, system or domain.
 *
 * @public
 */
export const EntityDoraScorecardCard: (
  props: EntityDoraScorecardCardProps,
) => JSX.Element = doraPlugin.provide(
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

/**
 * The model-health card for the overview of an ML service's entity page
 * (legacy frontend system): accuracy, data drift against its threshold,
 * inference latency p50/p95/p99 and the model version, from `model_health`
 * events. Show it only where `isDoraModelHealthAvailable(entity)` (the
 * `goldpath.dev/model` annotation), e.g. in an `EntitySwitch.Case`.
 *
 * @public
 */
export const EntityDoraModelHealthCard: (
  props: EntityModelHealthCardProps,
) => JSX.Element = doraPlugin.provide(
  createComponentExtension({
    name: 'EntityDoraModelHealthCard',
    component: {
      lazy: () =>
        import('./components/EntityModelHealthCard').then(
          m => m.EntityModelHealthCard,
        ),
    },
  }),
);

/**
 * The DORA tab of a component's entity page (legacy frontend system):
 * weekly trends, deployments and incidents, and the lead-time distribution.
 * Put it in an `EntityLayout.Route`.
 *
 * @public
 */
export const EntityDoraContent: (props: EntityDoraContentProps) => JSX.Element =
  doraPlugin.provide(
    createComponentExtension({
      name: 'EntityDoraContent',
      component: {
        lazy: () =>
          import('./components/EntityDoraContent').then(
            m => m.EntityDoraContent,
          ),
      },
    }),
  );

/**
 * The DORA fleet page (legacy frontend system), mounted on the plugin's
 * `rootRouteRef`: the fleet's metrics grouped by team, system, product line
 * or template.
 *
 * @public
 */
export const DoraFleetPage: (props: DoraFleetPageProps) => JSX.Element =
  doraPlugin.provide(
    createRoutableExtension({
      name: 'DoraFleetPage',
      component: () =>
        import('./components/DoraFleetPage').then(m => m.DoraFleetPage),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The golden-path adoption page (legacy frontend system), mounted on
 * `adoptionRouteRef`: active services, coverage, templates used, repeat use,
 * outcomes and template version drift.
 *
 * @public
 */
export const DoraAdoptionPage: (props: DoraAdoptionPageProps) => JSX.Element =
  doraPlugin.provide(
    createRoutableExtension({
      name: 'DoraAdoptionPage',
      component: () =>
        import('./components/DoraAdoptionPage').then(m => m.DoraAdoptionPage),
      mountPoint: adoptionRouteRef,
    }),
  );

/**
 * The platform-tickets page (legacy frontend system), mounted on
 * `ticketsRouteRef`: queue time mean and P95 per category and month, triage
 * SLA breaches, template candidates and before/after for categories a
 * self-service template covers.
 *
 * @public
 */
export const DoraTicketsPage: (props: DoraTicketsPageProps) => JSX.Element =
  doraPlugin.provide(
    createRoutableExtension({
      name: 'DoraTicketsPage',
      component: () =>
        import('./components/DoraTicketsPage').then(m => m.DoraTicketsPage),
      mountPoint: ticketsRouteRef,
    }),
  );
