import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuditApi, auditApiRef } from '../../api';
import { auditRecord, mockAuditApi } from '../../__testUtils__/records';
import { AuditLogContent, filtersOf } from './AuditLogContent';
import { AuditLogPage } from './AuditLogPage';

function renderLog(api: AuditApi, element = <AuditLogContent />) {
  return renderInTestApp(
    <TestApiProvider apis={[[auditApiRef, api]]}>{element}</TestApiProvider>,
  );
}

async function forbidden() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'Not allowed: audit.read' },
        request: { method: 'GET', url: '/api/audit/records' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

describe('AuditLogContent', () => {
  it('lists the records newest first with who, what, where and how it ended', async () => {
    const api = mockAuditApi({
      '': {
        items: [
          auditRecord('r2', {
            actor: { type: 'service', ref: 'plugin:dora' },
            action: 'dora.ingest.batch',
            targetEntityRef: undefined,
            outcome: 'failed',
            plugin: 'dora',
            occurredAt: '2026-11-30T11:00:00.000Z',
          }),
          auditRecord('r1'),
        ],
      },
    });
    await renderLog(api);

    const rows = await screen.findAllByTestId('audit-row');
    expect(rows.map(r => r.getAttribute('data-record-id'))).toEqual([
      'r2',
      'r1',
    ]);
    expect(within(rows[0]).getByTestId('audit-row-actor')).toHaveTextContent(
      'plugin:dora (service)',
    );
    expect(within(rows[0]).getByTestId('audit-row-outcome')).toHaveTextContent(
      'failed',
    );
    expect(
      within(rows[1]).getByText('2026-11-30 10:05:00 UTC'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('resource:default/orders-db'),
    ).toBeInTheDocument();
    expect(api.listRecords).toHaveBeenCalledWith({ limit: 50 });
  });

  it('applies the filters on submit, from the start of the first day to the end of the last (UTC)', async () => {
    const api = mockAuditApi();
    await renderLog(api);
    await screen.findAllByTestId('audit-row');

    await userEvent.type(screen.getByTestId('audit-filter-actor'), 'jane');
    await userEvent.type(
      screen.getByTestId('audit-filter-entity'),
      'resource:default/orders-db',
    );
    await userEvent.type(
      screen.getByTestId('audit-filter-action'),
      'requests.request',
    );
    await userEvent.type(
      screen.getByTestId('audit-filter-fromDate'),
      '2026-11-01',
    );
    await userEvent.type(
      screen.getByTestId('audit-filter-toDate'),
      '2026-11-30',
    );
    expect(api.listRecords).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByTestId('audit-apply'));

    await waitFor(() =>
      expect(api.listRecords).toHaveBeenLastCalledWith({
        actor: 'jane',
        entity: 'resource:default/orders-db',
        action: 'requests.request',
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
        limit: 50,
      }),
    );
  });

  it('exports CSV with the applied filters through the same API', async () => {
    const api = mockAuditApi(undefined, 'id\r\nr1\r\n');
    const onExport = jest.fn();
    await renderLog(api, <AuditLogContent onExport={onExport} />);
    await userEvent.type(
      await screen.findByTestId('audit-filter-action'),
      'dora',
    );
    await userEvent.click(screen.getByTestId('audit-apply'));
    await userEvent.click(screen.getByTestId('audit-export-csv'));
    await waitFor(() =>
      expect(onExport).toHaveBeenCalledWith(
        'audit-records.csv',
        'id\r\nr1\r\n',
      ),
    );
    expect(api.exportCsv).toHaveBeenLastCalledWith({ action: 'dora' });
  });

  it('pages older and back to newer with the API’s cursor', async () => {
    const api = mockAuditApi({
      '': {
        items: [auditRecord('p1-a'), auditRecord('p1-b')],
        nextCursor: 'c1',
      },
      c1: { items: [auditRecord('p2-a')], nextCursor: 'c2' },
      c2: { items: [auditRecord('p3-a')] },
    });
    await renderLog(api);
    const ids = async () =>
      (await screen.findAllByTestId('audit-row')).map(r =>
        r.getAttribute('data-record-id'),
      );
    expect(await ids()).toEqual(['p1-a', 'p1-b']);
    expect(screen.getByTestId('audit-previous-page')).toBeDisabled();

    await userEvent.click(screen.getByTestId('audit-next-page'));
    await waitFor(async () => expect(await ids()).toEqual(['p2-a']));
    await userEvent.click(screen.getByTestId('audit-next-page'));
    await waitFor(async () => expect(await ids()).toEqual(['p3-a']));
    expect(screen.getByTestId('audit-next-page')).toBeDisabled();

    await userEvent.click(screen.getByTestId('audit-previous-page'));
    await waitFor(async () => expect(await ids()).toEqual(['p2-a']));
    await userEvent.click(screen.getByTestId('audit-previous-page'));
    await waitFor(async () => expect(await ids()).toEqual(['p1-a', 'p1-b']));
    expect(api.listRecords.mock.calls.map(([q]) => q.cursor)).toEqual([
      undefined,
      'c1',
      'c2',
      'c1',
      undefined,
    ]);
  });

  it('says when nothing matches', async () => {
    await renderLog(mockAuditApi({ '': { items: [] } }));
    expect(await screen.findByTestId('audit-empty')).toHaveTextContent(
      'No audit records match these filters.',
    );
  });

  it('says when the user lacks audit.read, for the list and the export', async () => {
    const error = await forbidden();
    const denied: AuditApi = {
      listRecords: jest.fn(async () => {
        throw error;
      }),
      exportCsv: jest.fn(async () => {
        throw error;
      }),
    };
    await renderLog(denied);
    expect(await screen.findByTestId('audit-forbidden')).toHaveTextContent(
      'audit.read',
    );
    await userEvent.click(screen.getByTestId('audit-export-csv'));
    expect(await screen.findByTestId('audit-export-error')).toHaveTextContent(
      'You may not export the audit trail (permission audit.read).',
    );
  });
});

describe('filtersOf', () => {
  it('leaves empty fields out', () => {
    expect(
      filtersOf({
        actor: ' ',
        entity: '',
        action: '',
        fromDate: '',
        toDate: '',
      }),
    ).toEqual({});
  });
});

describe('AuditLogPage', () => {
  it('has the header "Audit log"', async () => {
    await renderLog(mockAuditApi(), <AuditLogPage />);
    expect(
      await screen.findByRole('heading', { name: 'Audit log' }),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('audit-log')).toBeInTheDocument();
  });
});
