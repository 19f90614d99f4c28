import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityScorecardResponse } from '@goldpath/plugin-dora-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DoraApi, doraApiRef } from '../../api';
import {
  emptyScorecard,
  fullScorecard,
  mockDoraApi as mockApi,
  rollupGroup,
  systemRollup,
} from '../../__testUtils__/scorecards';
import { EntityDoraScorecardCard } from './EntityDoraScorecardCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

function mockDoraApi(
  getScorecard: DoraApi['getScorecard'],
): jest.Mocked<DoraApi> {
  return mockApi({ getScorecard });
}

function renderCard(
  doraApi: DoraApi,
  props: { window?: string } = {},
  forEntity: Entity = entity,
) {
  return renderInTestApp(
    <EntityProvider entity={forEntity}>
      <EntityDoraScorecardCard {...props} />
    </EntityProvider>,
    { apis: [[doraApiRef, doraApi]] },
  );
}

const metric = (key: string) => screen.getByTestId(`dora-metric-${key}`);

/** The `dl` entry of a metric: its label, value, details, chip and score. */
function tile(label: string) {
  const term = screen.getByText(label, { selector: 'dt' });
  return within(term.parentElement!);
}

describe('EntityDoraScorecardCard', () => {
  it('shows the overall score and the five metrics', async () => {
    const doraApi = mockDoraApi(async () => fullScorecard());
    renderCard(doraApi);

    expect(await screen.findByText('DORA scorecard')).toBeInTheDocument();
    expect(await screen.findByText('Last 90 days')).toBeInTheDocument();
    expect(screen.getByTestId('dora-scorecard-card')).toBeInTheDocument();

    expect(metric('score')).toHaveTextContent(/^8\.6$/);
    expect(metric('deploymentFrequency')).toHaveTextContent(/^3\.5$/);
    expect(metric('changeLeadTime')).toHaveTextContent(/^1d 2h$/);
    expect(metric('changeFailRate')).toHaveTextContent(/^6\.7%$/);
    expect(metric('failedDeploymentRecoveryTime')).toHaveTextContent(/^45m$/);
    expect(metric('deploymentReworkRate')).toHaveTextContent(/^12\.5%$/);

    const df = tile('Deployment frequency');
    expect(df.getByText('per week')).toBeInTheDocument();
    expect(df.getByText('45 deployments')).toBeInTheDocument();
    expect(df.getByText('High')).toBeInTheDocument();
    expect(df.getByText('Score 8.0')).toBeInTheDocument();

    const lt = tile('Change lead time');
    expect(lt.getByText('120 changes')).toBeInTheDocument();
    expect(lt.getByText('p90 3d')).toBeInTheDocument();
    expect(lt.getByText('High')).toBeInTheDocument();
    expect(lt.getByText('Score 7.0')).toBeInTheDocument();

    const cfr = tile('Change fail rate');
    expect(cfr.getByText('3 of 45 deployments failed')).toBeInTheDocument();
    expect(cfr.getByText('Elite')).toBeInTheDocument();
    expect(cfr.getByText('Score 9.3')).toBeInTheDocument();

    const rt = tile('Failed deployment recovery time');
    expect(rt.getByText('2 recovered')).toBeInTheDocument();
    expect(rt.getByText('1 open')).toBeInTheDocument();
    expect(rt.getByText('Elite')).toBeInTheDocument();
    expect(rt.getByText('Score 10.0')).toBeInTheDocument();

    const rr = tile('Deployment rework rate');
    expect(rr.getByText('5 of 40 deployments rework')).toBeInTheDocument();
    expect(rr.getByText('Medium')).toBeInTheDocument();
    expect(rr.getByText('Score 8.8')).toBeInTheDocument();

    expect(
      screen.getByRole('img', {
        name: 'Deployments per week from 2024-W10 to 2024-W13: 2, 4, 0, 5',
      }),
    ).toBeInTheDocument();
  });

  it('asks the api for the current entity and the configured window', async () => {
    const doraApi = mockDoraApi(async () => fullScorecard());
    renderCard(doraApi, { window: '30d' });

    await screen.findByTestId('dora-metric-score');
    expect(doraApi.getScorecard).toHaveBeenCalledWith(
      'component:default/checkout',
      { window: '30d', asOf: undefined },
    );
  });

  it('shows metrics without data as "—", never as 0, and hides their level', async () => {
    const scorecard: EntityScorecardResponse = fullScorecard();
    scorecard.changeLeadTime = {
      ...scorecard.changeLeadTime,
      medianSeconds: null,
      p90Seconds: null,
      changes: 0,
      level: null,
      score: null,
    };
    scorecard.failedDeploymentRecoveryTime = {
      ...scorecard.failedDeploymentRecoveryTime,
      medianSeconds: null,
      p90Seconds: null,
      recovered: 0,
      open: 0,
      level: null,
      score: null,
    };
    scorecard.score = null;
    const doraApi = mockDoraApi(async () => scorecard);
    renderCard(doraApi);

    await screen.findByTestId('dora-metric-score');
    expect(metric('score')).toHaveTextContent(/^—$/);
    expect(metric('changeLeadTime')).toHaveTextContent(/^—$/);
    expect(metric('failedDeploymentRecoveryTime')).toHaveTextContent(/^—$/);
    expect(
      screen.getByTestId('dora-metric-changeLeadTime-score'),
    ).toHaveTextContent('Score —');

    const lt = tile('Change lead time');
    expect(lt.queryByTestId('dora-level-chip')).not.toBeInTheDocument();
    expect(lt.queryByText('median')).not.toBeInTheDocument();
    expect(lt.getByText('0 changes')).toBeInTheDocument();
    const rt = tile('Failed deployment recovery time');
    expect(rt.queryByTestId('dora-level-chip')).not.toBeInTheDocument();
    expect(rt.queryByText(/open/)).not.toBeInTheDocument();

    // Metrics with data still show theirs.
    expect(metric('deploymentFrequency')).toHaveTextContent(/^3\.5$/);
    expect(metric('changeFailRate')).toHaveTextContent(/^6\.7%$/);
  });

  it('shows a zero fail rate as 0%, not as no data', async () => {
    const scorecard = fullScorecard();
    scorecard.changeFailRate = {
      ...scorecard.changeFailRate,
      ratio: 0,
      failedDeployments: 0,
    };
    renderCard(mockDoraApi(async () => scorecard));

    expect(
      await screen.findByTestId('dora-metric-changeFailRate'),
    ).toHaveTextContent(/^0%$/);
  });

  it('shows an empty state when the service has no delivery events', async () => {
    const doraApi = mockDoraApi(async () => emptyScorecard());
    renderCard(doraApi);

    expect(
      await screen.findByText('No delivery events yet'),
    ).toBeInTheDocument();
    expect(screen.getByText('/api/dora/events')).toBeInTheDocument();
    expect(screen.getByText('Last 90 days')).toBeInTheDocument();
    expect(screen.queryByTestId('dora-metric-score')).not.toBeInTheDocument();
    expect(screen.getByTestId('dora-scorecard-card')).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    const doraApi = mockDoraApi(() => new Promise(() => {}));
    renderCard(doraApi);

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByTestId('dora-metric-score')).not.toBeInTheDocument();
  });

  it('shows the backend error and retries on demand', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Access denied' },
          request: {
            method: 'GET',
            url: '/scorecards/component/default/checkout',
          },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    const doraApi = mockDoraApi(async () => {
      throw error;
    });
    renderCard(doraApi);

    expect(
      await screen.findByText(/Could not load the DORA scorecard/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Access denied/).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('dora-metric-score')).not.toBeInTheDocument();

    doraApi.getScorecard.mockResolvedValueOnce(fullScorecard());
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    await waitFor(() =>
      expect(screen.getByTestId('dora-metric-score')).toHaveTextContent('8.6'),
    );
    expect(doraApi.getScorecard).toHaveBeenCalledTimes(2);
  });
});
