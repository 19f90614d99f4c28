import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { auditRecord } from '../__testUtils__/records';
import { AuditClient } from './AuditClient';

const baseUrl = 'http://backstage.test/api/audit';

describe('AuditClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const client = new AuditClient({
    discoveryApi,
    fetchApi: new MockFetchApi(),
  });

  it('lists records with the filters as the query', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(`${baseUrl}/records`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json({
          items: [auditRecord('r1')],
          nextCursor: 'c',
        });
      }),
    );
    const page = await client.listRecords({
      actor: 'user:default/jane',
      action: 'requests',
      entity: '',
      cursor: 'abc',
      limit: 20,
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('audit');
    expect(urls.map(u => u.search)).toEqual([
      '?actor=user%3Adefault%2Fjane&action=requests&cursor=abc&limit=20',
    ]);
    expect(page).toEqual({ items: [auditRecord('r1')], nextCursor: 'c' });
  });

  it('exports CSV, with the cursor that continues a cut export', async () => {
    server.use(
      http.get(
        `${baseUrl}/records.csv`,
        () =>
          new HttpResponse('id\r\nr1\r\n', {
            headers: {
              'Content-Type': 'text/csv; charset=utf-8',
              'Audit-Next-Cursor': 'next',
            },
          }),
      ),
    );
    await expect(client.exportCsv({ action: 'dora' })).resolves.toEqual({
      csv: 'id\r\nr1\r\n',
      nextCursor: 'next',
    });
  });

  it('rejects with a ResponseError carrying the backend’s 403', async () => {
    server.use(
      http.get(`${baseUrl}/records`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed: audit.read',
            },
            request: { method: 'GET', url: '/api/audit/records' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client.listRecords({}).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
  });
});
