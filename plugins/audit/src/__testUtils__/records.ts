import type {
  AuditRecord,
  AuditRecordsPage,
} from '@goldpath/plugin-audit-common';
import { AuditApi } from '../api';

export function auditRecord(
  id: string,
  extra: Partial<AuditRecord> = {},
): AuditRecord {
  return {
    id,
    occurredAt: '2026-11-30T10:05:00.000Z',
    actor: { type: 'user', ref: 'user:default/jane' },
    action: 'requests.request.approved',
    targetEntityRef: 'resource:default/orders-db',
    outcome: 'succeeded',
    correlationId: 'req-7',
    plugin: 'requests',
    ...extra,
  };
}

/**
 * An audit API answering pages by cursor (`''`: the first page), as jest
 * mocks so a test can check the calls.
 */
export function mockAuditApi(
  pages: Record<string, AuditRecordsPage> = {
    '': { items: [auditRecord('r1')] },
  },
  csv = 'id\r\n',
): jest.Mocked<AuditApi> {
  return {
    listRecords: jest.fn(async q => pages[q.cursor ?? ''] ?? { items: [] }),
    exportCsv: jest.fn(async (_filters: object) => ({ csv })),
  };
}
