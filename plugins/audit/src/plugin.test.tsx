import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { mockAuditApi } from './__testUtils__/records';
import {
  AuditClient,
  AuditLogPage,
  auditApiRef,
  auditPlugin,
  rootRouteRef,
} from '.';

describe('audit plugin (legacy frontend system)', () => {
  it('is the audit plugin, provides the audit api and its root route', () => {
    expect(auditPlugin.getId()).toBe('audit');
    const apis = [...auditPlugin.getApis()];
    expect(apis.map(f => f.api.id)).toEqual(['plugin.goldpath.audit']);
    expect(
      apis[0].factory({
        discoveryApi: { getBaseUrl: async () => '' },
        fetchApi: { fetch },
      }),
    ).toBeInstanceOf(AuditClient);
    expect(auditPlugin.routes.root).toBe(rootRouteRef);
  });

  it('renders the audit log page', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[auditApiRef, mockAuditApi()]]}>
        <Routes>
          <Route path="/audit" element={<AuditLogPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/audit'], mountedRoutes: { '/audit': rootRouteRef } },
    );
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Audit log' }),
    ).toBeInTheDocument();
    expect(await screen.findAllByTestId('audit-row')).toHaveLength(1);
  });
});
