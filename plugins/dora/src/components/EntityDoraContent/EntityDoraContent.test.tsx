import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DoraApi, doraApiRef } from '../../api';
import {
  emptyScorecard,
  fullScorecard,
  mockDoraApi,
  timeline,
} from '../../__testUtils__/scorecards';
import { EntityDoraContent } from './EntityDoraContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

function renderContent(doraApi: DoraApi, props: { window?: string } = {}) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityDoraContent {...props} />
    </EntityProvider>,
    { apis: [[doraApiRef, doraApi]] },
  );
}

describe('EntityDoraContent', () => {
  it('renders the weekly trend charts of the window', async () => {
    const doraApi = mockDoraApi();
    renderContent(doraApi);

    const trends = await screen.findByTestId('dora-trends');
    expect(
      within(trends).getByRole('img', {
        name: 'Deployments per week from 2024-W10 to 2024-W13: 2, 4, 0, 5',
      }),
    ).toBeInTheDocument();
    expect(
      within(trends).getByRole('img', {
        name: 'Median lead time from 2024-W10 to 2024-W13: 1h, 1h, —, 2h',
      }),
    ).toBeInTheDocument();
    expect(
      within(trends).getByRole('img', {
        name: 'Change fail rate from 2024-W10 to 2024-W13: 0%, 25%, —, 0%',
      }),
    ).toBeInTheDocument();
    expect(
      within(trends).getByRole('img', {
        name: 'Median failed deployment recovery time from 2024-W10 to 2024-W13: —, 45m, —, —',
      }),
    ).toBeInTheDocument();
    for (const key of [
      'deployments',
      'leadTime',
      'changeFailRate',
      'recovery',
    ]) {
      expect(
        within(trends).getByTestId(`dora-trend-${key}`),
      ).toBeInTheDocument();
    }
    expect(screen.getByTestId('dora-content-window')).toHaveTextContent(
      'Last 90 days, until 2024-06-01 00:00 UTC',
    );
    expect(screen.getByTestId('dora-template')).toHaveTextContent(
      'Golden path: template:default/golden-path-service v1.4.0',
    );
    expect(doraApi.getScorecard).toHaveBeenCalledWith(
      'component:default/checkout',
      { window: undefined, asOf: undefined },
    );
  });

  it('lists the deployments of the window, newest first, with their marks', async () => {
    renderContent(mockDoraApi());

    const table = await screen.findByTestId('dora-deployments');
    const rows = within(table).getAllByTestId(/^dora-timeline-deployment-/);
    expect(rows.map(r => r.dataset.testid)).toEqual([
      'dora-timeline-deployment-deploy-4',
      'dora-timeline-deployment-deploy-3',
      'dora-timeline-deployment-deploy-2',
      'dora-timeline-deployment-deploy-1',
    ]);
    expect(screen.getByText('Deployments (4)')).toBeInTheDocument();

    const failed = within(rows[2]);
    expect(failed.getByText('2024-05-02 09:10 UTC')).toBeInTheDocument();
    expect(failed.getByText('production')).toBeInTheDocument();
    expect(failed.getByText('Failed')).toBeInTheDocument();
    expect(failed.getByText('Incident INC-1')).toBeInTheDocument();
    expect(failed.getByText('2024-05-02 09:55 UTC')).toBeInTheDocument();

    const rollback = within(rows[1]);
    expect(rollback.getByText('Rework (rollback)')).toBeInTheDocument();
    expect(rollback.queryByText('Failed')).not.toBeInTheDocument();

    const staging = within(rows[0]);
    expect(staging.getByText('staging')).toBeInTheDocument();
    expect(staging.queryByText('Production')).not.toBeInTheDocument();
    expect(staging.getByText('Not counted')).toBeInTheDocument();

    // A production environment not called so is marked as one.
    const ok = within(rows[3]);
    expect(ok.getByText('prod-eu')).toBeInTheDocument();
    expect(ok.getByText('Production')).toBeInTheDocument();
    expect(ok.getByText('Success')).toBeInTheDocument();
    expect(ok.queryByText(/Failed|Rework|Not counted/)).not.toBeInTheDocument();
  });

  it('marks a failed deployment not yet recovered', async () => {
    const open = timeline();
    open.deployments[1].recoveredAt = null;
    renderContent(mockDoraApi({ getTimeline: async () => open }));

    const row = within(
      await screen.findByTestId('dora-timeline-deployment-deploy-2'),
    );
    expect(row.getByText('Failed')).toBeInTheDocument();
    expect(row.getByText('Not recovered')).toBeInTheDocument();
  });

  it('lists the incidents with their resolution and attribution', async () => {
    renderContent(mockDoraApi());

    const attributed = within(
      await screen.findByTestId('dora-timeline-incident-INC-1'),
    );
    expect(attributed.getByText('2024-05-02 09:20 UTC')).toBeInTheDocument();
    expect(attributed.getByText('2024-05-02 10:50 UTC')).toBeInTheDocument();
    expect(attributed.getByText('1h 30m')).toBeInTheDocument();
    expect(attributed.getByText('sev2')).toBeInTheDocument();
    expect(attributed.getByText('deploy-2')).toBeInTheDocument();
    expect(attributed.getByText('named by the incident')).toHaveAttribute(
      'title',
      'Attribution rule: causedByDeploymentId',
    );

    const open = within(screen.getByTestId('dora-timeline-incident-INC-2'));
    expect(open.getByText('Open')).toBeInTheDocument();
    expect(open.getByText('Unattributed')).toBeInTheDocument();

    expect(
      within(screen.getByTestId('dora-incidents'))
        .getAllByTestId(/^dora-timeline-incident-/)
        .map(r => r.dataset.testid),
    ).toEqual(['dora-timeline-incident-INC-2', 'dora-timeline-incident-INC-1']);
  });

  it('shows the lead-time distribution in human buckets with median and p90', async () => {
    renderContent(mockDoraApi());

    const histogram = await screen.findByTestId('dora-leadtime-histogram');
    const bucket = (key: string) =>
      within(histogram).getByTestId(`dora-leadtime-bucket-${key}`);
    expect(bucket('under1h')).toHaveTextContent(/^2$/);
    expect(bucket('1hTo1d')).toHaveTextContent(/^2$/);
    expect(bucket('1dTo1w')).toHaveTextContent(/^2$/);
    expect(bucket('1wTo1mo')).toHaveTextContent(/^1$/);
    expect(bucket('over1mo')).toHaveTextContent(/^1$/);
    expect(
      within(histogram).getByRole('img', {
        name: 'Lead times of 8 changes: <1h 2, 1h–1d 2, 1d–1w 2, 1w–1mo 1, >1mo 1',
      }),
    ).toBeInTheDocument();
    expect(
      within(histogram).getByTestId('dora-leadtime-count'),
    ).toHaveTextContent(/^8$/);
    // The scorecard measured 120 changes, the timeline 8: the figures come
    // from the lead times themselves (interpolated percentiles).
    expect(
      within(histogram).getByTestId('dora-leadtime-median'),
    ).toHaveTextContent(/^19h 27m$/);
    expect(
      within(histogram).getByTestId('dora-leadtime-p90'),
    ).toHaveTextContent(/^16d 2h$/);
  });

  it('takes median and p90 from the scorecard when it measured the same changes', async () => {
    const scorecard = fullScorecard();
    scorecard.changeLeadTime.changes = 8;
    renderContent(mockDoraApi({ getScorecard: async () => scorecard }));

    const histogram = await screen.findByTestId('dora-leadtime-histogram');
    await waitFor(() =>
      expect(
        within(histogram).getByTestId('dora-leadtime-median'),
      ).toHaveTextContent(/^1d 2h$/),
    );
    expect(
      within(histogram).getByTestId('dora-leadtime-p90'),
    ).toHaveTextContent(/^3d$/);
  });

  it('switches the window of both the scorecard and the timeline', async () => {
    const doraApi = mockDoraApi();
    renderContent(doraApi);
    await screen.findByTestId('dora-trends');

    // The backend default (90 days) is the selected window.
    expect(screen.getByRole('button', { name: '90d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await userEvent.click(screen.getByRole('button', { name: '30d' }));

    await waitFor(() =>
      expect(doraApi.getTimeline).toHaveBeenLastCalledWith(
        'component:default/checkout',
        { window: '30d', asOf: undefined },
      ),
    );
    expect(doraApi.getScorecard).toHaveBeenLastCalledWith(
      'component:default/checkout',
      { window: '30d', asOf: undefined },
    );
    expect(screen.getByRole('button', { name: '30d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('starts with the window given as a prop', async () => {
    const doraApi = mockDoraApi();
    renderContent(doraApi, { window: '180d' });

    await screen.findByTestId('dora-trends');
    expect(doraApi.getTimeline).toHaveBeenCalledWith(
      'component:default/checkout',
      { window: '180d', asOf: undefined },
    );
  });

  it('says so when there are no deployments, incidents or lead times', async () => {
    const empty = timeline();
    empty.deployments = [];
    empty.incidents = [];
    empty.leadTimeSeconds = [];
    renderContent(mockDoraApi({ getTimeline: async () => empty }));

    expect(
      await screen.findByText('No deployments in the window.'),
    ).toBeInTheDocument();
    expect(screen.getByText('No incidents in the window.')).toBeInTheDocument();
    expect(screen.getByTestId('dora-leadtime-empty')).toBeInTheDocument();
  });

  it('shows the empty state of a service without delivery events', async () => {
    renderContent(mockDoraApi({ getScorecard: async () => emptyScorecard() }));

    expect(
      await screen.findByText('No delivery events yet'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('dora-trends')).not.toBeInTheDocument();
  });

  it('shows an error of the timeline and retries it', async () => {
    const doraApi = mockDoraApi();
    doraApi.getTimeline.mockRejectedValueOnce(new Error('timeline down'));
    renderContent(doraApi);

    expect(
      (await screen.findAllByText(/Could not load the DORA timeline/)).length,
    ).toBeGreaterThan(0);
    // The trends come from the scorecard, which loaded.
    expect(await screen.findByTestId('dora-trends')).toBeInTheDocument();

    await userEvent.click(screen.getAllByRole('button', { name: 'Retry' })[0]);

    expect(
      await screen.findByTestId('dora-timeline-incident-INC-1'),
    ).toBeInTheDocument();
  });

  it('pages long timelines', async () => {
    const long = timeline();
    long.deployments = Array.from({ length: 25 }, (_, i) => ({
      ...long.deployments[0],
      deploymentId: `d-${i}`,
      finishedAt: new Date(Date.UTC(2024, 4, 1, i)).toISOString(),
    }));
    renderContent(mockDoraApi({ getTimeline: async () => long }));

    const table = await screen.findByTestId('dora-deployments');
    expect(
      within(table).getAllByTestId(/^dora-timeline-deployment-/),
    ).toHaveLength(20);

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 25 deployments' }),
    );

    expect(
      within(table).getAllByTestId(/^dora-timeline-deployment-/),
    ).toHaveLength(25);
  });
});
