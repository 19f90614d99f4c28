import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { DoraBackendConfig } from '../config';
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

/**
 * Subscribes to the Backstage events bus, so an installation that already
 * receives GitHub or GitLab webhooks with `@backstage/plugin-events-backend`
 * (or consumes them from Kafka, SQS or Pub/Sub through its modules) feeds
 * Goldpath with no endpoint of its own. The bus's ingress has checked the
 * signatures. Canonical events can be published on `goldpath.dora`.
 */
export async function subscribeToEventsBus(options: {
  events: EventsService;
  topics: DoraBackendConfig['eventsBus']['topics'];
  webhooks: WebhookService;
  ingestion: IngestionService;
  logger: LoggerService;
}) {
  const { events, topics, webhooks, ingestion, logger } = options;
  const kinds: Array<['github' | 'gitlab' | 'canonical', string[]]> = [
    ['github', topics.github],
    ['gitlab', topics.gitlab],
    ['canonical', topics.canonical],
  ];
  /** The kind of a topic, and the event name a routed sub-topic (github.push) carries. */
  const classify = (topic: string) => {
    for (const [kind, list] of kinds) {
      for (const t of list) {
        if (topic === t) return { kind, eventName: undefined };
        if (topic.startsWith(`${t}.`)) {
          return { kind, eventName: topic.slice(t.length + 1) };
        }
      }
    }
    return undefined;
  };

  logger.info(
    `Taking delivery events from the events bus topics ${kinds
      .flatMap(([, list]) => list)
      .join(
        ', ',
      )}; their publishers must authenticate them (e.g. the GitHub module's webhook secret)`,
  );
  await events.subscribe({
    id: 'goldpath-dora',
    topics: kinds.flatMap(([, list]) => list),
    async onEvent(params: EventParams) {
      const target = classify(params.topic);
      if (!target) return;
      try {
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
        const headers = headersOf(params.metadata);
        const result = await webhooks.receiveTrusted(
          target.kind,
          {
            headers,
            rawBody: Buffer.from(JSON.stringify(params.eventPayload)),
            body: params.eventPayload,
            receivedAt: Date.now(),
          },
          target.eventName,
        );
        if (result.status === 'ignored') {
          logger.debug(`Ignored ${params.topic} event: ${result.reason}`);
        }
      } catch (e) {
        logger.warn(`Could not take the ${params.topic} event: ${e}`);
      }
    },
  });
}
