import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ParsedPolicyReport,
  PolicyIngestResponse,
  PolicyReportFormat,
  PolicyReportInputError,
  PolicyResult,
  parsePolicyReports,
} from '@goldpath/plugin-policy-common';
import { randomUUID } from 'node:crypto';
import {
  MappingTarget,
  PolicyStore,
  UnmappedRow,
} from '../database/PolicyStore';
import { AuditRecorder } from './AuditRecorder';
import { CatalogIndex } from './CatalogIndex';
import { PayloadTooLargeError } from './errors';
import { PolicyCatalog } from './PolicyCatalog';

/** A report that claims to have run later than this after receipt is taken as received now. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** A catalog snapshot older than this is read again when a result maps nowhere. */
const MISS_REFRESH_MS = 5_000;
/** Most entries of `skipped` in a response. */
const MAX_SKIPPED = 100;

/** Options of one ingestion: the query parameters of `POST /reports`. */
export interface IngestOptions {
  source: string;
  format?: PolicyReportFormat;
  /** A full, lower-case entity ref: every result is about it. */
  entityRef?: string;
  repository?: string;
  receivedAt?: Date;
}

interface Group {
  results: PolicyResult[];
  auditedAt: number;
  format: PolicyReportFormat;
  producer?: string;
}

/**
 * Parses, maps and stores policy reports: the one path every producer (REST,
 * report sources) goes through. A request is one transaction.
 */
export class IngestionService {
  static create(options: {
    store: PolicyStore;
    catalog: PolicyCatalog;
    recorder: AuditRecorder;
    logger: LoggerService;
    maxResults: number;
    now?: () => number;
  }): IngestionService {
    return new IngestionService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof IngestionService.create>[0],
  ) {}

