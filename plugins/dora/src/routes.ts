import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The root route of the DORA plugin (legacy frontend system): the fleet
 * page, {@link DoraFleetPage}.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'dora',
});
