import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { DoraClient, doraApiRef } from './api';
import { adoptionRouteRef, rootRouteRef, ticketsRouteRef } from './routes';

/**
 * The DORA plugin for the legacy frontend system.
 *
 * @public
 */
export const doraPlugin = createPlugin({
  id: 'dora',
  apis: [
    createApiFactory({
      api: doraApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DoraClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    adoption: adoptionRouteRef,
    tickets: ticketsRouteRef,
  },
});
