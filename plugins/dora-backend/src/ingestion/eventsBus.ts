import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { AuditTrailService } from '@goldpath/plugin-audit-node';
import { DoraBackendConfig } from '../config';
import {
  EVENTS_BUS_EVENT_ACTION,
  deliveryIdOf,
  recordFailure,
} from '../http/audit';
import { DeadLetterEvent, DeadLetterStore } from '../database/DeadLetterStore';
import { IngestionService } from './IngestionService';
import { WebhookService } from './WebhookService';

function headersOf(metadata: EventParams['metadata']) {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(metadata ?? {})) {
    headers[name.toLowerCase()] = Array.isArray(value)
      ? value.join(',')
      : value;
  }
  return headers;
}

/** Delays between the in-process attempts to store one event. */
const RETRY_DELAYS_MILLIS = [250, 1000];

/** An event the bus gave us that is malformed or has no valid event: not retried. */
const isRejection = (e: unknown) =>
  isError(e) && (e.name === 'InputError' || e.name === 'NotFoundError');

const describeError = (e: unknown) =>
  isError(e) ? `${e.name}: ${e.message}` : String(e);

type Kind = 'github' | 'gitlab' | 'canonical';

/**
 * Takes delivery events from the Backstage events bus, so an installation
 * that already receives GitHub or GitLab webhooks with
 * `@backstage/plugin-events-backend` (or consumes them from Kafka, SQS or
 * Pub/Sub through its modules) feeds Goldpath with no endpoint of its own.
 * The bus's ingress has checked the signatures. Canonical events can be
 * published on `goldpath.dora`.
 *
 * Nothing accepted is lost: an event that cannot be stored is tried again
 * (bounded, in process), then kept as a dead letter with the reason, which
 * the replay task stores later; event ids make every replay idempotent.
 */
export class EventsBusConsumer {
  private readonly kinds: Array<[Kind, string[]]>;

  constructor(
    private readonly options: {
      topics: DoraBackendConfig['eventsBus']['topics'];
      webhooks: WebhookService;
      ingestion: IngestionService;
      deadLetters: DeadLetterStore;
      logger: LoggerService;
      retryDelaysMillis?: readonly number[];
      /** Where each bus event is recorded (stored, rejected, dead-lettered, replayed); without it, nowhere. */
      trail?: AuditTrailService;
    },
  ) {
    const { topics } = options;
    this.kinds = [
      ['github', topics.github],
      ['gitlab', topics.gitlab],
      ['canonical', topics.canonical],
    ];
  }

  get topics(): string[] {
    return this.kinds.flatMap(([, list]) => list);
  }

  /** The kind of a topic, and the event name a routed sub-topic (github.push) carries. */
  classify(topic: string): { kind: Kind; eventName?: string } | undefined {
    for (const [kind, list] of this.kinds) {
      for (const t of list) {
        if (topic === t) return { kind, eventName: undefined };
        if (topic.startsWith(`${t}.`)) {
          return { kind, eventName: topic.slice(t.length + 1) };
        }
      }
    }
    return undefined;
  }

