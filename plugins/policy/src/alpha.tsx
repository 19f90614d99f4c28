import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { policyApi } from './alpha/apis';
import {
  entityPolicySummaryCard,
  entityPolicyViolationsCard,
} from './alpha/entityCards';
import { policyOverviewPage } from './alpha/pages';
import { overviewRouteRef } from './alpha/routes';

/**
 * The policy plugin for the new frontend system: the policy API
 * (`api:policy`), the compact card `entity-card:policy/summary` (`info`),
 * the full card `entity-card:policy/violations` (`content`), and the
 * overview page `page:policy` at `/policy` with its nav item.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'policy',
  title: 'Policy',
  info: { packageJson: () => import('../package.json') },
  routes: { root: overviewRouteRef },
  extensions: [
    policyApi,
    entityPolicySummaryCard,
    entityPolicyViolationsCard,
    policyOverviewPage,
  ],
});

export { policyApiRef } from './api';
export type {
  CreatePolicyWaiverRequest,
  GetUnmappedOptions,
  PolicyApi,
} from './api';
export { overviewRouteRef };
