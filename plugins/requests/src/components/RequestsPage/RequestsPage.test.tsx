import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RequestsApi, requestsApiRef } from '../../api';
import {
  fulfilledRequest,
  mockRequestsApi,
  pendingRequest,
} from '../../__testUtils__/requests';
import { RequestDetails, RequestsContent } from './RequestsContent';
import { RequestsPage } from './RequestsPage';

function render(api: RequestsApi, element = <RequestsContent />) {
  return renderInTestApp(
    <TestApiProvider apis={[[requestsApiRef, api]]}>{element}</TestApiProvider>,
  );
}

describe('RequestsContent', () => {
  it('lists my requests with status, cost and history, and cancels a pending one', async () => {
    const { api, calls } = mockRequestsApi({
      mine: [{ ...pendingRequest }, { ...fulfilledRequest }],
    });
    await render(api);
    const rows = await screen.findAllByTestId('request-row');
    expect(rows.map(r => r.getAttribute('data-status'))).toEqual([
      'pending',
      'fulfilled',
    ]);
    expect(within(rows[0]).getByTestId('request-status')).toHaveTextContent(
      'Pending approval',
    );
    expect(within(rows[0]).getByTestId('request-cost')).toHaveTextContent(
      '€25.00 / month',
    );
    expect(within(rows[1]).getByTestId('request-cost')).toHaveTextContent(
      'Not stated by the contract',
    );
    expect(within(rows[1]).getByTestId('request-decision')).toHaveTextContent(
      'Approved by user:default/carol at 2026-03-02 10:00 UTC: Fine',
    );
    expect(within(rows[1]).queryByTestId('request-cancel')).toBeNull();

    await userEvent.click(
      within(rows[1]).getByTestId('request-history-toggle'),
    );
    const entries = await within(rows[1]).findAllByTestId(
      'request-history-entry',
    );
    expect(entries.map(e => e.textContent)).toEqual([
      '2026-03-02 09:00 UTC: Pending approval by user:default/ada',
      '2026-03-02 10:00 UTC: Pending approval → Approved by user:default/carol — Fine',
      '2026-03-02 10:00 UTC: Approved → Fulfilling by plugin:requests',
      '2026-03-02 10:00 UTC: Fulfilling → Fulfilled by plugin:requests',
    ]);

    await userEvent.click(within(rows[0]).getByTestId('request-cancel'));
    await userEvent.type(
      screen.getByTestId('request-decision-reason'),
      'Not needed',
    );
    await userEvent.click(screen.getByTestId('request-decision-confirm'));
    await waitFor(() =>
      expect(screen.getAllByTestId('request-row')[0]).toHaveAttribute(
        'data-status',
        'cancelled',
      ),
    );
    expect(calls).toEqual([`cancel ${pendingRequest.id} Not needed`]);
  });

  it('approves and rejects (with a required reason) on the to-approve tab', async () => {
    const second = {
      ...pendingRequest,
      id: '00000000-0000-4000-8000-000000000003',
      title: 'Second',
    };
    const { api, calls } = mockRequestsApi({
      toApprove: [{ ...pendingRequest }, second],
    });
    await render(api);
    await userEvent.click(await screen.findByTestId('requests-tab-to-approve'));
    const rows = await screen.findAllByTestId('request-row');
    expect(rows).toHaveLength(2);

    await userEvent.click(within(rows[0]).getByTestId('request-approve'));
    await userEvent.click(screen.getByTestId('request-decision-confirm'));
    await waitFor(() =>
      expect(screen.getAllByTestId('request-row')).toHaveLength(1),
    );

    await userEvent.click(
      within(screen.getByTestId('request-row')).getByTestId('request-reject'),
    );
    expect(screen.getByTestId('request-decision-confirm')).toBeDisabled();
    await userEvent.type(
      screen.getByTestId('request-decision-reason'),
      'Use the replica',
    );
    await userEvent.click(screen.getByTestId('request-decision-confirm'));
    expect(
      await screen.findByTestId('requests-empty-to-approve'),
    ).toBeInTheDocument();
    expect(calls).toEqual([
      `approve ${pendingRequest.id}`,
      `reject ${second.id} Use the replica`,
    ]);
  });

  it('shows the backend’s answer when a decision is refused', async () => {
    const { api } = mockRequestsApi({ toApprove: [{ ...pendingRequest }] });
    api.approve = async () => {
      throw Object.assign(
        new Error(
          'already decided: approved by user:default/erin at 2026-03-02T10:00:00.000Z',
        ),
        {
          name: 'ConflictError',
        },
      );
    };
    await render(api);
    await userEvent.click(await screen.findByTestId('requests-tab-to-approve'));
    await userEvent.click(await screen.findByTestId('request-approve'));
    await userEvent.click(screen.getByTestId('request-decision-confirm'));
    expect(
      await screen.findByTestId('request-decision-error'),
    ).toHaveTextContent('already decided: approved by user:default/erin');
  });

  it('says when there is nothing', async () => {
    await render(mockRequestsApi().api);
    expect(
      await screen.findByTestId('requests-empty-mine'),
    ).toBeInTheDocument();
  });

  it('shows a load error with a retry that loads again', async () => {
    const { api } = mockRequestsApi({ mine: [{ ...pendingRequest }] });
    const listMine = api.listMine.bind(api);
    let loads = 0;
    api.listMine = async () => {
      loads += 1;
      if (loads === 1) throw new Error('backend down');
      return listMine();
    };
    await render(api);
    const error = await screen.findByTestId('requests-error');
    expect(error).toHaveTextContent('backend down');

    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('request-row')).toHaveAttribute(
      'data-status',
      'pending',
    );
    expect(loads).toBe(2);
    expect(screen.queryByTestId('requests-error')).toBeNull();
  });

  it('shows one request with its history', async () => {
    await render(
      mockRequestsApi({ mine: [{ ...fulfilledRequest }] }).api,
      <RequestDetails id={fulfilledRequest.id} />,
    );
    const details = await screen.findByTestId('request-details');
    expect(details).toHaveAttribute('data-status', 'fulfilled');
    expect(
      within(details).getAllByTestId('request-history-entry'),
    ).toHaveLength(4);
  });

  it('is a page with a header in the legacy system', async () => {
    await render(mockRequestsApi().api, <RequestsPage />);
    expect(
      await screen.findByRole('heading', { name: 'Requests' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'My requests' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'To approve' })).toBeInTheDocument();
  });
});
