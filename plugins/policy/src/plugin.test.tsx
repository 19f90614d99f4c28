import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { discoveryApiRef } from '@backstage/core-plugin-api';
import { Route, Routes } from 'react-router-dom';
import { renderOnEntityPage } from './__testUtils__/render';
import { mockPolicyApi } from './__testUtils__/states';
import {
  EntityPolicyCard,
  EntityPolicySummaryCard,
  isPolicyAvailable,
  PolicyClient,
  policyApiRef,
  PolicyOverviewPage,
  policyPlugin,
  rootRouteRef,
} from '.';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
  };
}

describe('policy plugin (legacy frontend system)', () => {
  it('is the policy plugin, provides the policy api and its root route', () => {
    expect(policyPlugin.getId()).toBe('policy');
    const apis = [...policyPlugin.getApis()];
    expect(apis.map(f => f.api.id)).toEqual(['plugin.policy.service']);
    expect(
      apis[0].factory({
        discoveryApi: { getBaseUrl: async () => '' },
        fetchApi: { fetch },
      }),
    ).toBeInstanceOf(PolicyClient);
    expect(policyPlugin.routes.root).toBe(rootRouteRef);
  });

  it('isPolicyAvailable: components, resources, and entities a report names', () => {
    expect(isPolicyAvailable(entity('Component'))).toBe(true);
    expect(isPolicyAvailable(entity('resource'))).toBe(true);
    expect(isPolicyAvailable(entity('System'))).toBe(false);
    expect(isPolicyAvailable(entity('Group'))).toBe(false);
    expect(
      isPolicyAvailable(
        entity('System', { 'goldpath.dev/policy-status': 'fail' }),
      ),
    ).toBe(true);
  });

  it('renders EntityPolicySummaryCard on an entity page', async () => {
    await renderOnEntityPage(<EntityPolicySummaryCard />, {
      policyApi: mockPolicyApi(),
    });

    expect(await screen.findByTestId('policy-summary-open')).toHaveTextContent(
      '4 open violations',
    );
  });

  it('renders EntityPolicyCard on an entity page', async () => {
    await renderOnEntityPage(<EntityPolicyCard />, {
      policyApi: mockPolicyApi(),
    });

    expect(await screen.findAllByTestId('policy-violation-row')).toHaveLength(
      4,
    );
  });

  it('renders PolicyOverviewPage on its route', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [policyApiRef, mockPolicyApi()],
          [discoveryApiRef, { getBaseUrl: async () => 'http://x/api/policy' }],
        ]}
      >
        <Routes>
          <Route path="/policy" element={<PolicyOverviewPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/policy'], mountedRoutes: { '/policy': rootRouteRef } },
    );

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Policy' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByTestId('policy-overview-status-total'),
    ).toHaveTextContent(/^3$/);
  });
});
