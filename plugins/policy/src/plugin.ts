import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { PolicyClient, policyApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The policy plugin for the legacy frontend system.
 *
 * @public
 */
export const policyPlugin = createPlugin({
  id: 'policy',
  apis: [
    createApiFactory({
      api: policyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PolicyClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});
