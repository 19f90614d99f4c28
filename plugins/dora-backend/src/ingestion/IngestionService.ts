import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeliveryEvent,
  IngestResult,
  validateDeliveryEvents,
} from '@goldpath/plugin-dora-common';
import { DoraStore, UnresolvedEvent } from '../database/DoraStore';
import { ActorPseudonymizer } from './ActorPseudonymizer';
import { CatalogDirectory, CatalogSnapshot } from '../catalog/CatalogDirectory';

interface IngestionOptions {
  store: DoraStore;
  logger: LoggerService;
  pseudonymizer: ActorPseudonymizer;
  maxFutureMillis: number;
  /** The catalog snapshot, for opt-outs (`goldpath.dev/telemetry: disabled`). */
  directory?: Pick<CatalogDirectory, 'get'>;
  now?: () => number;
}

/**
 * Validates, normalises and stores delivery events: the one path every
 * producer (REST, webhooks, event sources) goes through.
 */
export class IngestionService {
  static create(options: IngestionOptions): IngestionService {
    return new IngestionService(options);
  }

  private constructor(private readonly options: IngestionOptions) {}

  /**
   * Ingests a batch. Each event is judged on its own: valid events are stored
   * (all of them, in one transaction), invalid ones are reported back with
   * their index and field-level reasons.
   */
  async ingest(
    inputs: readonly unknown[],
    context: {
      source?: string;
      /**
       * Unresolved events of the same webhook delivery, stored in the same
       * transaction as the valid events (`unresolvedInserted` says how many
       * were new).
       */
      unresolved?: readonly UnresolvedEvent[];
    } = {},
  ): Promise<IngestResult & { unresolvedInserted?: number }> {
    const now = this.options.now?.() ?? Date.now();
    const { valid, invalid } = validateDeliveryEvents(
      context.source
        ? inputs.map(i => withDefaultSource(i, context.source!))
        : inputs,
      { now, maxFutureMillis: this.options.maxFutureMillis },
    );
    const directory = valid.length ? await this.directory() : undefined;
    const seen = new Set<string>();
    const events: DeliveryEvent[] = [];
    const unknown = new Set<string>();
    let duplicates = 0;
    let optedOut = 0;
    for (const { event } of valid) {
      if (seen.has(event.id)) {
        duplicates++;
        continue;
      }
      seen.add(event.id);
      if (event.service && directory) {
        const info = directory.services.get(event.service);
        if (info?.telemetryDisabled) {
          optedOut++;
          continue;
        }
        if (!info && event.service.startsWith('component:')) {
          unknown.add(event.service);
        }
      }
      events.push(this.protectActor(event));
    }
    await this.linkArtifacts(events);
    const { inserted, unresolvedInserted } = context.unresolved
      ? await this.options.store.insertDelivery({
          events,
          unresolved: context.unresolved,
          receivedAt: now,
        })
      : {
          ...(await this.options.store.insertEvents({
            events,
            receivedAt: now,
          })),
          unresolvedInserted: undefined,
        };
    duplicates += events.length - inserted;
    return {
      received: inputs.length,
      accepted: inserted,
      duplicates,
      optedOut,
      rejected: invalid,
      ...(unknown.size ? { unknownServices: [...unknown].sort() } : {}),
      ...(unresolvedInserted !== undefined ? { unresolvedInserted } : {}),
    };
  }

  /**
   * CDEvents deployments name an artifact, not a commit; `artifact.packaged`
   * linked that artifact to the change it was built from (a stored build
   * event). A deployment of a known artifact ships that change, through an
   * explicit `commits` list, so its lead time counts — whether the events
   * arrive by webhook, the events bus, REST or re-resolution.
   */
  private async linkArtifacts(events: DeliveryEvent[]) {
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const artifactId = e.attributes?.artifactId;
      if (
        e.type !== 'deployment' ||
        typeof artifactId !== 'string' ||
        e.commitSha ||
        e.commits
      ) {
        continue;
      }
      const changeId = await this.options.store.findArtifactChange(artifactId);
      if (changeId) {
        events[i] = { ...e, commits: [changeId] };
      }
    }
  }

  /**
   * The catalog, for opt-outs and unknown services. Without it (catalog
   * down) events are stored: nothing accepted is lost, and the daily privacy
   * task removes what belongs to opted-out services.
   */
  private async directory(): Promise<CatalogSnapshot | undefined> {
    if (!this.options.directory) return undefined;
    try {
      return await this.options.directory.get();
    } catch (e) {
      this.options.logger.warn(
        `Could not read the catalog to check telemetry opt-outs: ${e}`,
      );
      return undefined;
    }
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
