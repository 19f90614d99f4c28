import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The root route of the DORA plugin, for its future pages.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'dora',
});
