import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The root route of the requests plugin (legacy frontend system): the
 * requests page, {@link RequestsPage}.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'requests',
});
