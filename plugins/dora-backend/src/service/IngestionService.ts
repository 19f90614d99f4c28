import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeliveryEvent,
  IngestResult,
  validateDeliveryEvents,
} from '@goldpath/plugin-dora-common';
import { DoraStore } from '../database/DoraStore';
import { ActorPseudonymizer } from './ActorPseudonymizer';

/**
 * Validates, normalises and stores delivery events: the one path every
 * producer (REST, webhooks, event sources) goes through.
 */
export class IngestionService {
  static create(options: {
    store: DoraStore;
    logger: LoggerService;
    pseudonymizer: ActorPseudonymizer;
    maxFutureMillis: number;
    now?: () => number;
  }): IngestionService {
    return new IngestionService(options);
  }

  private constructor(
    private readonly options: {
      store: DoraStore;
      logger: LoggerService;
      pseudonymizer: ActorPseudonymizer;
      maxFutureMillis: number;
      now?: () => number;
    },
  ) {}

  /**
   * Ingests a batch. Each event is judged on its own: valid events are stored
   * (all of them, in one transaction), invalid ones are reported back with
   * their index and field-level reasons.
   */
  async ingest(
    inputs: readonly unknown[],
    context: { source?: string } = {},
  ): Promise<IngestResult> {
    const now = this.options.now?.() ?? Date.now();
    const { valid, invalid } = validateDeliveryEvents(
      context.source
        ? inputs.map(i => withDefaultSource(i, context.source!))
        : inputs,
      { now, maxFutureMillis: this.options.maxFutureMillis },
    );
    const seen = new Set<string>();
    const events: DeliveryEvent[] = [];
    let duplicates = 0;
    for (const { event } of valid) {
      if (seen.has(event.id)) {
        duplicates++;
        continue;
      }
      seen.add(event.id);
      events.push(this.protectActor(event));
    }
    const { inserted } = await this.options.store.insertEvents({
      events,
      receivedAt: now,
    });
    duplicates += events.length - inserted;
    return {
      received: inputs.length,
      accepted: inserted,
      duplicates,
      optedOut: 0,
      rejected: invalid,
    };
  }

  private protectActor(event: DeliveryEvent): DeliveryEvent {
    if (event.actor === undefined) {
      return event;
    }
    const { actor, ...rest } = event;
    const pseudonym = this.options.pseudonymizer.pseudonymize(actor);
    return (pseudonym ? { ...rest, actor: pseudonym } : rest) as DeliveryEvent;
  }
}

function withDefaultSource(input: unknown, source: string): unknown {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const record = input as Record<string, unknown>;
    return record.source === undefined ? { ...record, source } : record;
  }
  return input;
}
