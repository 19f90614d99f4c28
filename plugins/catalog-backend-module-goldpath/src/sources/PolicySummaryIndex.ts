import { LoggerService } from '@backstage/backend-plugin-api';
import {
  POLICY_SEVERITIES,
  PolicySummaryEntry,
} from '@goldpath/plugin-policy-common';
import { PolicyService } from '@goldpath/plugin-policy-node';
import { policyRefreshKey } from '../refreshKeys';
import { ThrottledWarning } from './ThrottledWarning';

/** What the index knows about one entity. */
export type PolicySummaryLookup =
  | { state: 'not-loaded' }
  | { state: 'loaded'; entry?: PolicySummaryEntry };

/** The read side the policy-status processor uses. */
export interface PolicySummaries {
  lookup(entityRef: string): PolicySummaryLookup;
}

/** The policy summary is not read (no policy plugin): no entity has a report. */
export const NO_POLICY_SUMMARIES: PolicySummaries = {
  lookup: () => ({ state: 'loaded' }),
};

const MAX_ROUNDS = 20;
const STATUSES = new Set(['pass', 'warn', 'fail']);
const SEVERITY_KEYS = [...POLICY_SEVERITIES, 'unknown'] as const;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
const print = (e: PolicySummaryEntry) =>
  JSON.stringify([
    e.status,
    SEVERITY_KEYS.map(k => e.violationsBySeverity[k] ?? null),
    e.excepted,
    e.lastAudit,
  ]);

/** The summary comes over HTTP: keep only entries of the documented shape. */
function readEntry(value: unknown): PolicySummaryEntry | undefined {
  const e = value as Partial<PolicySummaryEntry> | undefined;
  if (
    typeof e?.entityRef !== 'string' ||
    !STATUSES.has(e.status as string) ||
    typeof e.lastAudit !== 'string' ||
    typeof e.excepted !== 'number' ||
    typeof e.violationsBySeverity !== 'object' ||
    e.violationsBySeverity === null
  ) {
    return undefined;
  }
  return {
    entityRef: lower(e.entityRef),
    status: e.status!,
    // Kept as sent: a missing count is unknown, not zero (see policyAnnotations).
    violationsBySeverity: e.violationsBySeverity,
    excepted: e.excepted,
    lastAudit: e.lastAudit,
    updatedAt: typeof e.updatedAt === 'string' ? e.updatedAt : e.lastAudit,
  };
}

/**
 * The compact policy summary, by entity, in memory. A scheduled task calls
 * {@link PolicySummaryIndex.refresh}: the delta since the last cursor
 * (changed entries, removed entities), and the entities whose entry changed
 * go to `onChange` as refresh keys.
 */
export class PolicySummaryIndex implements PolicySummaries {
  static create(options: {
    policy: PolicyService;
    logger: LoggerService;
    onChange: (refreshKeys: string[]) => Promise<void>;
    now?: () => number;
  }): PolicySummaryIndex {
    return new PolicySummaryIndex(
      options.policy,
      options.onChange,
      ThrottledWarning.create({ logger: options.logger, now: options.now }),
      ThrottledWarning.create({ logger: options.logger, now: options.now }),
    );
  }

  private loaded = false;
  private cursor?: string;
  private readonly entries = new Map<string, PolicySummaryEntry>();
  private readonly changed = new Set<string>();

  private constructor(
    private readonly policy: PolicyService,
    private readonly onChange: (refreshKeys: string[]) => Promise<void>,
    private readonly warning: ThrottledWarning,
    private readonly refreshWarning: ThrottledWarning,
  ) {}

  lookup(entityRef: string): PolicySummaryLookup {
    if (!this.loaded) return { state: 'not-loaded' };
    return { state: 'loaded', entry: this.entries.get(lower(entityRef)) };
  }

  /** Reads the delta; never throws (a failure keeps the last answer, logged throttled). */
  async refresh(): Promise<void> {
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const since = this.cursor;
        const answer = await this.policy.getSummary(since ? { since } : {});
        let news = 0;
        for (const value of answer.entries ?? []) {
          const entry = readEntry(value);
          if (!entry) continue;
          const before = this.entries.get(entry.entityRef);
          if (!before || print(before) !== print(entry)) {
            this.changed.add(entry.entityRef);
            news++;
          }
          this.entries.set(entry.entityRef, entry);
        }
        for (const removed of answer.removed ?? []) {
          if (typeof removed !== 'string') continue;
          const ref = lower(removed);
          if (this.entries.delete(ref)) {
            this.changed.add(ref);
            news++;
          }
        }
        if (typeof answer.cursor === 'string') this.cursor = answer.cursor;
        // The policy backend repeats the entries of its overlap window (the
        // last minutes) with a cursor that moves with the clock: a round that
        // brought nothing new is caught up, and the next refresh asks again.
        if (!news || this.cursor === since) break;
      }
    } catch (e) {
      this.warning.warn(
        'Could not read the policy summary from the policy plugin; entities keep their last policy annotations',
        e,
      );
      return;
    }
    this.loaded = true;
    if (this.changed.size) {
      const refs = [...this.changed].sort();
      try {
        await this.onChange(refs.map(policyRefreshKey));
        refs.forEach(ref => this.changed.delete(ref));
      } catch (e) {
        // Kept in `changed`: asked for again after the next read.
        this.refreshWarning.warn(
          'Could not ask the catalog to refresh entities',
          e,
        );
      }
    }
  }
}
