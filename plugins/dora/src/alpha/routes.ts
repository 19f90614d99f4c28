import { createRouteRef } from '@backstage/frontend-plugin-api';

/**
 * The route of the DORA fleet page in the new frontend system (the legacy
 * system's is `rootRouteRef`).
 *
 * @alpha
 */
export const fleetRouteRef = createRouteRef();

/**
 * The route of the golden-path adoption page in the new frontend system
 * (the legacy system's is `adoptionRouteRef`).
 *
 * @alpha
 */
export const adoptionRouteRef = createRouteRef();

/**
 * The route of the platform-tickets page in the new frontend system (the
 * legacy system's is `ticketsRouteRef`).
 *
 * @alpha
 */
export const ticketsRouteRef = createRouteRef();
