import { renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import auditPlugin, { auditApiRef } from './alpha';
import { auditLogPage } from './alpha/pages';
import { mockAuditApi } from './__testUtils__/records';

describe('audit plugin (new frontend system)', () => {
  it('is the audit plugin, with the extensions the README documents', () => {
    expect(auditPlugin.id).toBe('audit');
    for (const id of ['api:audit', 'page:audit'] as const) {
      expect(auditPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('mounts the audit log page at /audit', async () => {
    const api = mockAuditApi();
    renderTestApp({
      extensions: [auditLogPage],
      apis: [[auditApiRef, api]],
      initialRouteEntries: ['/audit'],
    });
    expect(await screen.findByTestId('audit-log')).toBeInTheDocument();
    expect(await screen.findAllByTestId('audit-row')).toHaveLength(1);
    expect(api.listRecords).toHaveBeenCalled();
  });
});