  /** The events-bus handler: stores, retries, or keeps a dead letter. */
  async onEvent(params: EventParams): Promise<void> {
    const target = this.classify(params.topic);
    if (!target) return;
    const delays = this.options.retryDelaysMillis ?? RETRY_DELAYS_MILLIS;
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        await this.store(params, target);
        await this.recordStored(params, { attempts });
        return;
      } catch (e) {
        if (isRejection(e)) {
          this.options.logger.warn(
            `Rejected the ${params.topic} event: ${describeError(e)}`,
          );
          await this.recordNotStored(params, e, { attempts });
          return;
        }
        if (attempts > delays.length) {
          await this.deadLetter(params, target.kind, e, attempts);
          await this.recordNotStored(params, e, {
            attempts,
            deadLettered: true,
          });
          return;
        }
        const delay = delays[attempts - 1];
        await new Promise(r => setTimeout(r, delay));
      }
    }
  }

  /**
   * Replays dead letters (the longest waiting first), deleting each one
   * whose events are now stored.
   */
  async replay(options: { limit?: number } = {}): Promise<{
    stored: number;
    failed: number;
  }> {
    const { deadLetters, logger } = this.options;
    const due = await deadLetters.due({ limit: options.limit ?? 500 });
    let stored = 0;
    let failed = 0;
    for (const entry of due) {
      const params = entry.event as EventParams;
      const target = this.classify(params.topic) ?? {
        kind: entry.source as Kind,
      };
      try {
        await this.store(params, target);
        await deadLetters.remove(entry.id);
        await this.recordStored(params, { replayed: true });
        stored++;
      } catch (e) {
        failed++;
        await deadLetters.failedAgain(entry.id, {
          reason: describeError(e),
          at: Date.now(),
        });
      }
    }
    if (stored + failed > 0) {
      logger.info(
        `Replayed events-bus dead letters: ${stored} stored, ${failed} still failing`,
      );
    }
    return { stored, failed };
  }

  /**
   * The audit record of a bus event: the topic is the actor (its publisher
   * authenticated the event), the delivery id of its headers (GitHub's,
   * GitLab's) the correlation id and, once stored, the record's id, so a
   * redelivered or replayed event is one stored record. Recorded after the
   * event is stored: a record that cannot be kept fails the event, which is
   * then retried or dead-lettered like any other (event ids keep it one).
   */
  private busRecord(params: EventParams) {
    const deliveryId = deliveryIdOf(headersOf(params.metadata));
    const topic = params.topic.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 64);
    return {
      deliveryId,
      topic,
      common: {
        action: EVENTS_BUS_EVENT_ACTION,
        actor: { type: 'service' as const, ref: `events-bus:${topic}` },
        ...(deliveryId ? { correlationId: deliveryId } : {}),
        severityLevel: 'low' as const,
      },
    };
  }

  private async recordStored(
    params: EventParams,
    meta: { attempts?: number; replayed?: boolean },
  ) {
    const { trail } = this.options;
    if (!trail) return;
    const { deliveryId, topic, common } = this.busRecord(params);
    await trail.record({
      ...common,
      ...(deliveryId
        ? { id: `${EVENTS_BUS_EVENT_ACTION}:${topic}:${deliveryId}` }
        : {}),
      outcome: 'succeeded',
      meta: {
        topic: params.topic,
        ...(deliveryId ? { deliveryId } : {}),
        ...meta,
      },
    });
  }

  private async recordNotStored(
    params: EventParams,
    error: unknown,
    meta: { attempts: number; deadLettered?: boolean },
  ) {
    const { trail, logger } = this.options;
    if (!trail) return;
    const { deliveryId, common } = this.busRecord(params);
    await recordFailure(trail, logger, error, {
      ...common,
      meta: {
        topic: params.topic,
        ...(deliveryId ? { deliveryId } : {}),
        ...meta,
      },
    });
  }

  private async deadLetter(
    params: EventParams,
    kind: Kind,
    error: unknown,
    attempts: number,
  ) {
    const event: DeadLetterEvent = {
      topic: params.topic,
      eventPayload: params.eventPayload,
      ...(params.metadata ? { metadata: params.metadata } : {}),
    };
    try {
      const entry = await this.options.deadLetters.add({
        source: kind,
        event,
        reason: describeError(error),
        attempts,
        failedAt: Date.now(),
      });
      this.options.logger.warn(
        `Could not store the ${
          params.topic
        } event after ${attempts} attempts; kept as dead letter ${
          entry.id
        }: ${describeError(error)}`,
      );
    } catch (e) {
      // The database is gone for the dead letter too: the bus's own
      // delivery guarantees (a persistent bus redelivers) are what is left.
      this.options.logger.error(
        `Could not store the ${
          params.topic
        } event after ${attempts} attempts (${describeError(
          error,
        )}), nor keep it as a dead letter: ${describeError(e)}`,
      );
      throw e;
    }
  }

  private async store(
    params: EventParams,
    target: { kind: Kind; eventName?: string },
  ) {
    const { webhooks, ingestion, logger } = this.options;
    if (target.kind === 'canonical') {
      const payload = params.eventPayload as unknown;
      const list = Array.isArray(payload)
        ? payload
        : (payload as { events?: unknown[] })?.events ?? [payload];
      const result = await ingestion.ingest(list, { source: 'events-bus' });
      if (result.rejected.length) {
        logger.warn(
          `Rejected ${result.rejected.length} canonical events from topic ${
            params.topic
          }: ${JSON.stringify(result.rejected.slice(0, 3))}`,
        );
      }
      return;
    }
    const result = await webhooks.receiveTrusted(
      target.kind,
      {
        headers: headersOf(params.metadata),
        rawBody: Buffer.from(JSON.stringify(params.eventPayload)),
        body: params.eventPayload,
        receivedAt: Date.now(),
      },
      target.eventName,
    );
    if (result.status === 'ignored') {
      logger.debug(`Ignored ${params.topic} event: ${result.reason}`);
    }
  }
}

/** Subscribes the consumer to its topics on the events bus. */
export async function subscribeToEventsBus(options: {
  events: EventsService;
  consumer: EventsBusConsumer;
  logger: LoggerService;
}) {
  const { events, consumer, logger } = options;
  logger.info(
    `Taking delivery events from the events bus topics ${consumer.topics.join(
      ', ',
    )}; their publishers must authenticate them (e.g. the GitHub module's webhook secret)`,
  );
  await events.subscribe({
    id: 'goldpath-dora',
    topics: consumer.topics,
    onEvent: params => consumer.onEvent(params),
  });
}

/** The global task that replays dead letters. */
export async function scheduleDeadLetterReplay(options: {
  scheduler: SchedulerService;
  consumer: EventsBusConsumer;
  frequencyMillis: number;
}) {
  await options.scheduler.scheduleTask({
    id: 'dora-dead-letter-replay',
    frequency: { milliseconds: options.frequencyMillis },
    initialDelay: { minutes: 1 },
    timeout: { minutes: 4 },
    scope: 'global',
    fn: async () => {
      await options.consumer.replay();
    },
  });
}
