import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { RequestsClient, requestsApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The requests plugin for the legacy frontend system.
 *
 * @public
 */
export const requestsPlugin = createPlugin({
  id: 'requests',
  apis: [
    createApiFactory({
      api: requestsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RequestsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});
