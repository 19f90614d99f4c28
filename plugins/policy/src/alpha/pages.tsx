import { Content } from '@backstage/core-components';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import PolicyIcon from '@mui/icons-material/Policy';
import { overviewRouteRef } from './routes';

/**
 * The policy overview page: `page:policy` at `/policy`. With a title, an
 * icon and a route ref, the app's nav lists it by itself as "Policy".
 */
export const policyOverviewPage = PageBlueprint.make({
  params: {
    path: '/policy',
    title: 'Policy',
    icon: <PolicyIcon fontSize="inherit" />,
    routeRef: overviewRouteRef,
    loader: () =>
      import('../components/PolicyOverviewPage').then(m => (
        <Content>
          <m.PolicyOverviewContent />
        </Content>
      )),
  },
});
