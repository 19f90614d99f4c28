import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  PolicyIngestResponse,
  PolicyReportFormat,
} from '@goldpath/plugin-policy-common';

/**
 * Options of one upload through a {@link PolicyReportSink}: the same as the
 * query parameters of `POST /api/policy/reports`.
 *
 * @public
 */
export interface PolicyReportIngestOptions {
  /** The cluster or pipeline that produced the report, e.g. `prod-eu`. Required. */
  source: string;
  /** The report's format; detected from the body when absent. */
  format?: PolicyReportFormat;
  /**
   * The entity every result is about (`component:default/checkout`), as
   * `?entity=` does for a CI preflight. Without it, results are mapped
   * through the catalog's annotations.
   */
  entityRef?: string;
  /** The repository (`owner/name` or a URL) file results belong to, as `?repository=`. */
  repository?: string;
  /** When the report was received; the audit time when the report has none. Default: now. */
  receivedAt?: Date;
}

/**
 * Where report sources hand policy reports to the policy plugin. A report is
 * parsed, mapped to entities and stored exactly as `POST /api/policy/reports`
 * does it, in one transaction; bad reports throw an `InputError`.
 *
 * @public
 */
export interface PolicyReportSink {
  ingest(
    body: string,
    options: PolicyReportIngestOptions,
  ): Promise<PolicyIngestResponse>;
}

/**
 * A producer of policy reports inside the backend (a demo loader, a poller
 * of a cluster's PolicyReports). Connected once the store is ready, at
 * backend start.
 *
 * @public
 */
export interface PolicyReportSource {
  /** A short id used in logs, e.g. `demo-data`. */
  readonly id: string;
  connect(sink: PolicyReportSink): Promise<void>;
}

/**
 * Lets modules add report sources to the policy plugin.
 *
 * @public
 */
export interface PolicyReportSourcesExtensionPoint {
  addReportSource(...sources: PolicyReportSource[]): void;
}

/**
 * Extension point `policy.report-sources`.
 *
 * @public
 */
export const policyReportSourcesExtensionPoint =
  createExtensionPoint<PolicyReportSourcesExtensionPoint>({
    id: 'policy.report-sources',
  });
