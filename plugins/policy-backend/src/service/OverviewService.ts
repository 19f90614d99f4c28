import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PolicyOverviewResponse,
  PolicyResult,
  PolicySeverity,
  applyWaivers,
  severityRank,
} from '@goldpath/plugin-policy-common';
import { emptySeverityCounts } from '@goldpath/plugin-policy-common';
import {
  FindingRow,
  PolicyStore,
  SeverityCounts,
} from '../database/PolicyStore';
import { Bundles, compareText, waiverLike } from './evaluate';
import { PolicyCatalog } from './PolicyCatalog';
import { toViolation } from './StateService';
import { stringifyEntityRef } from '@backstage/catalog-model';

/** Refs per visibility check. */
const VISIBILITY_CHUNK = 200;
/** Findings read per page while looking for the oldest visible ones. */
const FINDINGS_PAGE = 200;
/** At most this many findings are looked at for the oldest-open list. */
const MAX_FINDINGS_SCANNED = 20_000;
/** Active waivers considered (the newest expiring last are kept). */
const MAX_WAIVERS = 10_000;

const SEVERITY_KEYS = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
  'unknown',
] as const;

/** Worse first: more critical, then more high, ... */
function compareSeverityCounts(a: SeverityCounts, b: SeverityCounts): number {
  for (const key of SEVERITY_KEYS) {
    if (a[key] !== b[key]) return b[key] - a[key];
  }
  return 0;
}

const total = (c: SeverityCounts) =>
  SEVERITY_KEYS.reduce((n, k) => n + (c[k] ?? 0), 0);

/**
 * The platform team's view over every entity with a policy state that the
 * requesting user may see in the catalog.
 */
export class OverviewService {
  static create(options: {
    store: PolicyStore;
    policyCatalog: PolicyCatalog;
    catalog: CatalogService;
    now?: () => number;
  }): OverviewService {
    return new OverviewService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof OverviewService.create>[0],
  ) {}

  /** The entity refs of `refs` that `credentials` may see in the catalog. */
  async visible(
    refs: readonly string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < refs.length; i += VISIBILITY_CHUNK) {
      const part = refs.slice(i, i + VISIBILITY_CHUNK);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        {
          entityRefs: part,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      for (const entity of items) {
        if (entity) {
          out.add(stringifyEntityRef(entity).toLocaleLowerCase('en-US'));
        }
      }
    }
    return out;
  }

