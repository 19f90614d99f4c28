import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import requestsPlugin from './alpha';
import { fulfilledRequest, pendingRequest } from './__testUtils__/requests';

describe('requests plugin (new frontend system)', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('is the requests plugin with its api and page', () => {
    expect(requestsPlugin.id).toBe('requests');
    expect(requestsPlugin.getExtension('api:requests')).toBeDefined();
    expect(requestsPlugin.getExtension('page:requests')).toBeDefined();
  });

  it('shows /requests from the backend, in the nav, and approves through RequestsClient', async () => {
    const seen: string[] = [];
    let decided = false;
    server.use(
      http.get('http://example.com/api/requests/requests', ({ request }) => {
        const view = new URL(request.url).searchParams.get('view');
        seen.push(`GET ${view}`);
        let items = decided ? [] : [pendingRequest];
        if (view === 'mine') items = [fulfilledRequest];
        return HttpResponse.json({ items });
      }),
      http.post(
        'http://example.com/api/requests/requests/:id/approve',
        async ({ request, params }) => {
          seen.push(
            `POST approve ${params.id} ${JSON.stringify(await request.json())}`,
          );
          decided = true;
          return HttpResponse.json({ ...pendingRequest, status: 'fulfilled' });
        },
      ),
    );
    renderTestApp({
      features: [requestsPlugin],
      apis: [mockApis.discovery()],
      initialRouteEntries: ['/requests'],
    });

    const nav = await screen.findByRole('navigation', { name: 'sidebar nav' });
    expect(
      await within(nav).findByRole('link', { name: 'Requests' }),
    ).toHaveAttribute('href', '/requests');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Requests' }),
    ).toBeInTheDocument();
    const mine = await screen.findByTestId('request-row');
    expect(mine).toHaveAttribute('data-status', 'fulfilled');

    await userEvent.click(screen.getByTestId('requests-tab-to-approve'));
    await userEvent.click(await screen.findByTestId('request-approve'));
    await userEvent.type(screen.getByTestId('request-decision-reason'), 'ok');
    await userEvent.click(screen.getByTestId('request-decision-confirm'));
    expect(
      await screen.findByTestId('requests-empty-to-approve'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(seen).toEqual([
        'GET mine',
        'GET to-approve',
        `POST approve ${pendingRequest.id} {"reason":"ok"}`,
        'GET to-approve',
      ]),
    );
  });

  it('opens one request at /requests/:id, the notifications’ link', async () => {
    server.use(
      http.get('http://example.com/api/requests/requests/:id', ({ params }) =>
        HttpResponse.json({ ...fulfilledRequest, id: params.id }),
      ),
    );
    renderTestApp({
      features: [requestsPlugin],
      apis: [mockApis.discovery()],
      initialRouteEntries: [`/requests/${fulfilledRequest.id}`],
    });
    const details = await screen.findByTestId('request-details');
    expect(details).toHaveAttribute('data-request-id', fulfilledRequest.id);
    expect(
      within(details).getAllByTestId('request-history-entry'),
    ).toHaveLength(4);
  });
});
