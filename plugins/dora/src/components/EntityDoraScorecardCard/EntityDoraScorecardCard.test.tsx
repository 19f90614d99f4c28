import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
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
    {
      apis: [[doraApiRef, doraApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
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

  it('shows a service without production deployments as no data, not 0 per week', async () => {
    const scorecard: EntityScorecardResponse = fullScorecard();
    scorecard.deploymentFrequency = {
      ...scorecard.deploymentFrequency,
      deployments: 0,
      deploymentDays: 0,
      perDay: 0,
      perWeek: 0,
      onDemand: false,
      level: null,
      score: null,
    };
    scorecard.score = null;
    const doraApi = mockDoraApi(async () => scorecard);
    renderCard(doraApi);

    await screen.findByTestId('dora-metric-score');
    expect(metric('score')).toHaveTextContent(/^—$/);
    expect(metric('deploymentFrequency')).toHaveTextContent(/^—$/);
    const df = tile('Deployment frequency');
    expect(df.getByText('No production deployments')).toBeInTheDocument();
    expect(df.queryByText('per week')).not.toBeInTheDocument();
    expect(df.queryByTestId('dora-level-chip')).not.toBeInTheDocument();
    expect(
      screen.getByTestId('dora-metric-deploymentFrequency-score'),
    ).toHaveTextContent('Score —');
  });

  it('reports recoveries before the failure (clock skew), not as open', async () => {
    const scorecard: EntityScorecardResponse = fullScorecard();
    scorecard.failedDeploymentRecoveryTime = {
      ...scorecard.failedDeploymentRecoveryTime,
      open: 0,
      negative: 1,
    };
    const doraApi = mockDoraApi(async () => scorecard);
    renderCard(doraApi);

    await screen.findByTestId('dora-metric-score');
    const rt = tile('Failed deployment recovery time');
    expect(
      rt.getByText('1 recovered before failing (clock skew)'),
    ).toBeInTheDocument();
    expect(rt.queryByText(/open/)).not.toBeInTheDocument();
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

  describe('vs last week', () => {
    const change = (key: string) =>
      screen.queryByTestId(`dora-metric-${key}-change`);

    it('shows the change of each metric since last week, coloured by whether it is better', async () => {
      renderCard(mockDoraApi(async () => fullScorecard()));
      await screen.findByTestId('dora-metric-score');

      // 3.0 → 3.5 deployments a week: more is better.
      expect(change('deploymentFrequency')).toHaveTextContent(/^▲ 0\.5$/);
      expect(change('deploymentFrequency')).toHaveAttribute(
        'data-improved',
        'true',
      );
      // Screen readers get it in words.
      expect(
        within(tile('Deployment frequency').getByRole('definition')).getByText(
          'Up 0.5 since last week (better)',
        ),
      ).toBeInTheDocument();
      // 1d 4h → 1d 2h lead time: shorter is better.
      expect(change('changeLeadTime')).toHaveTextContent(/^▼ 2h$/);
      expect(change('changeLeadTime')).toHaveAttribute('data-improved', 'true');
      // 5% → 6.7% fail rate: worse.
      expect(change('changeFailRate')).toHaveTextContent(/^▲ 1\.7 pp$/);
      expect(change('changeFailRate')).toHaveAttribute(
        'data-improved',
        'false',
      );
      // No recovery time last week: nothing to compare.
      expect(change('failedDeploymentRecoveryTime')).not.toBeInTheDocument();
      // Same rework rate.
      expect(change('deploymentReworkRate')).toHaveTextContent(/^±0$/);
      expect(change('deploymentReworkRate')).toHaveAttribute(
        'data-improved',
        'same',
      );
      // 8.2 → 8.61 overall score.
      expect(change('score')).toHaveTextContent(/^▲ 0\.4$/);
      // The values themselves are unchanged.
      expect(metric('score')).toHaveTextContent(/^8\.6$/);
      expect(metric('changeFailRate')).toHaveTextContent(/^6\.7%$/);
    });

    it('is hidden without a scorecard of last week', async () => {
      const scorecard = fullScorecard();
      scorecard.previousWeek = null;
      renderCard(mockDoraApi(async () => scorecard));
      await screen.findByTestId('dora-metric-score');

      expect(screen.queryByText(/[▲▼]/)).not.toBeInTheDocument();
      expect(change('score')).not.toBeInTheDocument();
      expect(change('deploymentFrequency')).not.toBeInTheDocument();
    });
  });

  describe('template attribution', () => {
    it('names the template and its version, linked to the template', async () => {
      renderCard(mockDoraApi(async () => fullScorecard()));

      const line = await screen.findByTestId('dora-template');
      expect(line).toHaveTextContent(
        'Golden path: template:default/golden-path-service v1.4.0',
      );
      expect(
        within(line).getByRole('link', {
          name: 'template:default/golden-path-service v1.4.0',
        }),
      ).toHaveAttribute(
        'href',
        '/catalog/default/template/golden-path-service',
      );
    });

    it('leaves out the version when there is none', async () => {
      const scorecard = fullScorecard();
      scorecard.template = { ref: 'template:default/basic' };
      renderCard(mockDoraApi(async () => scorecard));

      expect(await screen.findByTestId('dora-template')).toHaveTextContent(
        /^Golden path: template:default\/basic$/,
      );
    });

    it('is not shown for services not created from a template', async () => {
      const scorecard = fullScorecard();
      scorecard.template = null;
      renderCard(mockDoraApi(async () => scorecard));

      await screen.findByTestId('dora-metric-score');
      expect(screen.queryByTestId('dora-template')).not.toBeInTheDocument();
      expect(screen.queryByText(/Golden path/)).not.toBeInTheDocument();
    });
  });

  describe('rollup of a group, system or domain', () => {
    const system: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { owner: 'team-a' },
    };

    it('shows the medians of its services, with n where some have no data', async () => {
      const doraApi = mockDoraApi(async () => systemRollup());
      renderCard(doraApi, {}, system);

      expect(
        await screen.findByTestId('dora-rollup-summary'),
      ).toHaveTextContent('Rollup of 3 services');
      expect(doraApi.getScorecard).toHaveBeenCalledWith(
        'system:default/payments',
        { window: undefined, asOf: undefined },
      );
      expect(screen.getByText('Median score')).toBeInTheDocument();
      expect(metric('score')).toHaveTextContent(/^7\.4$/);
      expect(metric('deploymentFrequency')).toHaveTextContent(/^3\.5$/);
      expect(metric('changeLeadTime')).toHaveTextContent(/^1d 2h$/);
      expect(metric('changeFailRate')).toHaveTextContent(/^6\.7%$/);
      expect(metric('failedDeploymentRecoveryTime')).toHaveTextContent(/^45m$/);
      expect(metric('deploymentReworkRate')).toHaveTextContent(/^12\.5%$/);

      expect(
        tile('Deployment frequency').getByText('3 services'),
      ).toBeInTheDocument();
      expect(
        tile('Deployment frequency').getByText('p25–p75 2.0–4.0'),
      ).toBeInTheDocument();
      expect(
        tile('Failed deployment recovery time').getByText(
          'n = 2 of 3 services',
        ),
      ).toBeInTheDocument();
      // No per-service levels, scores or weekly changes in a rollup.
      expect(screen.queryByTestId('dora-level-chip')).not.toBeInTheDocument();
      expect(
        screen.queryByTestId('dora-metric-changeLeadTime-score'),
      ).not.toBeInTheDocument();
      expect(screen.getByText('Last 90 days')).toBeInTheDocument();
    });

    it('compares the golden path with the other services', async () => {
      renderCard(
        mockDoraApi(async () => systemRollup()),
        {},
        system,
      );

      const golden = await screen.findByTestId('dora-golden-path');
      expect(golden).toHaveTextContent(
        '2 services from a software template, 1 other service',
      );
      expect(
        within(golden)
          .getAllByRole('columnheader')
          .map(h => h.textContent),
      ).toEqual(['Golden path', 'Others', 'Difference']);
      const leadTime = within(golden).getByTestId('dora-golden-path-leadTime');
      expect(
        within(leadTime)
          .getAllByRole('cell')
          .map(c => c.textContent),
      ).toEqual(['1d', '3d', '▼ 2dDown 2d on the golden path (better)']);
      expect(
        within(leadTime).getByTestId('dora-golden-path-leadTime-delta'),
      ).toHaveTextContent(/^▼ 2d$/);
      expect(
        within(leadTime).getByTestId('dora-golden-path-leadTime-delta'),
      ).toHaveAttribute('data-improved', 'true');
      const deploys = within(golden).getByTestId(
        'dora-golden-path-deploymentsPerWeek',
      );
      expect(
        within(deploys)
          .getAllByRole('cell')
          .map(c => c.textContent),
      ).toEqual(['4.0', '2.0', '▲ 2.0Up 2.0 on the golden path (better)']);
    });

    it('leaves out the golden-path comparison when one side has no services', async () => {
      const rollup = systemRollup();
      rollup.rollup.goldenPath.other = {
        ...rollup.rollup.goldenPath.other,
        services: 0,
      };
      rollup.rollup.goldenPath.delta = {
        leadTimeSeconds: null,
        deploymentsPerWeek: null,
      };
      renderCard(
        mockDoraApi(async () => rollup),
        {},
        system,
      );

      await screen.findByTestId('dora-rollup-summary');
      expect(screen.queryByTestId('dora-golden-path')).not.toBeInTheDocument();
    });

    it('lists its services by score, linked to their pages', async () => {
      renderCard(
        mockDoraApi(async () => systemRollup()),
        {},
        system,
      );

      const list = await screen.findByTestId('dora-rollup-services');
      const items = within(list).getAllByRole('listitem');
      expect(items.map(i => i.textContent)).toEqual([
        'checkout · golden path8.6',
        'billing · golden path7.4',
        'ledger6.0',
      ]);
      expect(
        within(list).getByRole('link', { name: 'ledger' }),
      ).toHaveAttribute('href', '/catalog/default/component/ledger');
    });

    it('shows "—" for medians without data', async () => {
      const rollup = systemRollup();
      rollup.rollup.metrics.recoverySeconds = {
        n: 0,
        median: null,
        p25: null,
        p75: null,
        min: null,
        max: null,
      };
      renderCard(
        mockDoraApi(async () => rollup),
        {},
        system,
      );

      await screen.findByTestId('dora-rollup-summary');
      expect(metric('failedDeploymentRecoveryTime')).toHaveTextContent(/^—$/);
      expect(
        tile('Failed deployment recovery time').getByText(
          'n = 0 of 3 services',
        ),
      ).toBeInTheDocument();
    });

    it('says so when the entity has no services', async () => {
      const rollup = systemRollup();
      rollup.rollup = { ...rollupGroup(), services: 0, serviceRefs: [] };
      rollup.services = [];
      renderCard(
        mockDoraApi(async () => rollup),
        {},
        system,
      );

      expect(
        await screen.findByText('No services to roll up'),
      ).toBeInTheDocument();
      expect(screen.queryByTestId('dora-metric-score')).not.toBeInTheDocument();
    });
  });
});
