import {
  DeliveryEvent,
  DeliveryEventType,
  ModelHealthEvent,
  ScaffoldEvent,
  ServiceScorecard,
  TicketEvent,
} from '@goldpath/plugin-dora-common';

/** A stored scorecard of one service. */
export interface ScorecardSnapshot {
  service: string;
  windowDays: number;
  asOf: number;
  optionsKey: string;
  /** The service's version the scorecard was computed from. */
  version: number;
  scorecard: ServiceScorecard;
}

/** A webhook event whose tool identity maps to no catalog entity yet. */
export interface UnresolvedEvent {
  id: string;
  source: string;
  identity: { annotation: string; value: string; fallbackName: string };
  /** The canonical event without `service`. */
  event: { id: string; type: string; timestamp: string } & Record<
    string,
    unknown
  >;
  occurredAt: number;
  receivedAt: number;
}

/** The unresolved events of one identity, summarised. */
export interface UnresolvedIdentity {
  annotation: string;
  value: string;
  fallbackName: string;
  sources: string[];
  events: number;
  firstReceivedAt: number;
  lastReceivedAt: number;
}

/**
 * The dora plugin's event store.
 */
export interface DoraStore {
  /**
   * Stores events in one transaction: all or none. Events whose id is
   * already stored are left as they are (first write wins). The version of
   * every service that gains an event is bumped in the same transaction.
   */
  insertEvents(options: {
    events: readonly DeliveryEvent[];
    receivedAt: number;
  }): Promise<{ inserted: number }>;

  /**
   * Events of one service with a timestamp in `[from, before)`, oldest
   * first; optionally only some types (read through the
   * `(service_ref, occurred_at)` index).
   */
  listServiceEvents(options: {
    service: string;
    from?: number;
    before?: number;
    types?: readonly DeliveryEventType[];
  }): Promise<DeliveryEvent[]>;

  /** The services that have events, with their versions. */
  getServiceVersions(): Promise<Map<string, number>>;

  /** Stored scorecards of a window and instant (all services, or some). */
  getSnapshots(options: {
    windowDays: number;
    asOf: number;
    services?: readonly string[];
  }): Promise<ScorecardSnapshot[]>;

  /**
   * Per service and options key, the newest stored scorecard of a window
   * whose instant is in `[since, before]`.
   */
  getLatestSnapshots(options: {
    windowDays: number;
    since: number;
    before: number;
    services: readonly string[];
  }): Promise<ScorecardSnapshot[]>;

  /** Stores scorecards, replacing any with the same key. */
  putSnapshots(snapshots: readonly ScorecardSnapshot[]): Promise<void>;

  /**
   * Deletes snapshots as of or computed before `before` (whatever their
   * window and instant), except weekly ones (as of a Monday 00:00 UTC) newer than
   * `keepWeeklyAfter` (of `weeklyWindowDays` only, when given); snapshots of
   * other windows computed before `otherWindowsBefore`; and snapshots of an
   * instant after `futureAfter`.
   */
  pruneSnapshots(options: {
    before: number;
    keepWeeklyAfter: number;
    weeklyWindowDays?: number;
    otherWindowsBefore?: number;
    futureAfter?: number;
  }): Promise<number>;

  /**
   * The events of one webhook delivery, in one transaction: events for
   * their services (as {@link DoraStore.insertEvents}) and the unresolved
   * ones (as {@link DoraStore.insertUnresolved}). All or none.
   */
  insertDelivery(options: {
    events: readonly DeliveryEvent[];
    unresolved: readonly UnresolvedEvent[];
    receivedAt: number;
  }): Promise<{ inserted: number; unresolvedInserted: number }>;

  /**
   * Keeps events for later resolution; ids already kept, or already stored
   * as events, are ignored.
   */
  insertUnresolved(
    events: readonly UnresolvedEvent[],
  ): Promise<{ inserted: number }>;

  /** The identities waiting for a catalog entity, most recent first. */
  listUnresolvedIdentities(): Promise<UnresolvedIdentity[]>;

  /** The unresolved events of one identity. */
  getUnresolved(identity: {
    annotation: string;
    value: string;
  }): Promise<UnresolvedEvent[]>;

  /** Forgets unresolved events (after they were stored for their service). */
  deleteUnresolved(ids: readonly string[]): Promise<number>;

  /**
   * Retention: deletes events whose timestamp is before `eventsBefore`, and
   * unresolved events received before `unresolvedBefore`, at most
   * `batchSize` rows per transaction.
   */
  purge(options: {
    eventsBefore?: number;
    unresolvedBefore?: number;
    batchSize?: number;
  }): Promise<{ events: number; unresolved: number }>;

  /**
   * The change an artifact was built from, as a stored CDEvents
   * `artifact.packaged` (a build event whose pipelineId is the artifact id
   * and whose attributes carry `changeId`) says.
   */
  findArtifactChange(artifactId: string): Promise<string | undefined>;

  /**
   * Services with a `scaffold` event received at or after `receivedSince`
   * (all without it), ordered by their newest scaffold event's receipt and
   * then by ref, starting after `after` (a keyset position), at most `limit`
   * of them; with every scaffold event stored for each, oldest first.
   */
  listScaffoldEvents(options: {
    receivedSince?: number;
    after?: { receivedAt: number; service: string };
    limit: number;
  }): Promise<{
    events: DeliveryEvent[];
    /** The keyset position of the last service read. */
    last?: { receivedAt: number; service: string };
    /** Whether `limit` services were read (there may be more). */
    full: boolean;
  }>;

  /** Opt-out: deletes everything stored for these services. */
  deleteServices(services: readonly string[]): Promise<number>;

  /**
   * The `scaffold` events with a timestamp in `[from, to)`, oldest first
   * (read through the `(type, occurred_at)` index).
   */
  listScaffoldEventsBetween(options: {
    from: number;
    to: number;
  }): Promise<ScaffoldEvent[]>;

  /**
   * The services whose newest event (METRICS.md: "any stored event", the
   * scaffold that created one included; model-health telemetry not) before
   * `before` is at or after `since`: one grouped query over the
   * `(service_ref, occurred_at)` index.
   */
  listActiveServices(options: {
    since: number;
    before: number;
  }): Promise<string[]>;

  /**
   * The newest `model_health` events (at most `limit`) of one service with a
   * timestamp in `[from, to)`, oldest first (read through the
   * `(service_ref, occurred_at)` index).
   */
  listModelHealthEvents(options: {
    service: string;
    from: number;
    to: number;
    limit: number;
  }): Promise<ModelHealthEvent[]>;

  /**
   * Every event (timestamp before `to`) of each ticket that has an event
   * with a timestamp in `[from, to)`, oldest first: a ticket opened in the
   * range has its whole history up to `to`, and nothing of tickets without
   * activity in it is read. One query over the `(type, occurred_at)` and
   * `(type, subject_id, occurred_at)` indexes.
   */
  listTicketEvents(options: {
    from: number;
    to: number;
  }): Promise<TicketEvent[]>;

  /**
   * The `scaffold` events of the given templates with a timestamp before
   * `before`, oldest first (read through the
   * `(type, subject_id, occurred_at)` index).
   */
  listTemplateScaffoldEvents(options: {
    templates: readonly string[];
    before: number;
  }): Promise<ScaffoldEvent[]>;
}
