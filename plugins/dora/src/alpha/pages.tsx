import { Content } from '@backstage/core-components';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import InsightsIcon from '@mui/icons-material/Insights';
import SpeedIcon from '@mui/icons-material/Speed';
import SupportAgentIcon from '@mui/icons-material/SupportAgent';
import { adoptionRouteRef, fleetRouteRef, ticketsRouteRef } from './routes';

/**
 * The DORA fleet page: `page:dora` at `/dora`. With a title, an icon and a
 * route ref, the app's nav lists it by itself. The title is both the nav
 * item's label and the page header's, so it is short: a longer one is cut
 * off in the sidebar ("DORA scoreca…"). The content's card says what the
 * table shows.
 */
export const doraFleetPage = PageBlueprint.make({
  params: {
    path: '/dora',
    title: 'DORA',
    icon: <SpeedIcon fontSize="inherit" />,
    routeRef: fleetRouteRef,
    loader: () =>
      import('../components/DoraFleetPage').then(m => (
        <Content>
          <m.DoraFleetContent />
        </Content>
      )),
  },
});

/**
 * The golden-path adoption page: `page:dora/adoption` at `/dora/adoption`.
 */
export const doraAdoptionPage = PageBlueprint.make({
  name: 'adoption',
  params: {
    path: '/dora/adoption',
    title: 'Adoption',
    icon: <InsightsIcon fontSize="inherit" />,
    routeRef: adoptionRouteRef,
    loader: () =>
      import('../components/DoraAdoptionPage').then(m => (
        <Content>
          <m.DoraAdoptionContent />
        </Content>
      )),
  },
});

/**
 * The platform-tickets page: `page:dora/tickets` at `/dora/tickets`.
 */
export const doraTicketsPage = PageBlueprint.make({
  name: 'tickets',
  params: {
    path: '/dora/tickets',
    title: 'Tickets',
    icon: <SupportAgentIcon fontSize="inherit" />,
    routeRef: ticketsRouteRef,
    loader: () =>
      import('../components/DoraTicketsPage').then(m => (
        <Content>
          <m.DoraTicketsContent />
        </Content>
      )),
  },
});
