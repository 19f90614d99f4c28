import {
  createComponentExtension,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { policyPlugin } from './plugin';
import { rootRouteRef } from './routes';
import type { EntityPolicySummaryCardProps } from './components/EntityPolicySummaryCard';
import type { EntityPolicyCardProps } from './components/EntityPolicyCard';
import type { PolicyOverviewPageProps } from './components/PolicyOverviewPage';

/**
 * The compact policy card of an entity (legacy frontend system), for the
 * top row of the overview beside About: status, open violations by
 * severity, the last audit per source and a link to
 * {@link EntityPolicyCard}.
 *
 * @public
 */
export const EntityPolicySummaryCard: (
  props: EntityPolicySummaryCardProps,
) => JSX.Element = policyPlugin.provide(
  createComponentExtension({
    name: 'EntityPolicySummaryCard',
    component: {
      lazy: () =>
        import('./components/EntityPolicySummaryCard').then(
          m => m.EntityPolicySummaryCard,
        ),
    },
  }),
);

/**
 * The full policy card of an entity (legacy frontend system): violations
 * with remediation, drift since the previous audit, the trend per audit,
 * excepted results, waivers and passing checks.
 *
 * @public
 */
export const EntityPolicyCard: (props: EntityPolicyCardProps) => JSX.Element =
  policyPlugin.provide(
    createComponentExtension({
      name: 'EntityPolicyCard',
      component: {
        lazy: () =>
          import('./components/EntityPolicyCard').then(m => m.EntityPolicyCard),
      },
    }),
  );

/**
 * The policy overview page (legacy frontend system), mounted on the
 * plugin's `rootRouteRef`.
 *
 * @public
 */
export const PolicyOverviewPage: (
  props: PolicyOverviewPageProps,
) => JSX.Element = policyPlugin.provide(
  createRoutableExtension({
    name: 'PolicyOverviewPage',
    component: () =>
      import('./components/PolicyOverviewPage').then(m => m.PolicyOverviewPage),
    mountPoint: rootRouteRef,
  }),
);
