import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { requestsApi } from './alpha/apis';
import { requestsPage } from './alpha/pages';
import { requestsRouteRef } from './alpha/routes';

/**
 * The requests plugin for the new frontend system: the requests API
 * (`api:requests`) and the page `page:requests` at `/requests` with its nav
 * item.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'requests',
  title: 'Requests',
  info: { packageJson: () => import('../package.json') },
  routes: { root: requestsRouteRef },
  extensions: [requestsApi, requestsPage],
});

export { requestsApiRef } from './api';
export type { RequestsApi } from './api';
export { requestsRouteRef };
