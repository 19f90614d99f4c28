import { InputError } from '@backstage/errors';
import { PolicyReportSink } from '@goldpath/plugin-policy-node';
import { normalizeRepository } from './CatalogIndex';
import { PayloadTooLargeError } from './errors';
import { IngestionService } from './IngestionService';
import { SOURCE_PATTERN } from './routes/reports';
import { normalizeEntityRef } from './validation';

/**
 * The sink handed to report sources: the same checks as the query of
 * `POST /reports`, then the same ingestion.
 */
export function createReportSink(options: {
  ingestion: IngestionService;
  maxBodyBytes: number;
}): PolicyReportSink {
  const { ingestion, maxBodyBytes } = options;
  return {
    async ingest(body, opts) {
      if (
        typeof opts?.source !== 'string' ||
        !SOURCE_PATTERN.test(opts.source)
      ) {
        throw new InputError(
          `Invalid source ${JSON.stringify(
            opts?.source,
          )}: name the cluster or pipeline that produced the report (1 to 128 letters, digits or . _ : / @ -)`,
        );
      }
      let entityRef: string | undefined;
      if (opts.entityRef !== undefined) {
        entityRef = normalizeEntityRef(opts.entityRef);
        if (!entityRef) {
          throw new InputError(`Invalid entity ref ${opts.entityRef}`);
        }
      }
      if (
        opts.repository !== undefined &&
        normalizeRepository(opts.repository) === undefined
      ) {
        throw new InputError(
          `Invalid repository ${opts.repository}: expected owner/name or its URL`,
        );
      }
      if (Buffer.byteLength(body, 'utf8') > maxBodyBytes) {
        throw new PayloadTooLargeError(
          `The report is larger than goldpath.policy.ingestion.maxBodyBytes (${maxBodyBytes} bytes)`,
        );
      }
      return ingestion.ingest(body, {
        source: opts.source,
        ...(opts.format ? { format: opts.format } : {}),
        ...(entityRef ? { entityRef } : {}),
        ...(opts.repository ? { repository: opts.repository } : {}),
        ...(opts.receivedAt ? { receivedAt: opts.receivedAt } : {}),
      });
    },
  };
}
