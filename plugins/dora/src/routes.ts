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

/**
 * The route of the golden-path adoption page (legacy frontend system),
 * {@link DoraAdoptionPage}.
 *
 * @public
 */
export const adoptionRouteRef = createRouteRef({
  id: 'dora-adoption',
});

/**
 * The route of the platform-tickets page (legacy frontend system),
 * {@link DoraTicketsPage}.
 *
 * @public
 */
export const ticketsRouteRef = createRouteRef({
  id: 'dora-tickets',
});
