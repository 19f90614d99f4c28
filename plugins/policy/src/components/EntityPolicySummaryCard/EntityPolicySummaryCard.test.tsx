import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  renderOnEntityPage,
  POLICY_BASE_URL,
} from '../../__testUtils__/render';
import {
  allClearState,
  mockPolicyApi,
  noReportState,
  responseError,
  violationsState,
} from '../../__testUtils__/states';
import { EntityPolicySummaryCard } from './EntityPolicySummaryCard';

describe('EntityPolicySummaryCard', () => {
  it('shows the status, the open violations by severity and the last audit per source', async () => {
    const policyApi = mockPolicyApi();
    await renderOnEntityPage(<EntityPolicySummaryCard />, { policyApi });

    const card = await screen.findByTestId('policy-summary-card');
    expect(await within(card).findByTestId('policy-status')).toHaveTextContent(
      'Fail',
    );
    expect(screen.getByTestId('policy-summary-open')).toHaveTextContent(
      '4 open violations',
    );
    expect(
      screen.getByTestId('policy-summary-severity-critical'),
    ).toHaveTextContent('Critical 1');
    expect(
      screen.getByTestId('policy-summary-severity-high'),
    ).toHaveTextContent('High 1');
    expect(
      screen.getByTestId('policy-summary-severity-medium'),
    ).toHaveTextContent('Medium 1');
    expect(
      screen.getByTestId('policy-summary-severity-unknown'),
    ).toHaveTextContent('Unknown 1');
    // Severities without open violations get no chip: no "Low 0".
    expect(
      screen.queryByTestId('policy-summary-severity-low'),
    ).not.toBeInTheDocument();
    expect(screen.getByText('2 results excepted')).toBeInTheDocument();

    const audits = screen.getAllByTestId('policy-source-audit');
    expect(audits.map(a => a.getAttribute('data-source'))).toEqual([
      'ci',
      'prod-eu',
    ]);
    expect(audits[1]).toHaveTextContent(
      /prod-eu \(kyverno\) · last audit \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/,
    );
    expect(screen.getByTestId('policy-summary-link')).toHaveAttribute(
      'href',
      '#policy-violations',
    );
    expect(policyApi.getEntityState).toHaveBeenCalledWith(
      'component:default/checkout',
    );
  });

  it('links to another place when told', async () => {
    await renderOnEntityPage(
      <EntityPolicySummaryCard fullCardLink="/catalog/default/component/checkout/policy" />,
      { policyApi: mockPolicyApi() },
    );

    expect(await screen.findByTestId('policy-summary-link')).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/policy',
    );
  });

  it('shows progress while loading, and no count', async () => {
    const policyApi = mockPolicyApi({
      getEntityState: () => new Promise(() => {}),
    });
    await renderOnEntityPage(<EntityPolicySummaryCard />, { policyApi });

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByTestId('policy-summary-open')).not.toBeInTheDocument();
    expect(screen.queryByText(/\b0\b/)).not.toBeInTheDocument();
  });

  it('shows the backend error and retries on demand', async () => {
    const error = await responseError(500, 'Error', 'database is down');
    const policyApi = mockPolicyApi({
      getEntityState: async () => {
        throw error;
      },
    });
    await renderOnEntityPage(<EntityPolicySummaryCard />, { policyApi });

    expect(
      await screen.findByText(/Could not load the policy status/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/database is down/).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('policy-summary-open')).not.toBeInTheDocument();

    policyApi.getEntityState.mockResolvedValueOnce(violationsState());
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(screen.getByTestId('policy-summary-open')).toHaveTextContent(
        '4 open violations',
      ),
    );
  });

  it('names the missing permission on a 403', async () => {
    const error = await responseError(403, 'NotAllowedError', 'Unauthorized');
    const policyApi = mockPolicyApi({
      getEntityState: async () => {
        throw error;
      },
    });
    await renderOnEntityPage(<EntityPolicySummaryCard />, { policyApi });

    const state = await screen.findByTestId('policy-permission-required');
    expect(state).toHaveTextContent(
      'You need the policy.read permission to see the policy status of this entity.',
    );
    expect(screen.queryByTestId('policy-error')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();
  });

  it('says how to post the first report when none names the entity', async () => {
    const policyApi = mockPolicyApi({
      getEntityState: async () => noReportState(),
    });
    await renderOnEntityPage(<EntityPolicySummaryCard />, { policyApi });

    expect(await screen.findByTestId('policy-empty')).toHaveTextContent(
      'No policy report for this entity yet: post one with',
    );
    await waitFor(() =>
      expect(screen.getByTestId('policy-empty-curl')).toHaveTextContent(
        `curl -X POST '${POLICY_BASE_URL}/reports?entity=component:default/checkout&source=ci' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @report.json`,
      ),
    );
    expect(screen.getByTestId('policy-empty-cli')).toHaveTextContent(
      'npx @goldpath/events policy --format sarif --entity component:default/checkout results.sarif',
    );
    // No status is invented: no chip, no "pass", no zero.
    expect(screen.queryByTestId('policy-status')).not.toBeInTheDocument();
    expect(screen.queryByTestId('policy-all-clear')).not.toBeInTheDocument();
  });

  it('shows all clear when the reports have no violation', async () => {
    const policyApi = mockPolicyApi({
      getEntityState: async () => allClearState(),
    });
    await renderOnEntityPage(<EntityPolicySummaryCard />, { policyApi });

    expect(await screen.findByTestId('policy-all-clear')).toHaveTextContent(
      'All 12 checks pass',
    );
    expect(screen.getByTestId('policy-status')).toHaveTextContent('Pass');
    expect(screen.getByTestId('policy-summary-open')).toHaveTextContent(
      'No open violations',
    );
  });
});
