import { LoggerService } from '@backstage/backend-plugin-api';
import { PolicyUnmappedResponse } from '@goldpath/plugin-policy-common';
import { PolicyStore, UnmappedRow } from '../database/PolicyStore';
import { AuditRecorder } from './AuditRecorder';
import { compareText } from './evaluate';
import { PolicyCatalog } from './PolicyCatalog';

/** Unmapped rows read per page. */
const PAGE = 500;
/** Pages per run: a run looks at up to 20,000 rows, the next run at the rest. */
const MAX_PAGES = 40;
/** The catalog snapshot a run maps with is at most this old. */
const MAX_CATALOG_AGE_MS = 5_000;

/**
 * Attaches unmapped results to their entity once the catalog claims them
 * (an entity gains `backstage.io/kubernetes-id`, a label selector or a
 * repository annotation), as the audit of their source at their time: a
 * result of the request that made the current audit joins it; one older than
 * the current audit is dropped (a newer audit superseded it).
 */
export class AttachmentService {
  static create(options: {
    store: PolicyStore;
    catalog: PolicyCatalog;
    recorder: AuditRecorder;
    logger: LoggerService;
    now?: () => number;
  }): AttachmentService {
    return new AttachmentService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof AttachmentService.create>[0],
  ) {}

  /** The most recent unmapped results (at most `limit`) and how many there are. */
  async list(limit: number): Promise<PolicyUnmappedResponse> {
    const { store } = this.options;
    const [total, rows] = await Promise.all([
      store.countUnmapped(),
      store.listRecentUnmapped(limit),
    ]);
    return {
      total,
      items: rows.map(r => {
        const resource = r.result.resource ?? r.target.resource;
        const repository = r.target.repository ?? r.result.repository;
        return {
          id: String(r.id),
          source: r.source,
          format: r.format,
          ...(r.producer ? { producer: r.producer } : {}),
          policy: r.result.policy,
          ...(r.result.rule ? { rule: r.result.rule } : {}),
          status: r.result.status,
          ...(r.result.severity ? { severity: r.result.severity } : {}),
          ...(r.result.message ? { message: r.result.message } : {}),
          ...(resource ? { resource } : {}),
          ...(r.result.file ? { file: r.result.file } : {}),
          ...(repository ? { repository } : {}),
          auditedAt: new Date(r.auditedAt).toISOString(),
          receivedAt: new Date(r.receivedAt).toISOString(),
        };
      }),
    };
  }

  /** Maps every waiting result against the current catalog. */
  async attach(): Promise<{
    attached: number;
    dropped: number;
    entities: string[];
  }> {
    const { store, recorder, logger } = this.options;
    const index = await this.options.catalog.get({
      maxAgeMillis: MAX_CATALOG_AGE_MS,
    });
    const groups = new Map<
      string,
      { entityRef: string; rows: UnmappedRow[] }
    >();
    let afterId: number | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await store.listUnmapped({ afterId, limit: PAGE });
      for (const row of rows) {
        const entityRef = index.mapTarget(row.target);
        if (!entityRef) continue;
        const key = `${row.ingestId}\u0000${entityRef}\u0000${row.source}`;
        const group = groups.get(key) ?? { entityRef, rows: [] };
        group.rows.push(row);
        groups.set(key, group);
      }
      if (rows.length < PAGE) break;
      afterId = rows[rows.length - 1].id;
    }

    let attached = 0;
    let dropped = 0;
    const entities = new Set<string>();
    // Older audits first, so each becomes the current one in turn.
    const ordered = [...groups.values()]
      .map(g => ({
        ...g,
        auditedAt: Math.max(...g.rows.map(r => r.auditedAt)),
      }))
      .sort(
        (a, b) =>
          a.auditedAt - b.auditedAt || compareText(a.entityRef, b.entityRef),
      );
    for (const group of ordered) {
      const [first] = group.rows;
      const context = {
        bundles: index.bundles,
        now: this.options.now?.() ?? Date.now(),
        attach: true,
      };
      const outcome = await store.transaction(async tx => {
        const before = await tx.lockEntity(group.entityRef);
        const result = await recorder.record(
          tx,
          {
            entityRef: group.entityRef,
            source: first.source,
            format: first.format,
            ...(first.producer ? { producer: first.producer } : {}),
            ingestId: first.ingestId,
            auditedAt: group.auditedAt,
            receivedAt: Math.max(...group.rows.map(r => r.receivedAt)),
            results: group.rows.map(r => r.result),
          },
          context,
        );
        await tx.deleteUnmapped(group.rows.map(r => r.id));
        await recorder.refreshSummary(tx, group.entityRef, before, context);
        return result;
      });
      if (outcome === 'stale') {
        dropped += group.rows.length;
      } else {
        attached += group.rows.length;
        entities.add(group.entityRef);
      }
    }
    if (attached + dropped > 0) {
      logger.info(
        `Unmapped policy results: ${attached} attached to ${entities.size} entities, ${dropped} dropped (a newer audit superseded them)`,
      );
    }
    return { attached, dropped, entities: [...entities].sort() };
  }
}
