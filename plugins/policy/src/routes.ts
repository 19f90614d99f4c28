import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The root route of the policy plugin (legacy frontend system): the
 * overview page, {@link PolicyOverviewPage}.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'policy',
});