  async ingest(
    body: string,
    options: IngestOptions,
  ): Promise<PolicyIngestResponse> {
    const { store, recorder, logger } = this.options;
    const now = () => this.options.now?.() ?? Date.now();
    const receivedAt = options.receivedAt?.getTime() ?? now();
    let reports: ParsedPolicyReport[];
    try {
      reports = parsePolicyReports({ body, format: options.format });
    } catch (e) {
      if (
        e instanceof PolicyReportInputError ||
        (e as Error)?.name === 'PolicyReportInputError'
      ) {
        throw new InputError(`Invalid policy report: ${(e as Error).message}`);
      }
      throw e;
    }
    const total = reports.reduce((n, r) => n + r.results.length, 0);
    if (total > this.options.maxResults) {
      throw new PayloadTooLargeError(
        `The request holds ${total} results; at most ${this.options.maxResults} are accepted per request (goldpath.policy.ingestion.maxResults)`,
      );
    }
    const skipped: string[] = reports.flatMap((r, i) =>
      r.skipped.map(s => `${labelOf(r, i)}: ${s}`),
    );
    if (reports.length === 0) {
      skipped.push(
        'the body holds no report (an empty List): nothing was stored',
      );
    }

    // Mapping needs the catalog; with ?entity= only the bundles do, so a
    // catalog that cannot be read then costs the bundle severities only.
    let index: CatalogIndex | undefined = options.entityRef
      ? await this.options.catalog.tryGet()
      : await this.options.catalog.get();

    const auditedAtOf = (report: ParsedPolicyReport) => {
      const t = report.auditedAt ? Date.parse(report.auditedAt) : NaN;
      return Number.isFinite(t) && t <= receivedAt + MAX_FUTURE_SKEW_MS
        ? t
        : receivedAt;
    };
    const groups = new Map<string, Group>();
    const addTo = (entityRef: string, report: ParsedPolicyReport) => {
      let group = groups.get(entityRef);
      if (!group) {
        group = {
          results: [],
          auditedAt: auditedAtOf(report),
          format: report.format,
          ...(report.producer ? { producer: report.producer } : {}),
        };
        groups.set(entityRef, group);
      }
      group.auditedAt = Math.max(group.auditedAt, auditedAtOf(report));
      return group;
    };
    type Pending = {
      report: ParsedPolicyReport;
      result?: PolicyResult;
      target: MappingTarget;
      label: string;
    };
    let pending: Pending[] = [];
    reports.forEach((report, i) => {
      if (report.results.length === 0 && report.skipped.length > 0) {
        // Every result was unusable: that is no audit, and surely no pass.
        skipped.push(
          `${labelOf(report, i)}: no usable result (all ${
            report.skipped.length
          } left out); nothing stored for it`,
        );
        return;
      }
      const targets: Pending[] = report.results.length
        ? report.results.map(result => ({
            report,
            result,
            label: labelOf(report, i),
            target: {
              ...(result.resource ?? report.scope
                ? { resource: result.resource ?? report.scope }
                : {}),
              ...(options.repository ?? result.repository
                ? { repository: options.repository ?? result.repository }
                : {}),
            },
          }))
        : // A report without results still says "nothing open" about what it covers.
          [
            {
              report,
              label: labelOf(report, i),
              target: {
                ...(report.scope ? { resource: report.scope } : {}),
                ...(options.repository
                  ? { repository: options.repository }
                  : {}),
              },
            },
          ];
      pending.push(...targets);
    });

    const place = (items: Pending[]) => {
      const left: Pending[] = [];
      for (const item of items) {
        const entityRef = options.entityRef ?? index?.mapTarget(item.target);
        if (!entityRef) {
          left.push(item);
          continue;
        }
        const group = addTo(entityRef, item.report);
        if (item.result) group.results.push(item.result);
      }
      return left;
    };
    pending = place(pending);
    if (
      pending.length &&
      index &&
      Date.now() - index.loadedAt > MISS_REFRESH_MS
    ) {
      index = await this.options.catalog.get({ maxAgeMillis: MISS_REFRESH_MS });
      pending = place(pending);
    }
    const ingestId = randomUUID();
    const unmapped: Omit<UnmappedRow, 'id'>[] = [];
    for (const item of pending) {
      if (!item.result) {
        skipped.push(
          `${item.label}: no results, and nothing names the entity it is about (pass ?entity=)`,
        );
        continue;
      }
      unmapped.push({
        ingestId,
        source: options.source,
        format: item.report.format,
        ...(item.report.producer ? { producer: item.report.producer } : {}),
        auditedAt: auditedAtOf(item.report),
        receivedAt,
        target: item.target,
        result: item.result,
      });
    }

    const changed: string[] = [];
    const context = { bundles: index?.bundles ?? new Map(), now: now() };
    await store.transaction(async tx => {
      // Entities in sorted order: concurrent requests lock in the same order.
      for (const entityRef of [...groups.keys()].sort()) {
        const group = groups.get(entityRef)!;
        const before = await tx.lockEntity(entityRef);
        const outcome = await recorder.record(
          tx,
          {
            entityRef,
            source: options.source,
            format: group.format,
            ...(group.producer ? { producer: group.producer } : {}),
            ingestId,
            auditedAt: group.auditedAt,
            receivedAt,
            results: group.results,
          },
          context,
        );
        if (outcome === 'stored') changed.push(entityRef);
        if (outcome === 'stale') {
          skipped.push(
            `${entityRef}: the report (${new Date(
              group.auditedAt,
            ).toISOString()}) is older than the latest audit of ${
              options.source
            }; not stored`,
          );
        }
        await recorder.refreshSummary(tx, entityRef, before, context);
      }
      await tx.insertUnmapped(unmapped);
    });

    if (changed.length) {
      const note = unmapped.length
        ? `; ${unmapped.length} results unmapped`
        : '';
      logger.info(
        `Stored policy audits of ${options.source} for ${changed.length} entities${note}`,
      );
    }
    return {
      reports: reports.length,
      results: total,
      entities: changed,
      unmapped: unmapped.length,
      skipped:
        skipped.length > MAX_SKIPPED
          ? [
              ...skipped.slice(0, MAX_SKIPPED),
              `… and ${skipped.length - MAX_SKIPPED} more`,
            ]
          : skipped,
    };
  }
}

function labelOf(report: ParsedPolicyReport, index: number): string {
  const name = report.reportName
    ? `${report.reportNamespace ? `${report.reportNamespace}/` : ''}${
        report.reportName
      }`
    : undefined;
  return `report ${index + 1}${name ? ` (${name})` : ''}`;
}
