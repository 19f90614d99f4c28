import {
  IngestResult,
  validateDeliveryEvents,
} from '@goldpath/plugin-dora-common';
import { DoraService } from '@goldpath/plugin-dora-node';

/**
 * An in-memory dora plugin for the action's unit tests: it validates with
 * the same validator as the dora backend and ignores repeated ids. The
 * integration test runs the real backend.
 */
export function createInMemoryDora(
  overrides: Partial<Pick<DoraService, 'ingestEvents'>> = {},
) {
  const stored = new Map<string, object>();
  const calls: object[][] = [];
  const dora: DoraService = {
    async getScaffoldAttributions() {
      return { entries: [], cursor: '0' };
    },
    async ingestEvents(events: object[]): Promise<IngestResult> {
      calls.push(events);
      if (overrides.ingestEvents) return overrides.ingestEvents(events);
      const { valid, invalid } = validateDeliveryEvents(events);
      let accepted = 0;
      let duplicates = 0;
      for (const { event } of valid) {
        if (stored.has(event.id)) {
          duplicates += 1;
        } else {
          stored.set(event.id, event);
          accepted += 1;
        }
      }
      return {
        received: events.length,
        accepted,
        duplicates,
        optedOut: 0,
        rejected: invalid,
      };
    },
  };
  return { dora, stored, calls };
}
