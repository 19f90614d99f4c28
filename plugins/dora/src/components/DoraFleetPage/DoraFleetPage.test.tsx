import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DoraApi, doraApiRef } from '../../api';
import {
  distribution,
  mockDoraApi,
  rollupResponse,
} from '../../__testUtils__/scorecards';
import { DoraFleetPage } from './DoraFleetPage';

function renderPage(doraApi: DoraApi, initialRoute = '/dora') {
  return renderInTestApp(<DoraFleetPage />, {
    apis: [[doraApiRef, doraApi]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    initialRouteEntries: [initialRoute],
  });
}

/** A button of the group-by toggle (the table has sort buttons too). */
const groupByButton = (name: string) =>
  within(screen.getByRole('group', { name: 'Group by' })).getByRole('button', {
    name,
  });

const row = (key: string) => screen.getByTestId(`dora-fleet-row-${key}`);

describe('DoraFleetPage', () => {
  it('says the figures are computing, then asks again after Retry-After and shows them', async () => {
    let calls = 0;
    const doraApi = mockDoraApi({
      getRollups: async ({ groupBy }) => {
        calls += 1;
        const answer = rollupResponse(groupBy);
        return calls === 1
          ? { ...answer, groups: [], computing: true, retryAfterSeconds: 1 }
          : answer;
      },
    });
    renderPage(doraApi);
    expect(await screen.findByTestId('dora-computing')).toHaveTextContent(
      'Computing the figures for this window',
    );
    expect(
      await screen.findByTestId(
        'dora-fleet-row-group:default/team-a',
        {},
        { timeout: 5_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('dora-computing')).not.toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('shows one row per team with the medians of its services, and the fleet', async () => {
    const doraApi = mockDoraApi();
    renderPage(doraApi);

    expect(
      await screen.findByRole('heading', { name: 'DORA scorecards' }),
    ).toBeInTheDocument();
    const teamA = within(
      await screen.findByTestId('dora-fleet-row-group:default/team-a'),
    );
    expect(doraApi.getRollups).toHaveBeenCalledWith({
      groupBy: 'owner',
      window: undefined,
      asOf: undefined,
    });
    expect(groupByButton('Team')).toHaveAttribute('aria-pressed', 'true');
    expect(
      screen.getByRole('columnheader', { name: 'Team' }),
    ).toBeInTheDocument();
    // Short headers, so that the table fits; the tooltip names the metric.
    expect(screen.getByRole('button', { name: 'CFR' })).toHaveAttribute(
      'title',
      'Median change fail rate',
    );
    expect(
      screen.getByRole('columnheader', { name: 'Deploys/wk' }),
    ).toBeInTheDocument();

    expect(teamA.getByRole('link', { name: 'Team A' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-a',
    );
    expect(teamA.getByTestId('dora-fleet-services')).toHaveTextContent(/^2$/);
    expect(
      teamA.getByTestId('dora-fleet-deploymentsPerWeek'),
    ).toHaveTextContent(/^3\.5$/);
    expect(teamA.getByTestId('dora-fleet-leadTimeSeconds')).toHaveTextContent(
      /^1d 2h$/,
    );
    expect(teamA.getByTestId('dora-fleet-changeFailRate')).toHaveTextContent(
      /^6\.7%$/,
    );
    expect(teamA.getByTestId('dora-fleet-reworkRate')).toHaveTextContent(
      /^12\.5%$/,
    );
    expect(teamA.getByTestId('dora-fleet-score')).toHaveTextContent(/^7\.4$/);
    // Two services have a recovery time; Team A has two services: no n.
    expect(teamA.getByTestId('dora-fleet-recoverySeconds')).toHaveTextContent(
      /^45m$/,
    );
    expect(
      teamA.getByRole('img', {
        name: 'Deployment frequency: 1 elite, 2 high, 0 medium, 0 low, 0 without data',
      }),
    ).toBeInTheDocument();
    // Compact: the difference, then golden path vs others; n below.
    const golden = teamA.getByTestId('dora-fleet-goldenPath');
    expect(golden).toHaveTextContent('LT ▼ 2d');
    expect(golden).toHaveTextContent('(1d vs 3d)');
    expect(golden).toHaveTextContent('Dep/wk ▲ 2.0');
    expect(golden).toHaveTextContent('(4.0 vs 2.0)');
    expect(golden).toHaveTextContent('2 golden vs 1 other');
    expect(
      within(golden).getByTitle(
        '2 services created from a software template vs 1 other service',
      ),
    ).toBeInTheDocument();
    expect(
      within(golden).getByTitle(
        'Median lead time: 1d on the golden path vs 3d for the others',
      ),
    ).toBeInTheDocument();

    // Team B has one service.
    expect(
      within(row('group:default/team-b')).getByTestId('dora-fleet-services'),
    ).toHaveTextContent(/^1$/);

    const fleet = within(screen.getByTestId('dora-fleet-summary'));
    expect(fleet.getByText('Fleet')).toBeInTheDocument();
    expect(
      fleet.queryByRole('link', { name: 'Fleet' }),
    ).not.toBeInTheDocument();
    expect(fleet.getByTestId('dora-fleet-services')).toHaveTextContent(/^3$/);
    // The fleet's three services, two with a recovery time.
    expect(fleet.getByTestId('dora-fleet-recoverySeconds')).toHaveTextContent(
      /^45mn = 2$/,
    );
    expect(screen.getByText(/^3 services · Last 90 days/)).toBeInTheDocument();
  });

  it('calls the api with the grouping chosen and renders its rows', async () => {
    const doraApi = mockDoraApi();
    renderPage(doraApi);
    await screen.findByTestId('dora-fleet-row-group:default/team-a');

    await userEvent.click(groupByButton('System'));

    expect(
      await screen.findByTestId('dora-fleet-row-system:default/payments'),
    ).toBeInTheDocument();
    expect(doraApi.getRollups).toHaveBeenLastCalledWith({
      groupBy: 'system',
      window: undefined,
      asOf: undefined,
    });
    expect(
      screen.queryByTestId('dora-fleet-row-group:default/team-a'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'System' }),
    ).toBeInTheDocument();

    await userEvent.click(groupByButton('Product line'));
    expect(
      await screen.findByTestId('dora-fleet-row-domain:default/commerce'),
    ).toBeInTheDocument();
    expect(doraApi.getRollups).toHaveBeenLastCalledWith(
      expect.objectContaining({ groupBy: 'domain' }),
    );
    // The `none` group has no page to link to.
    const noDomain = within(row('none'));
    expect(noDomain.getByText('No domain')).toBeInTheDocument();
    expect(noDomain.queryByRole('link')).not.toBeInTheDocument();

    await userEvent.click(groupByButton('Template'));
    expect(
      await screen.findByTestId(
        'dora-fleet-row-template:default/golden-path-service',
      ),
    ).toBeInTheDocument();
    expect(doraApi.getRollups).toHaveBeenLastCalledWith(
      expect.objectContaining({ groupBy: 'template' }),
    );
  });

  it('takes the grouping and window from the URL', async () => {
    const doraApi = mockDoraApi();
    renderPage(doraApi, '/dora?groupBy=template&window=30d');

    expect(
      await screen.findByTestId(
        'dora-fleet-row-template:default/golden-path-service',
      ),
    ).toBeInTheDocument();
    expect(doraApi.getRollups).toHaveBeenCalledWith({
      groupBy: 'template',
      window: '30d',
      asOf: undefined,
    });
    expect(screen.getByRole('button', { name: '30d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('switches the window', async () => {
    const doraApi = mockDoraApi();
    renderPage(doraApi);
    await screen.findByTestId('dora-fleet-row-group:default/team-a');

    await userEvent.click(screen.getByRole('button', { name: '180d' }));

    await waitFor(() =>
      expect(doraApi.getRollups).toHaveBeenLastCalledWith({
        groupBy: 'owner',
        window: '180d',
        asOf: undefined,
      }),
    );
  });

  it('expands a group to its services, linked to their entity pages', async () => {
    renderPage(mockDoraApi());
    await screen.findByTestId('dora-fleet-row-group:default/team-a');

    expect(
      screen.queryByTestId('dora-fleet-row-group:default/team-a-services'),
    ).not.toBeInTheDocument();
    const toggle = screen.getByRole('button', {
      name: 'Show the services of Team A',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');

    await userEvent.click(toggle);

    const services = within(
      screen.getByRole('list', { name: 'Services of Team A' }),
    );
    expect(services.getByRole('link', { name: 'checkout' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout',
    );
    expect(services.getByRole('link', { name: 'billing' })).toHaveAttribute(
      'href',
      '/catalog/default/component/billing',
    );
    expect(
      screen.getByRole('button', { name: 'Hide the services of Team A' }),
    ).toHaveAttribute('aria-expanded', 'true');
  });

  it('shows n when fewer services than the group has have data, and — for none', async () => {
    const response = rollupResponse('owner');
    response.groups[0].metrics.leadTimeSeconds = distribution(1, 7_200);
    response.groups[0].metrics.recoverySeconds = distribution(0, null);
    renderPage(mockDoraApi({ getRollups: async () => response }));

    const teamA = within(
      await screen.findByTestId('dora-fleet-row-group:default/team-a'),
    );
    expect(teamA.getByTestId('dora-fleet-leadTimeSeconds')).toHaveTextContent(
      /^2hn = 1$/,
    );
    expect(teamA.getByTestId('dora-fleet-recoverySeconds')).toHaveTextContent(
      /^—n = 0$/,
    );
  });

  it('leaves out the golden-path comparison when a side is empty', async () => {
    const response = rollupResponse('owner');
    response.groups[1].goldenPath.golden.services = 0;
    renderPage(mockDoraApi({ getRollups: async () => response }));

    const teamB = within(
      await screen.findByTestId('dora-fleet-row-group:default/team-b'),
    );
    expect(teamB.getByTestId('dora-fleet-goldenPath')).toHaveTextContent(
      '— none on it',
    );
  });

  it('sorts the groups by a column', async () => {
    const response = rollupResponse('owner');
    response.groups[1].metrics.score = distribution(1, 9.5);
    renderPage(mockDoraApi({ getRollups: async () => response }));
    await screen.findByTestId('dora-fleet-row-group:default/team-a');

    const order = () =>
      screen
        .getAllByTestId(/^dora-fleet-row-group:default\/team-[ab]$/)
        .map(r => r.dataset.testid);
    expect(order()).toEqual([
      'dora-fleet-row-group:default/team-a',
      'dora-fleet-row-group:default/team-b',
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Score' }));

    expect(order()).toEqual([
      'dora-fleet-row-group:default/team-b',
      'dora-fleet-row-group:default/team-a',
    ]);
  });

  it('shows an error and retries', async () => {
    const doraApi = mockDoraApi();
    doraApi.getRollups.mockRejectedValueOnce(new Error('rollups down'));
    renderPage(doraApi);

    expect(
      await screen.findByText(/Could not load the DORA rollups/),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByTestId('dora-fleet-row-group:default/team-a'),
    ).toBeInTheDocument();
  });

  it('says so when no service is measured', async () => {
    const response = rollupResponse('owner');
    response.groups = [];
    response.fleet = { ...response.fleet, services: 0, serviceRefs: [] };
    renderPage(mockDoraApi({ getRollups: async () => response }));

    expect(
      await screen.findByText('No services measured yet'),
    ).toBeInTheDocument();
  });
});
