import { Content } from '@backstage/core-components';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import AssignmentIcon from '@mui/icons-material/AssignmentTurnedIn';
import { requestsRouteRef } from './routes';

/**
 * The requests page: `page:requests` at `/requests` (one request at
 * `/requests/:id`). With a title, an icon and a route ref, the app's nav
 * lists it by itself as "Requests".
 */
export const requestsPage = PageBlueprint.make({
  params: {
    path: '/requests',
    title: 'Requests',
    icon: <AssignmentIcon fontSize="inherit" />,
    routeRef: requestsRouteRef,
    loader: () =>
      import('../components/RequestsPage').then(m => (
        <Content>
          <m.RequestsContent />
        </Content>
      )),
  },
});
