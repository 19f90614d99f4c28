import { adapters } from './adapters';
import { PendingEvent, WebhookDelivery, WebhookSource } from './types';

/**
 * A canonical delivery event with its `service` named.
 *
 * @public
 */
export type NamedEvent = PendingEvent['event'] & { service?: string };

/**
 * What {@link normalizeWithFallback} makes of a delivery.
 *
 * @public
 */
export type FallbackResult =
  | { kind: 'events'; events: NamedEvent[] }
  | { kind: 'ignored'; reason: string };

/**
 * Normalises a delivery without a catalog (the `dora normalize` CLI): every
 * event's `service` is `options.service` or, without it, the fallback name of
 * the tool identity (`acme/checkout` → `checkout`); ticket events keep no
 * service unless `options.service` names one. Throws
 * {@link MalformedPayloadError} like the adapters.
 *
 * @public
 */
export function normalizeWithFallback(
  source: WebhookSource,
  delivery: WebhookDelivery,
  options: { service?: string; eventName?: string } = {},
): FallbackResult {
  const adapter = adapters[source];
  if (!adapter) {
    throw new TypeError(`unknown webhook source: ${String(source)}`);
  }
  const result = adapter.normalize(
    delivery,
    options.eventName ? { eventName: options.eventName } : undefined,
  );
  if (result.kind === 'ignored') {
    return result;
  }
  return {
    kind: 'events',
    events: result.events.map(({ event, identity }) => {
      // Tickets have no service unless one is asked for.
      const service =
        options.service ??
        (event.type === 'ticket' ? undefined : identity?.fallbackName);
      return service === undefined ? { ...event } : { ...event, service };
    }),
  };
}
