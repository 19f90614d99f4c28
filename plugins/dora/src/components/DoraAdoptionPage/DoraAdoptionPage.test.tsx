import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  adoptionResponse,
  emptyAdoptionResponse,
} from '../../__testUtils__/adoption';
import { mockDoraApi } from '../../__testUtils__/scorecards';
import { DoraApi, doraApiRef } from '../../api';
import { DoraAdoptionPage } from './DoraAdoptionPage';

function renderPage(doraApi: DoraApi) {
  return renderInTestApp(<DoraAdoptionPage />, {
    apis: [[doraApiRef, doraApi]],
    initialRouteEntries: ['/dora/adoption'],
  });
}

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message },
        request: { method: 'GET', url: '/adoption' },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ) as any,
  );
}

describe('DoraAdoptionPage', () => {
  it('shows the headline tiles', async () => {
    const doraApi = mockDoraApi();
    renderPage(doraApi);

    expect(
      await screen.findByTestId('dora-adoption-active-value'),
    ).toHaveTextContent(/^3 \/ 4$/);
    expect(
      screen.getByTestId('dora-adoption-coverage-value'),
    ).toHaveTextContent(/^75%$/);
    // June (the last reported month) used two templates.
    expect(
      screen.getByTestId('dora-adoption-templates-value'),
    ).toHaveTextContent(/^2$/);
    expect(
      screen.getByRole('heading', { name: 'Golden-path adoption' }),
    ).toBeInTheDocument();
    expect(doraApi.getAdoption).toHaveBeenCalledWith({
      months: undefined,
      asOf: undefined,
    });
  });

  it('charts the runs per template and month', async () => {
    renderPage(mockDoraApi());
    const runs = await screen.findByTestId('dora-adoption-runs');
    expect(
      within(runs).getByRole('img', {
        name: 'Successful scaffold runs per template and month, 2 templates',
      }),
    ).toBeInTheDocument();
  });

  it('shows coverage per team and per system with numerator, denominator and share', async () => {
    renderPage(mockDoraApi());
    const teamA = await screen.findByTestId(
      'dora-adoption-coverage-team-row-group:default/team-a',
    );
    expect(teamA).toHaveTextContent('Team A2 / 2100%');
    expect(
      screen.getByTestId(
        'dora-adoption-coverage-team-row-group:default/team-b',
      ),
    ).toHaveTextContent('Team B1 / 250%');
    expect(
      screen.getByTestId(
        'dora-adoption-coverage-system-row-system:default/payments',
      ),
    ).toHaveTextContent('Payments1 / 333.3%');
  });

  it('shows repeat use, with no stickiness as — rather than 0', async () => {
    renderPage(mockDoraApi());
    const may = within(
      await screen.findByTestId(
        'dora-adoption-repeat-row-template:default/golden-path-service-2024-05',
      ),
    ).getAllByRole('cell');
    expect(may.map(c => c.textContent)).toEqual([
      'Golden path service',
      '2024-05',
      '2',
      '0',
      '—',
    ]);
    const june = within(
      screen.getByTestId(
        'dora-adoption-repeat-row-template:default/golden-path-service-2024-06',
      ),
    ).getAllByRole('cell');
    expect(june.map(c => c.textContent)).toEqual([
      'Golden path service',
      '2024-06',
      '3',
      '1',
      '50%',
    ]);
  });

  it('compares the outcomes of golden-path and other services, with n', async () => {
    renderPage(mockDoraApi());
    const golden = within(
      await screen.findByTestId('dora-adoption-outcomes-row-golden'),
    ).getAllByRole('cell');
    expect(golden.map(c => c.textContent)).toEqual([
      'Golden path',
      '3',
      '1d 2h (n 3)',
      '3.5 (n 3)',
    ]);
    const other = within(
      screen.getByTestId('dora-adoption-outcomes-row-other'),
    ).getAllByRole('cell');
    expect(other.map(c => c.textContent)).toEqual([
      'Other services',
      '1',
      '— (n 0)',
      '0.5 (n 1)',
    ]);
  });

  it('shows the version drift per template, with the owners on old versions', async () => {
    renderPage(mockDoraApi());
    const drift = await screen.findByTestId('dora-adoption-drift');
    const current = within(
      within(drift).getByTestId(
        'dora-adoption-drift-table-row-template:default/golden-path-service-1.4.0',
      ),
    ).getAllByRole('cell');
    expect(current.map(c => c.textContent)).toEqual([
      'Golden-path Node.js servicetemplate:golden-path-service',
      '1.4.0',
      '2',
      '0',
      '',
      '2h (n 4)',
      '3.0 (n 2)',
    ]);
    const old = within(
      within(drift).getByTestId(
        'dora-adoption-drift-table-row-template:default/golden-path-service-1.2.0',
      ),
    ).getAllByRole('cell');
    expect(old.map(c => c.textContent)).toEqual([
      'Golden-path Node.js servicetemplate:golden-path-service',
      '1.2.0',
      '1',
      '2',
      'group:team-b',
      '—',
      '—',
    ]);
    expect(drift).toHaveTextContent(
      'Golden-path Node.js service: current version 1.4.0 (highest seen)',
    );
  });

  it('says so when there are no teams, systems, runs or templates to show', async () => {
    const value = adoptionResponse();
    value.coverage.bySystem = [];
    value.templatesPerMonth = [];
    value.repeatUse = [];
    value.versionDrift = [];
    renderPage(mockDoraApi({ getAdoption: async () => value }));

    expect(await screen.findByTestId('dora-adoption-runs')).toHaveTextContent(
      'No successful scaffold runs in these months.',
    );
    expect(
      screen.getByTestId('dora-adoption-coverage-system-empty'),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('dora-adoption-repeat-empty'),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('dora-adoption-drift-table-empty'),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('dora-adoption-templates-value'),
    ).toHaveTextContent(/^0$/);
  });

  it('shows an empty state without components and runs', async () => {
    renderPage(
      mockDoraApi({ getAdoption: async () => emptyAdoptionResponse() }),
    );
    expect(await screen.findByTestId('dora-adoption-empty')).toHaveTextContent(
      'No adoption data yet',
    );
    expect(screen.queryByTestId('dora-adoption-runs')).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('dora-adoption-coverage-value'),
    ).not.toBeInTheDocument();
  });

  it('shows a distinct state on 403', async () => {
    const error = await responseError(403, 'not allowed');
    renderPage(
      mockDoraApi({
        getAdoption: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByTestId('dora-adoption-forbidden'),
    ).toHaveTextContent('No access to the adoption figures');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows other errors with a retry', async () => {
    const error = await responseError(500, 'database down');
    const doraApi = mockDoraApi();
    doraApi.getAdoption.mockRejectedValueOnce(error);
    renderPage(doraApi);

    expect(
      (await screen.findAllByText(/Could not load the adoption figures/))[0],
    ).toBeInTheDocument();
    expect(screen.queryByTestId('dora-adoption-forbidden')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByTestId('dora-adoption-active-value'),
    ).toHaveTextContent('3 / 4');
    expect(doraApi.getAdoption).toHaveBeenCalledTimes(2);
  });

  it('shows progress while loading', async () => {
    renderPage(mockDoraApi({ getAdoption: () => new Promise(() => {}) }));
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByTestId('dora-adoption-empty')).toBeNull();
  });
});
