import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  emptyTicketsResponse,
  ticketsResponse,
} from '../../__testUtils__/tickets';
import { mockDoraApi } from '../../__testUtils__/scorecards';
import { DoraApi, doraApiRef } from '../../api';
import { DoraTicketsPage } from './DoraTicketsPage';

function renderPage(doraApi: DoraApi) {
  return renderInTestApp(<DoraTicketsPage />, {
    apis: [[doraApiRef, doraApi]],
    initialRouteEntries: ['/dora/tickets'],
  });
}

describe('DoraTicketsPage', () => {
  it('shows the headline: tickets, queue time mean and P95, waiting, SLA breaches', async () => {
    const doraApi = mockDoraApi();
    renderPage(doraApi);
    // Queue times 2 h, 10 h, 1 h, 3 h: mean 4 h; P95 at 2.85 → 3 + 0.85 × 7 = 8 h 57 m.
    expect(
      await screen.findByTestId('dora-tickets-count-value'),
    ).toHaveTextContent(/^5$/);
    expect(
      screen.getByTestId('dora-tickets-queue-mean-value'),
    ).toHaveTextContent(/^4h$/);
    expect(
      screen.getByTestId('dora-tickets-queue-p95-value'),
    ).toHaveTextContent(/^8h 57m$/);
    expect(screen.getByTestId('dora-tickets-waiting-value')).toHaveTextContent(
      /^1$/,
    );
    // DB-2 answered after 10 h, DB-3 still waiting: 2 breaches of 8 h.
    expect(screen.getByTestId('dora-tickets-sla-value')).toHaveTextContent(
      /^2$/,
    );
    expect(screen.getByTestId('dora-tickets-sla')).toHaveTextContent(
      'SLA breaches (SLA 8h)',
    );
    expect(
      screen.getByRole('heading', { name: 'Platform tickets', level: 1 }),
    ).toBeInTheDocument();
    expect(doraApi.getTickets).toHaveBeenCalledWith({
      window: undefined,
      asOf: undefined,
      groupBy: undefined,
      category: undefined,
      team: undefined,
      timeZone: undefined,
    });
  });

  it('shows queue time mean and P95 per category and per category and month', async () => {
    renderPage(mockDoraApi());
    const db = await screen.findByTestId(
      'dora-tickets-categories-row-database-credentials',
    );
    // 2 h and 10 h: mean 6 h, P95 9 h 36 m; one waiting; none resolved
    // (open since 05-02 09:00: 59 d 15 h); 2 breaches.
    expect(
      within(db)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'database-credentials',
      '3',
      '6h',
      '9h 36m',
      '2',
      '1',
      '— (n=0)',
      '3 (59d 15h)',
      '0',
      '2',
    ]);
    expect(
      screen.getByTestId(
        'dora-tickets-months-cell-database-credentials-2024-05',
      ),
    ).toHaveTextContent('2h / 2h (n=1)');
    expect(
      screen.getByTestId(
        'dora-tickets-months-cell-database-credentials-2024-06',
      ),
    ).toHaveTextContent('10h / 10h (n=1)');
    expect(
      screen.getByTestId('dora-tickets-months-cell-gpu-quota-2024-05'),
    ).toHaveTextContent('—');
  });

  it('lists the template candidates, the SLA breaches and the before/after', async () => {
    renderPage(mockDoraApi());
    const candidates = await screen.findByTestId('dora-tickets-candidates');
    const rows = within(candidates).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[1].textContent),
    ).toEqual(['database-credentials', 'gpu-quota']);
    expect(
      screen.getByTestId('dora-tickets-candidates-row-database-credentials'),
    ).toHaveTextContent('covered by template:db-credentials');
    expect(
      screen.getByTestId('dora-tickets-candidates-row-gpu-quota'),
    ).toHaveTextContent('none yet');

    const breaches = screen.getByTestId('dora-tickets-breaches');
    expect(
      within(breaches)
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['DB-3', 'DB-2']);
    expect(
      screen.getByTestId('dora-tickets-breaches-row-DB-2'),
    ).toHaveTextContent('answered late');

    const effect = screen.getByTestId(
      'dora-tickets-before-after-row-template:default/db-credentials-database-credentials',
    );
    // Before: DB-1 2 h; after: DB-2 10 h (DB-3 waits); 1 run vs 2 tickets since.
    expect(
      within(effect)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'Database credentials',
      'database-credentials',
      '2024-05-15 00:00 UTC',
      '2h / 2h (n=1)',
      '10h / 10h (n=1)',
      '+8h',
      '33.3% (1 runs, 2 tickets)',
    ]);
  });

  it('asks for another window', async () => {
    const doraApi = mockDoraApi();
    renderPage(doraApi);
    await screen.findByTestId('dora-tickets-count-value');
    await userEvent.click(screen.getByRole('button', { name: '30d' }));
    expect(doraApi.getTickets).toHaveBeenLastCalledWith(
      expect.objectContaining({ window: '30d' }),
    );
  });

  it('says when there are no tickets', async () => {
    renderPage(mockDoraApi({ getTickets: async () => emptyTicketsResponse() }));
    expect(await screen.findByTestId('dora-tickets-empty')).toHaveTextContent(
      'No platform tickets in this window',
    );
  });

  it('explains a 403', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Unauthorized' },
          request: { method: 'GET', url: '/tickets' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ) as any,
    );
    renderPage(
      mockDoraApi({
        getTickets: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByTestId('dora-tickets-forbidden'),
    ).toHaveTextContent('dora.scorecards.read');
  });

  it('says when no SLA is configured', async () => {
    renderPage(
      mockDoraApi({
        getTickets: async () =>
          ticketsResponse({
            triageSlaSeconds: null,
            slaBreaches: { count: null, tickets: [] },
          }),
      }),
    );
    expect(
      await screen.findByTestId('dora-tickets-breaches-no-sla'),
    ).toHaveTextContent('goldpath.dora.tickets.triageSla');
    expect(screen.getByTestId('dora-tickets-sla-value')).toHaveTextContent('—');
  });
});
