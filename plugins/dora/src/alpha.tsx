import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { doraApi } from './alpha/apis';
import {
  entityDoraModelHealthCard,
  entityDoraScorecardCard,
} from './alpha/entityCards';
import { entityDoraContent } from './alpha/entityContent';
import {
  doraAdoptionPage,
  doraFleetPage,
  doraTicketsPage,
} from './alpha/pages';
import {
  adoptionRouteRef,
  fleetRouteRef,
  ticketsRouteRef,
} from './alpha/routes';

/**
 * The DORA plugin for the new frontend system: the DORA API, the
 * `entity-card:dora/scorecard` card on component, group, system and domain
 * pages, the `entity-card:dora/model-health` card on entities annotated
 * `goldpath.dev/model`, the `entity-content:dora` tab on component pages, and the fleet
 * page `page:dora` at `/dora` with its nav item, the golden-path adoption
 * page `page:dora/adoption` at `/dora/adoption`, and the platform-tickets
 * page `page:dora/tickets` at `/dora/tickets`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'dora',
  title: 'DORA',
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: fleetRouteRef,
    adoption: adoptionRouteRef,
    tickets: ticketsRouteRef,
  },
  extensions: [
    doraApi,
    entityDoraScorecardCard,
    entityDoraModelHealthCard,
    entityDoraContent,
    doraFleetPage,
    doraAdoptionPage,
    doraTicketsPage,
  ],
});

export { doraApiRef } from './api';
export type {
  DoraApi,
  GetAdoptionOptions,
  GetModelHealthOptions,
  GetRollupsOptions,
  GetScorecardOptions,
  GetTicketsOptions,
  GetTimelineOptions,
} from './api';
export { adoptionRouteRef, fleetRouteRef, ticketsRouteRef };