  async getOverview(options: {
    credentials: BackstageCredentials;
    limit: number;
  }): Promise<PolicyOverviewResponse> {
    const { store } = this.options;
    const now = this.options.now?.() ?? Date.now();
    const limit = options.limit;
    const summaries = await store.listSummaries();
    const visible = await this.visible(
      summaries.map(s => s.entityRef).sort(),
      options.credentials,
    );
    const bundles: Bundles =
      (await this.options.policyCatalog.tryGet())?.bundles ?? new Map();

    const entities = { total: 0, pass: 0, warn: 0, fail: 0 };
    const violationsBySeverity = emptySeverityCounts();
    let excepted = 0;
    const offenders: PolicyOverviewResponse['worstOffenders'] = [];
    for (const s of summaries) {
      if (!visible.has(s.entityRef) || !s.status) continue;
      entities.total += 1;
      entities[s.status] += 1;
      excepted += s.excepted;
      const counts = s.violationsBySeverity ?? emptySeverityCounts();
      for (const key of SEVERITY_KEYS) violationsBySeverity[key] += counts[key];
      if (total(counts) > 0) {
        offenders.push({
          entityRef: s.entityRef,
          status: s.status,
          violationsBySeverity: counts,
          lastAudit: new Date(s.lastAuditAt ?? 0).toISOString(),
        });
      }
    }
    offenders.sort(
      (a, b) =>
        compareSeverityCounts(a.violationsBySeverity, b.violationsBySeverity) ||
        compareText(a.entityRef, b.entityRef),
    );

    // Waivers apply at read time: findings they cover are not open.
    const waivers = await store.listActiveWaivers(now, MAX_WAIVERS);
    const waiversByEntity = new Map<string, typeof waivers>();
    for (const w of waivers) {
      waiversByEntity.set(w.entityRef, [
        ...(waiversByEntity.get(w.entityRef) ?? []),
        w,
      ]);
    }
    const isWaived = (f: FindingRow) => {
      const own = waiversByEntity.get(f.entityRef);
      if (!own) return false;
      const result: PolicyResult = {
        policy: f.policy,
        ...(f.rule !== undefined ? { rule: f.rule } : {}),
        status: f.status,
        ...(f.resource ? { resource: f.resource } : {}),
        ...(f.file !== undefined ? { file: f.file } : {}),
      };
      const [applied] = applyWaivers([result], own.map(waiverLike), {
        source: f.source,
        now: new Date(now),
      });
      return applied.exception !== undefined;
    };

    const oldestOpen: PolicyOverviewResponse['oldestOpen'] = [];
    const lastAudits = new Map<string, number>();
    for (
      let offset = 0;
      oldestOpen.length < limit && offset < MAX_FINDINGS_SCANNED;
      offset += FINDINGS_PAGE
    ) {
      const page = await store.listOldestFindings({
        offset,
        limit: FINDINGS_PAGE,
      });
      for (const f of page) {
        if (oldestOpen.length >= limit) break;
        if (!visible.has(f.entityRef) || isWaived(f)) continue;
        const sourceKey = `${f.entityRef}\u0000${f.source}`;
        if (!lastAudits.has(sourceKey)) {
          const state = await store.getSource(f.entityRef, f.source);
          lastAudits.set(sourceKey, state?.lastAuditAt ?? f.firstSeen);
        }
        oldestOpen.push({
          ...toViolation(
            f.source,
            {
              key: f.key,
              policy: f.policy,
              ...(f.rule !== undefined ? { rule: f.rule } : {}),
              status: f.status,
              ...(f.severity ? { severity: f.severity } : {}),
              ...(f.message !== undefined ? { message: f.message } : {}),
              ...(f.resource ? { resource: f.resource } : {}),
              ...(f.file !== undefined ? { file: f.file } : {}),
              ...(f.remediation !== undefined
                ? { remediation: f.remediation }
                : {}),
              firstSeen: f.firstSeen,
            },
            lastAudits.get(sourceKey)!,
            bundles,
          ),
          entityRef: f.entityRef,
        });
      }
      if (page.length < FINDINGS_PAGE) break;
    }

    // Open violations per policy: summed in the database, minus what waivers cover.
    type PolicyTally = {
      violations: number;
      entities: Map<string, number>;
      worst?: PolicySeverity;
    };
    const perPolicy = new Map<string, PolicyTally>();
    const add = (
      policy: string,
      entityRef: string,
      n: number,
      severity?: PolicySeverity,
    ) => {
      const p: PolicyTally = perPolicy.get(policy) ?? {
        violations: 0,
        entities: new Map(),
      };
      p.violations += n;
      p.entities.set(entityRef, (p.entities.get(entityRef) ?? 0) + n);
      if (n > 0 && severity && severityRank(severity) < severityRank(p.worst)) {
        p.worst = severity;
      }
      perPolicy.set(policy, p);
    };
    for (const a of await store.aggregateFindings()) {
      if (visible.has(a.entityRef))
        add(a.policy, a.entityRef, a.occurrences, a.severity);
    }
    const waivedEntities = [...waiversByEntity.keys()].filter(e =>
      visible.has(e),
    );
    for (const f of await store.listFindings(waivedEntities)) {
      if (isWaived(f)) add(f.policy, f.entityRef, -f.occurrences);
    }
    const byPolicy: PolicyOverviewResponse['byPolicy'] = [
      ...perPolicy.entries(),
    ]
      .map(([policy, p]) => {
        const bundle = bundles.get(policy);
        const severity = bundle?.severity ?? p.worst;
        return {
          policy,
          ...(bundle ? { bundleRef: bundle.bundleRef } : {}),
          ...(severity ? { severity } : {}),
          violations: p.violations,
          entities: [...p.entities.values()].filter(n => n > 0).length,
        };
      })
      .filter(p => p.violations > 0)
      .sort(
        (a, b) =>
          b.violations - a.violations ||
          severityRank(a.severity) - severityRank(b.severity) ||
          compareText(a.policy, b.policy),
      )
      .slice(0, limit);

    return {
      generatedAt: new Date(now).toISOString(),
      entities,
      violationsBySeverity,
      excepted,
      worstOffenders: offenders.slice(0, limit),
      oldestOpen,
      byPolicy,
      unmapped: await store.countUnmapped(),
    };
  }
}
