import { DeliveryEvent, DeliveryEventType } from '@goldpath/plugin-dora-common';

/**
 * The dora plugin's event store.
 */
export interface DoraStore {
  /**
   * Stores events in one transaction: all or none. Events whose id is
   * already stored are left as they are (first write wins).
   */
  insertEvents(options: {
    events: readonly DeliveryEvent[];
    receivedAt: number;
  }): Promise<{ inserted: number }>;

  /**
   * Events of one service with a timestamp before `before` (exclusive),
   * oldest first; optionally only some types.
   */
  listServiceEvents(options: {
    service: string;
    before?: number;
    types?: readonly DeliveryEventType[];
  }): Promise<DeliveryEvent[]>;

  /** The services that have events, sorted. */
  listServices(): Promise<string[]>;
}
