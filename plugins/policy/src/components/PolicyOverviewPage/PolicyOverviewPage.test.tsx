import { discoveryApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PolicyApi, policyApiRef } from '../../api';
import { POLICY_BASE_URL } from '../../__testUtils__/render';
import {
  mockPolicyApi,
  overviewResponse,
  responseError,
} from '../../__testUtils__/states';
import { PolicyOverviewContent } from './PolicyOverviewContent';
import { PolicyOverviewPage } from './PolicyOverviewPage';

function renderOverview(
  policyApi: PolicyApi,
  element = <PolicyOverviewContent />,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [policyApiRef, policyApi],
        [discoveryApiRef, { getBaseUrl: async () => POLICY_BASE_URL }],
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('PolicyOverviewContent', () => {
  it('shows the entities by status and the open violations by severity', async () => {
    await renderOverview(mockPolicyApi());

    expect(
      await screen.findByTestId('policy-overview-status-total'),
    ).toHaveTextContent(/^3$/);
    expect(screen.getByTestId('policy-overview-status-fail')).toHaveTextContent(
      /^2$/,
    );
    expect(screen.getByTestId('policy-overview-status-warn')).toHaveTextContent(
      /^0$/,
    );
    expect(screen.getByTestId('policy-overview-status-pass')).toHaveTextContent(
      /^1$/,
    );
    expect(screen.getByTestId('policy-overview-open')).toHaveTextContent(
      '4 open violations',
    );
    expect(
      screen.getByTestId('policy-overview-severity-high'),
    ).toHaveTextContent('High 2');
    expect(screen.getByText('As of 2024-06-01 12:00 UTC')).toBeInTheDocument();
  });

  it('lists the worst offenders with links to their pages', async () => {
    await renderOverview(mockPolicyApi());

    const rows = await screen.findAllByTestId('policy-offender-row');
    expect(rows.map(r => r.getAttribute('data-entity-ref'))).toEqual([
      'component:default/checkout',
      'resource:default/orders-db',
    ]);
    expect(
      within(rows[0]).getByRole('link', { name: 'checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    expect(
      within(rows[1]).getByRole('link', { name: 'resource:orders-db' }),
    ).toHaveAttribute('href', '/catalog/default/resource/orders-db');
    expect(within(rows[0]).getByText('Critical 1')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('2024-06-01 11:00 UTC'),
    ).toBeInTheDocument();
  });

  it('lists the oldest open violations with how long they are open', async () => {
    await renderOverview(mockPolicyApi());

    const rows = await screen.findAllByTestId('policy-oldest-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('policy-oldest-open')).toHaveTextContent(
      'open 20 days',
    );
    expect(
      within(rows[0]).getByText('require-requests-limits / validate-resources'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByTestId('policy-oldest-open')).toHaveTextContent(
      'open 12 days',
    );
  });

  it('counts the open violations per policy, most first, with the bundle', async () => {
    await renderOverview(mockPolicyApi());

    const rows = await screen.findAllByTestId('policy-by-policy-row');
    expect(rows.map(r => r.getAttribute('data-policy'))).toEqual([
      'require-labels',
      'CVE-2024-4068',
      'disallow-latest-tag',
    ]);
    const labels = within(rows[0]);
    expect(labels.getByText('High')).toBeInTheDocument();
    expect(
      labels.getByRole('link', { name: 'resource:kyverno-baseline' }),
    ).toBeInTheDocument();
  });

  it('shows the unmapped count with the newest unmapped results', async () => {
    const policyApi = mockPolicyApi();
    await renderOverview(policyApi);

    expect(
      await screen.findByTestId('policy-unmapped-count'),
    ).toHaveTextContent(/^2$/);
    const rows = await screen.findAllByTestId('policy-unmapped-row');
    expect(
      within(rows[0]).getByText('Deployment ghost/orphan'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('go.sum')).toBeInTheDocument();
    expect(policyApi.getUnmapped).toHaveBeenCalledWith({ limit: 50 });
  });

  it('does not ask for unmapped results when there are none', async () => {
    const overview = overviewResponse();
    overview.unmapped = 0;
    const policyApi = mockPolicyApi({ getOverview: async () => overview });
    await renderOverview(policyApi);

    expect(
      await screen.findByTestId('policy-unmapped-count'),
    ).toHaveTextContent(/^0$/);
    expect(policyApi.getUnmapped).not.toHaveBeenCalled();
  });

  it('shows progress while loading', async () => {
    await renderOverview(
      mockPolicyApi({ getOverview: () => new Promise(() => {}) }),
    );

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(
      screen.queryByTestId('policy-overview-status-total'),
    ).not.toBeInTheDocument();
  });

  it('shows the backend error and retries on demand', async () => {
    const error = await responseError(500, 'Error', 'database is down');
    const policyApi = mockPolicyApi({
      getOverview: async () => {
        throw error;
      },
    });
    await renderOverview(policyApi);

    expect(await screen.findByTestId('policy-error')).toHaveTextContent(
      'Could not load the policy overview',
    );
    expect(
      screen.queryByTestId('policy-overview-status-total'),
    ).not.toBeInTheDocument();
    policyApi.getOverview.mockResolvedValueOnce(overviewResponse());
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByTestId('policy-overview-status-total'),
    ).toHaveTextContent(/^3$/);
  });

  it('names the missing permission on a 403', async () => {
    const error = await responseError(403, 'NotAllowedError', 'Unauthorized');
    await renderOverview(
      mockPolicyApi({
        getOverview: async () => {
          throw error;
        },
      }),
    );

    expect(
      await screen.findByTestId('policy-permission-required'),
    ).toHaveTextContent(
      'You need the policy.read permission to see the policy overview.',
    );
  });

  it('says how to post the first report when there is none', async () => {
    const overview = overviewResponse();
    overview.entities = { total: 0, pass: 0, warn: 0, fail: 0 };
    overview.unmapped = 0;
    overview.worstOffenders = [];
    overview.oldestOpen = [];
    overview.byPolicy = [];
    await renderOverview(mockPolicyApi({ getOverview: async () => overview }));

    expect(
      await screen.findByTestId('policy-overview-empty'),
    ).toHaveTextContent('No policy reports yet');
    expect(await screen.findByTestId('policy-empty-curl')).toHaveTextContent(
      `${POLICY_BASE_URL}/reports?entity=component:default/my-service&source=ci`,
    );
    expect(
      screen.queryByTestId('policy-overview-status-total'),
    ).not.toBeInTheDocument();
  });
});

describe('PolicyOverviewPage', () => {
  it('brings its own header', async () => {
    await renderOverview(mockPolicyApi(), <PolicyOverviewPage />);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Policy' }),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('policy-overview')).toBeInTheDocument();
    expect(await screen.findAllByTestId('policy-offender-row')).toHaveLength(2);
  });
});
