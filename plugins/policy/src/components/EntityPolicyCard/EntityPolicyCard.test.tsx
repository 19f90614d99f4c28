import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderOnEntityPage } from '../../__testUtils__/render';
import {
  allClearState,
  mockPolicyApi,
  noReportState,
  responseError,
} from '../../__testUtils__/states';
import { EntityPolicyCard } from './EntityPolicyCard';

const rows = () => screen.getAllByTestId('policy-violation-row');
const rowKeys = () => rows().map(r => r.getAttribute('data-key'));

describe('EntityPolicyCard', () => {
  it('lists the open violations, worst first, with how long they are open, remediation, runbook and bundle', async () => {
    const policyApi = mockPolicyApi();
    await renderOnEntityPage(<EntityPolicyCard />, { policyApi });

    const card = await screen.findByTestId('policy-violations-card');
    expect(card).toHaveAttribute('id', 'policy-violations');
    await screen.findAllByTestId('policy-violation-row');
    expect(rowKeys()).toEqual(['s-cve', 'k-labels', 'k-latest', 's-nosev']);

    const labels = within(rows()[1]);
    expect(labels.getByText('require-labels')).toBeInTheDocument();
    expect(labels.getByText('check-team-label')).toBeInTheDocument();
    expect(labels.getByText('High')).toBeInTheDocument();
    expect(labels.getByText('label "team" is required')).toBeInTheDocument();
    expect(
      labels.getByText('Deployment checkout/checkout-api'),
    ).toBeInTheDocument();
    expect(labels.getByText('in prod-eu')).toBeInTheDocument();
    expect(labels.getByTestId('policy-violation-open')).toHaveTextContent(
      /^open 12 days$/,
    );
    expect(
      labels.getByText('Add the team label to the Deployment'),
    ).toBeInTheDocument();
    expect(labels.getByTestId('policy-runbook-link')).toHaveAttribute(
      'href',
      'https://runbooks.example.com/policies/require-labels',
    );
    expect(
      within(labels.getByTestId('policy-violation-bundle')).getByRole('link', {
        name: 'resource:kyverno-baseline',
      }),
    ).toHaveAttribute('href', '/catalog/default/resource/kyverno-baseline');

    const cveRow = within(rows()[0]);
    expect(cveRow.getByText('package-lock.json')).toBeInTheDocument();
    expect(cveRow.getByTestId('policy-violation-open')).toHaveTextContent(
      /^open today$/,
    );
    // A result without a severity says so; it is never promoted to one.
    expect(within(rows()[3]).getByText('Unknown')).toBeInTheDocument();
    expect(within(rows()[3]).getByText('warn')).toBeInTheDocument();

    // The header: the status and the last audit of each source.
    expect(within(card).getByTestId('policy-status')).toHaveTextContent('Fail');
    expect(
      within(card)
        .getAllByTestId('policy-source-audit')
        .map(a => a.getAttribute('data-source')),
    ).toEqual(['ci', 'prod-eu']);
  });

  it('filters the table by severity from the tiles', async () => {
    await renderOnEntityPage(<EntityPolicyCard />, {
      policyApi: mockPolicyApi(),
    });

    const high = await screen.findByTestId('policy-severity-tile-high');
    expect(
      screen.getByTestId('policy-severity-count-critical'),
    ).toHaveTextContent(/^1$/);
    expect(screen.getByTestId('policy-severity-count-low')).toHaveTextContent(
      /^0$/,
    );
    expect(
      screen.getByTestId('policy-severity-count-unknown'),
    ).toHaveTextContent(/^1$/);
    expect(high).toHaveAttribute('aria-pressed', 'false');

    await userEvent.click(high);
    expect(high).toHaveAttribute('aria-pressed', 'true');
    expect(rowKeys()).toEqual(['k-labels']);
    expect(screen.getByTestId('policy-violations-shown')).toHaveTextContent(
      '1 violation of severity High',
    );

    await userEvent.click(screen.getByTestId('policy-severity-tile-low'));
    expect(screen.queryAllByTestId('policy-violation-row')).toHaveLength(0);
    expect(
      screen.getByText('No open violation of this severity.'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all severities' }),
    );
    expect(rows()).toHaveLength(4);
  });

  it('shows the drift since the previous audit per source, and a first audit as such', async () => {
    await renderOnEntityPage(<EntityPolicyCard />, {
      policyApi: mockPolicyApi(),
    });

    const sources = await screen.findAllByTestId('policy-drift-source');
    expect(sources.map(s => s.getAttribute('data-source'))).toEqual([
      'ci',
      'prod-eu',
    ]);
    const [ci, prod] = sources.map(s => within(s));
    expect(prod.getByText(/ → /)).toHaveTextContent('1 introduced, 1 resolved');
    expect(
      prod
        .getAllByTestId('policy-drift-introduced-item')
        .map(i => i.getAttribute('data-key')),
    ).toEqual(['k-latest']);
    expect(
      prod
        .getAllByTestId('policy-drift-resolved-item')
        .map(i => i.getAttribute('data-key')),
    ).toEqual(['k-limits']);
    expect(prod.getByTestId('policy-drift-resolved')).toHaveTextContent(
      'require-requests-limits / validate-resources',
    );

    expect(ci.getByText(/first audit/)).toHaveTextContent(
      '2 introduced, 0 resolved',
    );
    expect(ci.getByTestId('policy-drift-resolved')).toHaveTextContent(
      'Resolved (0)None',
    );
  });

  it('draws the trend of open violations per audit', async () => {
    await renderOnEntityPage(<EntityPolicyCard />, {
      policyApi: mockPolicyApi(),
    });

    const trend = await screen.findByTestId('policy-trend');
    expect(
      within(trend).getByRole('img', {
        name: 'Open violations per audit: ci 2; prod-eu 3, 2, 2',
      }),
    ).toBeInTheDocument();
  });

  it('shows the excepted results: who granted them, why and until when, expired ones as such', async () => {
    await renderOnEntityPage(<EntityPolicyCard />, {
      policyApi: mockPolicyApi(),
    });

    const excepted = await screen.findAllByTestId('policy-excepted-row');
    expect(excepted.map(r => r.getAttribute('data-key'))).toEqual([
      'k-probes',
      'k-root',
    ]);
    const probes = within(excepted[0]);
    expect(probes.getByText('Policy exception')).toBeInTheDocument();
    expect(probes.getByText('nightly-no-probes')).toBeInTheDocument();
    expect(
      probes.getByRole('link', { name: 'group:platform' }),
    ).toHaveAttribute('href', '/catalog/default/group/platform');
    expect(
      probes.getByText('A batch job has no HTTP endpoint'),
    ).toBeInTheDocument();
    expect(probes.getByTestId('policy-exception-until')).toHaveAttribute(
      'data-expired',
      'false',
    );

    const root = within(excepted[1]);
    expect(root.getByText('Exemption')).toBeInTheDocument();
    expect(root.getByTestId('policy-excepted-granted-by')).toHaveTextContent(
      'jane@example.com',
    );
    expect(root.getByTestId('policy-exception-until')).toHaveTextContent(
      /^expired \d{4}-\d{2}-\d{2}$/,
    );
    expect(root.getByTestId('policy-exception-until')).toHaveAttribute(
      'data-expired',
      'true',
    );
  });

  it('lists the recorded waivers, expired ones marked', async () => {
    const policyApi = mockPolicyApi();
    await renderOnEntityPage(<EntityPolicyCard />, { policyApi });

    const waivers = await screen.findAllByTestId('policy-waiver-row');
    expect(waivers.map(w => w.getAttribute('data-expired'))).toEqual([
      'false',
      'true',
    ]);
    expect(within(waivers[1]).getByText('One finding')).toBeInTheDocument();
    expect(within(waivers[1]).getByText(/^expired /)).toBeInTheDocument();
    expect(policyApi.getWaivers).toHaveBeenCalledWith(
      'component:default/checkout',
    );
  });

  it('keeps the passing checks collapsed until asked', async () => {
    await renderOnEntityPage(<EntityPolicyCard />, {
      policyApi: mockPolicyApi(),
    });

    const passed = await screen.findByTestId('policy-passed');
    expect(within(passed).queryAllByTestId('policy-passed-row')).toHaveLength(
      0,
    );
    await userEvent.click(
      within(passed).getByRole('button', { name: 'Passing checks (2)' }),
    );
    expect(
      await within(passed).findAllByTestId('policy-passed-row'),
    ).toHaveLength(2);
  });

  describe('waiving a violation', () => {
    it('records a waiver for one finding and reloads the state and the waivers', async () => {
      const policyApi = mockPolicyApi();
      await renderOnEntityPage(<EntityPolicyCard />, { policyApi });
      await screen.findAllByTestId('policy-violation-row');

      await userEvent.click(
        screen.getByRole('button', {
          name: 'Waive require-labels / check-team-label',
        }),
      );
      const dialog = within(await screen.findByTestId('policy-waive-dialog'));

      // Nothing is sent without a reason.
      await userEvent.click(
        dialog.getByRole('button', { name: 'Record waiver' }),
      );
      expect(dialog.getByText('Say why')).toBeInTheDocument();
      expect(policyApi.createWaiver).not.toHaveBeenCalled();

      await userEvent.type(
        dialog.getByRole('textbox', { name: /Reason/ }),
        'Labels come with the next chart release',
      );
      const until = dialog.getByLabelText(/Until/);
      await userEvent.clear(until);
      await userEvent.type(until, '2099-01-31');
      await userEvent.click(
        dialog.getByRole('button', { name: 'Record waiver' }),
      );

      await waitFor(() =>
        expect(
          screen.queryByTestId('policy-waive-dialog'),
        ).not.toBeInTheDocument(),
      );
      expect(policyApi.createWaiver).toHaveBeenCalledWith({
        entityRef: 'component:default/checkout',
        policy: 'require-labels',
        rule: 'check-team-label',
        findingKey: 'k-labels',
        reason: 'Labels come with the next chart release',
        expiresAt: '2099-01-31T23:59:59.000Z',
      });
      await waitFor(() =>
        expect(policyApi.getEntityState).toHaveBeenCalledTimes(2),
      );
      expect(policyApi.getWaivers).toHaveBeenCalledTimes(2);
    });

    it('can waive every finding of the policy, and shows the backend error', async () => {
      const error = await responseError(
        400,
        'InputError',
        'Invalid body: expiresAt must be within 365 days',
      );
      const policyApi = mockPolicyApi({
        createWaiver: async () => {
          throw error;
        },
      });
      await renderOnEntityPage(<EntityPolicyCard />, { policyApi });
      await screen.findAllByTestId('policy-violation-row');

      await userEvent.click(
        screen.getByRole('button', { name: 'Waive CVE-2024-4068' }),
      );
      const dialog = within(await screen.findByTestId('policy-waive-dialog'));
      await userEvent.click(
        dialog.getByRole('radio', {
          name: 'Every finding of CVE-2024-4068 on this entity',
        }),
      );
      await userEvent.type(
        dialog.getByRole('textbox', { name: /Reason/ }),
        'Not exploitable',
      );
      await userEvent.click(
        dialog.getByRole('button', { name: 'Record waiver' }),
      );

      expect(await dialog.findByTestId('policy-waive-error')).toHaveTextContent(
        'Invalid body: expiresAt must be within 365 days',
      );
      expect(policyApi.createWaiver).toHaveBeenCalledWith(
        expect.not.objectContaining({ findingKey: expect.anything() }),
      );
      expect(policyApi.createWaiver.mock.calls[0][0]).toMatchObject({
        policy: 'CVE-2024-4068',
        reason: 'Not exploitable',
      });
    });
  });

  describe('states', () => {
    it('shows progress while loading', async () => {
      await renderOnEntityPage(<EntityPolicyCard />, {
        policyApi: mockPolicyApi({
          getEntityState: () => new Promise(() => {}),
        }),
      });

      expect(await screen.findByTestId('progress')).toBeInTheDocument();
      expect(
        screen.queryByTestId('policy-severity-tile-high'),
      ).not.toBeInTheDocument();
    });

    it('shows the backend error, not zeros', async () => {
      const error = await responseError(500, 'Error', 'database is down');
      await renderOnEntityPage(<EntityPolicyCard />, {
        policyApi: mockPolicyApi({
          getEntityState: async () => {
            throw error;
          },
        }),
      });

      expect(await screen.findByTestId('policy-error')).toHaveTextContent(
        'Could not load the policy results',
      );
      expect(
        screen.queryByTestId('policy-severity-count-high'),
      ).not.toBeInTheDocument();
    });

    it('names the missing permission on a 403', async () => {
      const error = await responseError(403, 'NotAllowedError', 'Unauthorized');
      await renderOnEntityPage(<EntityPolicyCard />, {
        policyApi: mockPolicyApi({
          getEntityState: async () => {
            throw error;
          },
        }),
      });

      expect(
        await screen.findByTestId('policy-permission-required'),
      ).toHaveTextContent('You need the policy.read permission');
    });

    it('says how to post the first report when none names the entity', async () => {
      const policyApi = mockPolicyApi({
        getEntityState: async () => noReportState(),
      });
      await renderOnEntityPage(<EntityPolicyCard />, { policyApi });

      expect(await screen.findByTestId('policy-empty')).toHaveTextContent(
        'No policy report for this entity yet',
      );
      expect(
        screen.queryByTestId('policy-severity-tile-high'),
      ).not.toBeInTheDocument();
      expect(screen.queryByTestId('policy-status')).not.toBeInTheDocument();
      expect(policyApi.getWaivers).not.toHaveBeenCalled();
    });

    it('shows all clear with the number of passing checks', async () => {
      await renderOnEntityPage(<EntityPolicyCard />, {
        policyApi: mockPolicyApi({
          getEntityState: async () => allClearState(),
        }),
      });

      expect(await screen.findByTestId('policy-all-clear')).toHaveTextContent(
        'All 12 checks pass',
      );
      expect(screen.queryAllByTestId('policy-violation-row')).toHaveLength(0);
      expect(
        screen.getByTestId('policy-severity-count-high'),
      ).toHaveTextContent(/^0$/);
      // One audit: no trend yet; the first audit introduced nothing.
      expect(screen.queryByTestId('policy-trend')).not.toBeInTheDocument();
      expect(screen.getByTestId('policy-drift-source')).toHaveTextContent(
        'no change',
      );
    });
  });
});
