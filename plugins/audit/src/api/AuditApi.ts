import { createApiRef } from '@backstage/core-plugin-api';
import type { AuditRecordsPage } from '@goldpath/plugin-audit-common';

/**
 * The filters of the audit log, as the API's query takes them. `actor` is a
 * user entity ref (`user:default/jane`, or just `jane`) or a service subject
 * (`plugin:dora`); `action` matches the action and every action below it;
 * `from` (inclusive) and `to` (exclusive) are ISO 8601 timestamps.
 *
 * @public
 */
export interface AuditLogFilters {
  actor?: string;
  entity?: string;
  action?: string;
  from?: string;
  to?: string;
}

/**
 * One CSV export: the document and, when the export was cut at the backend's
 * row limit, the cursor that continues it.
 *
 * @public
 */
export interface AuditCsvExport {
  csv: string;
  nextCursor?: string;
}

/**
 * Reads the audit trail from the Goldpath audit backend (`/api/audit`).
 * Every call rejects with a `ResponseError` on a non-2xx answer; a 403 means
 * the user lacks `audit.read`.
 *
 * @public
 */
export interface AuditApi {
  /** One page of records, newest first (`GET /records`). */
  listRecords(
    filters: AuditLogFilters & { cursor?: string; limit?: number },
  ): Promise<AuditRecordsPage>;
  /** The records the filters match as CSV (`GET /records.csv`). */
  exportCsv(
    filters: AuditLogFilters & { cursor?: string },
  ): Promise<AuditCsvExport>;
}

/**
 * The audit API.
 *
 * @public
 */
export const auditApiRef = createApiRef<AuditApi>({
  id: 'plugin.goldpath.audit',
});
