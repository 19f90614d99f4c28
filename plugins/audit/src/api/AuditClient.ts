import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditRecordsPage,
  auditQueryToSearchParams,
} from '@goldpath/plugin-audit-common';
import { AuditApi, AuditCsvExport, AuditLogFilters } from './AuditApi';

/**
 * The default {@link AuditApi}: talks HTTP to the `audit` backend plugin.
 *
 * @public
 */
export class AuditClient implements AuditApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listRecords(
    filters: AuditLogFilters & { cursor?: string; limit?: number },
  ): Promise<AuditRecordsPage> {
    const response = await this.get('records', filters);
    return (await response.json()) as AuditRecordsPage;
  }

  async exportCsv(
    filters: AuditLogFilters & { cursor?: string },
  ): Promise<AuditCsvExport> {
    const response = await this.get('records.csv', filters);
    const nextCursor = response.headers.get('Audit-Next-Cursor');
    return {
      csv: await response.text(),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  private async get(
    path: string,
    query: AuditLogFilters & { cursor?: string; limit?: number },
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('audit');
    const search = auditQueryToSearchParams(query).toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}/${path}${search ? `?${search}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
