import { LoggerService } from '@backstage/backend-plugin-api';
import { DoraService } from '@goldpath/plugin-dora-node';
import { attributionRefreshKey } from '../refreshKeys';
import { ThrottledWarning } from './ThrottledWarning';

/** A scaffold event, as far as attribution needs it. */
export interface ScaffoldEvent {
  templateRef: string;
  templateVersion?: string;
  scaffoldedAt: string;
}

/** What the index knows about one entity. */
export type ScaffoldEventLookup =
  | { state: 'not-loaded' }
  | { state: 'loaded'; event?: ScaffoldEvent };

/** The read side the attribution processor uses. */
export interface ScaffoldEvents {
  lookup(entityRef: string): ScaffoldEventLookup;
}

/** Deltas fetched per refresh at most (each answer moves the cursor). */
const MAX_ROUNDS = 20;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
const print = (e: ScaffoldEvent) =>
  JSON.stringify([e.templateRef, e.templateVersion ?? null, e.scaffoldedAt]);

/** Scaffold events are not read (no dora plugin): every entity has none. */
export const NO_SCAFFOLD_EVENTS: ScaffoldEvents = {
  lookup: () => ({ state: 'loaded' }),
};

/**
 * The scaffold events the dora plugin recorded, by entity, in memory. A
 * scheduled task calls {@link ScaffoldEventIndex.refresh}, which reads the
 * delta since the last cursor and hands the entities whose event changed to
 * `onChange` as refresh keys.
 */
export class ScaffoldEventIndex implements ScaffoldEvents {
  static create(options: {
    dora: DoraService;
    logger: LoggerService;
    onChange: (refreshKeys: string[]) => Promise<void>;
    now?: () => number;
  }): ScaffoldEventIndex {
    return new ScaffoldEventIndex(
      options.dora,
      options.onChange,
      ThrottledWarning.create({ logger: options.logger, now: options.now }),
      ThrottledWarning.create({ logger: options.logger, now: options.now }),
    );
  }

  private loaded = false;
  private cursor?: string;
  private readonly events = new Map<string, ScaffoldEvent>();
  /** Entities whose event changed and whose refresh is still to be asked for. */
  private readonly changed = new Set<string>();

  private constructor(
    private readonly dora: DoraService,
    private readonly onChange: (refreshKeys: string[]) => Promise<void>,
    private readonly warning: ThrottledWarning,
    private readonly refreshWarning: ThrottledWarning,
  ) {}

  lookup(entityRef: string): ScaffoldEventLookup {
    if (!this.loaded) return { state: 'not-loaded' };
    return { state: 'loaded', event: this.events.get(lower(entityRef)) };
  }

  /** Reads the delta; never throws (a failure keeps the last answer, logged throttled). */
  async refresh(): Promise<void> {
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const since = this.cursor;
        const answer = await this.dora.getScaffoldAttributions(
          since ? { since } : {},
        );
        for (const entry of answer.entries ?? []) {
          this.apply(entry);
        }
        if (typeof answer.cursor === 'string') this.cursor = answer.cursor;
        if (!answer.entries?.length || this.cursor === since) break;
      }
    } catch (e) {
      this.warning.warn(
        'Could not read scaffold events from the dora plugin; attribution keeps the last known events',
        e,
      );
      return;
    }
    this.loaded = true;
    if (this.changed.size) {
      const refs = [...this.changed].sort();
      try {
        await this.onChange(refs.map(attributionRefreshKey));
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

  private apply(entry: unknown) {
    const e = entry as Partial<Record<string, unknown>> | undefined;
    if (
      typeof e?.entityRef !== 'string' ||
      typeof e.templateRef !== 'string' ||
      typeof e.scaffoldedAt !== 'string'
    ) {
      return;
    }
    const ref = lower(e.entityRef);
    const event: ScaffoldEvent = {
      templateRef: e.templateRef,
      ...(typeof e.templateVersion === 'string' && {
        templateVersion: e.templateVersion,
      }),
      scaffoldedAt: e.scaffoldedAt,
    };
    const before = this.events.get(ref);
    if (!before || print(before) !== print(event)) {
      this.events.set(ref, event);
      this.changed.add(ref);
    }
  }
}
