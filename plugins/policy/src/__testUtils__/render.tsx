import { Entity } from '@backstage/catalog-model';
import { discoveryApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { PolicyApi, policyApiRef } from '../api';

export const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

/** The policy backend's base URL, as discovery answers it in tests. */
export const POLICY_BASE_URL = 'http://localhost:7007/api/policy';

/**
 * Renders an element on the entity page of `entity` in a legacy test app,
 * with the policy api, a discovery api, a permission api (allowing
 * everything unless told otherwise) and the catalog's entity route.
 */
export function renderOnEntityPage(
  element: ReactElement,
  options: {
    policyApi: PolicyApi;
    entity?: Entity;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  },
) {
  const {
    policyApi,
    entity = checkout,
    permission = AuthorizeResult.ALLOW,
  } = options;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [policyApiRef, policyApi],
        [discoveryApiRef, { getBaseUrl: async () => POLICY_BASE_URL }],
        [permissionApiRef, new MockPermissionApi(() => permission)],
      ]}
    >
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
