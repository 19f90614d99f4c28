import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { doraApi } from './alpha/apis';
import {
  entityDoraModelHealthCard,
  entityDoraScorecardCard,
} from './alpha/entityCards';
import { entityDoraContent } from './alpha/entityContent';
import { doraAdoptionPage, doraFleetPage } from './alpha/pages';
import { adoptionRouteRef, fleetRouteRef } from './alpha/routes';

/**
 * The DORA plugin for the new frontend system: the DORA API, the
 * `entity-card:dora/scorecard` card on component, group, system and domain
 * pages, the `entity-card:dora/model-health` card on entities annotated
 * `goldpath.dev/model`, the `entity-content:dora` tab on component pages, and the fleet
 * page `page:dora` at `/dora` with its nav item, and the golden-path adoption
 * page `page:dora/adoption` at `/dora/adoption`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'dora',
  title: 'DORA',
  info: { packageJson: () => import('../package.json') },
  routes: { root: fleetRouteRef, adoption: adoptionRouteRef },
  extensions: [
    doraApi,
    entityDoraScorecardCard,
    entityDoraModelHealthCard,
    entityDoraContent,
    doraFleetPage,
    doraAdoptionPage,
  ],
});

export { doraApiRef } from './api';
export type {
  DoraApi,
  GetAdoptionOptions,
  GetModelHealthOptions,
  GetRollupsOptions,
  GetScorecardOptions,
  GetTimelineOptions,
} from './api';
export { adoptionRouteRef, fleetRouteRef };
