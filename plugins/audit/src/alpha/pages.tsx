import { Content } from '@backstage/core-components';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import HistoryIcon from '@mui/icons-material/History';
import { auditLogRouteRef } from './routes';

/**
 * The audit log page: `page:audit` at `/audit`. With a title, an icon and a
 * route ref, the app's nav lists it by itself as "Audit log".
 */
export const auditLogPage = PageBlueprint.make({
  params: {
    path: '/audit',
    title: 'Audit log',
    icon: <HistoryIcon fontSize="inherit" />,
    routeRef: auditLogRouteRef,
    loader: () =>
      import('../components/AuditLogPage').then(m => (
        <Content>
          <m.AuditLogContent />
        </Content>
      )),
  },
});
