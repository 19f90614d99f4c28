import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  POLICY_EXCEPTED_ANNOTATION,
  POLICY_LAST_AUDIT_ANNOTATION,
  POLICY_STATUS_ANNOTATION,
  POLICY_VIOLATIONS_ANNOTATION,
} from '@goldpath/plugin-catalog-common';
import {
  PolicySummaryEntry,
  formatSeverityCounts,
} from '@goldpath/plugin-policy-common';
import { policyRefreshKey } from '../refreshKeys';
import { PolicySummaries } from '../sources/PolicySummaryIndex';
import { withComputedAnnotations } from './computedAnnotations';

/** Kinds no policy report is about; they only lose author-written values. */
const SKIPPED_KINDS = new Set(['location', 'user', 'group']);

const COMPUTED = [
  POLICY_STATUS_ANNOTATION,
  POLICY_VIOLATIONS_ANNOTATION,
  POLICY_LAST_AUDIT_ANNOTATION,
  POLICY_EXCEPTED_ANNOTATION,
] as const;

const CACHE_KEY = 'policy';

/**
 * The computed annotations of one summary entry. A count that is missing or
 * not a non-negative integer leaves its annotation out rather than
 * writing a made-up zero.
 */
export function policyAnnotations(
  entry: PolicySummaryEntry,
): Record<string, string> {
  let violations: string | undefined;
  try {
    violations = formatSeverityCounts(entry.violationsBySeverity);
  } catch {
    violations = undefined;
  }
  return {
    [POLICY_STATUS_ANNOTATION]: entry.status,
    ...(violations !== undefined && {
      [POLICY_VIOLATIONS_ANNOTATION]: violations,
    }),
    [POLICY_LAST_AUDIT_ANNOTATION]: entry.lastAudit,
    ...(Number.isSafeInteger(entry.excepted) &&
      entry.excepted >= 0 && {
        [POLICY_EXCEPTED_ANNOTATION]: String(entry.excepted),
      }),
  };
}

/**
 * `GoldpathPolicyStatusProcessor`: the policy state of an entity as
 * computed annotations, from the policy plugin's compact summary (an
 * in-memory map a task refreshes): `goldpath.dev/policy-status`
 * (`pass|warn|fail`), `goldpath.dev/policy-violations`,
 * `goldpath.dev/policy-last-audit` and `goldpath.dev/policy-excepted`.
 *
 * No report names the entity: no policy annotations at all (never `pass`).
 * Until the summary is first loaded, the values computed last time are
 * replayed from the processor cache. Every entity (except Locations, Users
 * and Groups) emits `goldpath:policy:<entityRef>`, so a changed summary
 * entry reprocesses it. Author-written values are always dropped.
 */
export class GoldpathPolicyStatusProcessor implements CatalogProcessor {
  static create(options: {
    /** Absent: the policy summary is not read (no policy plugin). */
    summaries?: PolicySummaries;
  }): GoldpathPolicyStatusProcessor {
    return new GoldpathPolicyStatusProcessor(options.summaries);
  }

  private constructor(private readonly summaries?: PolicySummaries) {}

  getProcessorName(): string {
    return 'GoldpathPolicyStatusProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    if (
      !this.summaries ||
      SKIPPED_KINDS.has(entity.kind.toLocaleLowerCase('en-US'))
    ) {
      return withComputedAnnotations(entity, COMPUTED);
    }
    const ref = stringifyEntityRef(entity);
    emit(processingResult.refresh(policyRefreshKey(ref)));

    const lookup = this.summaries.lookup(ref);
    let values: Record<string, string>;
    if (lookup.state === 'loaded') {
      values = lookup.entry ? policyAnnotations(lookup.entry) : {};
    } else {
      // Not loaded yet (or the policy plugin never answered this process):
      // keep what was computed last time rather than dropping it.
      const cached = await cache.get<any>(CACHE_KEY);
      values = {};
      if (cached && typeof cached === 'object' && !Array.isArray(cached)) {
        for (const name of COMPUTED) {
          if (typeof cached[name] === 'string') values[name] = cached[name];
        }
      }
    }
    await cache.set(CACHE_KEY, values);
    return withComputedAnnotations(entity, COMPUTED, values);
  }
}
