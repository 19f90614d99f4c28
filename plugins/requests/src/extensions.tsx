import { createRoutableExtension } from '@backstage/core-plugin-api';
import { requestsPlugin } from './plugin';
import { rootRouteRef } from './routes';

/**
 * The requests page (legacy frontend system), mounted on the plugin's
 * `rootRouteRef`: "My requests", "To approve", and one request at `/:id`.
 *
 * @public
 */
export const RequestsPage: () => JSX.Element = requestsPlugin.provide(
  createRoutableExtension({
    name: 'RequestsPage',
    component: () =>
      import('./components/RequestsPage').then(m => m.RequestsPage),
    mountPoint: rootRouteRef,
  }),
);
