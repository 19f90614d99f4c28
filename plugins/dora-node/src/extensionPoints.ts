import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { IngestResult } from '@goldpath/plugin-dora-common';

/**
 * Where event sources hand delivery events to the dora plugin. Events are
 * validated, de-duplicated and stored exactly as `POST /api/dora/events`
 * does it.
 *
 * @public
 */
export interface DoraEventSink {
  ingest(
    events: readonly unknown[],
    options?: {
      /** Default `source` for events that don't name one. */
      source?: string;
    },
  ): Promise<IngestResult>;
}

/**
 * A producer of delivery events inside the backend (a demo loader, an events
 * bus subscriber, a poller). Connected once the store is ready.
 *
 * @public
 */
export interface DoraEventSource {
  /** A short id used in logs, e.g. `demo-data`. */
  readonly id: string;
  connect(sink: DoraEventSink): Promise<void>;
}

/**
 * Lets modules add event sources to the dora plugin.
 *
 * @public
 */
export interface DoraEventSourcesExtensionPoint {
  addEventSource(...sources: DoraEventSource[]): void;
}

/**
 * Extension point `dora.event-sources`.
 *
 * @public
 */
export const doraEventSourcesExtensionPoint =
  createExtensionPoint<DoraEventSourcesExtensionPoint>({
    id: 'dora.event-sources',
  });
