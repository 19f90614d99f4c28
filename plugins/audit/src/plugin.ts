import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AuditClient, auditApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The audit plugin for the legacy frontend system.
 *
 * @public
 */
export const auditPlugin = createPlugin({
  id: 'audit',
  apis: [
    createApiFactory({
      api: auditApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AuditClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});
