import {
  AdapterResult,
  MalformedPayloadError,
  SourceAdapter,
  WebhookDelivery,
} from '../types';
import { attributes, events, ignored, pending } from '../util/events';
import { eventId } from '../util/ids';
import {
  at,
  bodyObject,
  idString,
  needId,
  needObject,
  needString,
  obj,
  str,
} from '../util/json';
import { slugify } from '../util/slug';
import { needTime } from '../util/time';

const SOURCE = 'pagerduty';

const STATUSES: Record<string, 'open' | 'resolved'> = {
  'incident.triggered': 'open',
  'incident.reopened': 'open',
  'incident.resolved': 'resolved',
};

function eventName(delivery: WebhookDelivery): string | undefined {
  return str(at(delivery.body, 'event', 'event_type'))?.trim();
}

function normalize(
  delivery: WebhookDelivery,
  options?: { eventName?: string },
): AdapterResult {
  const body = bodyObject(delivery.body, 'PagerDuty webhook');
  const event = obj(body.event);
  if (!event) {
    // v2 webhooks (`{ messages: [...] }`) reached end of life in 2022.
    throw new MalformedPayloadError(
      Array.isArray(body.messages)
        ? 'PagerDuty v2 webhook: only v3 webhooks (a body with "event") are supported'
        : 'PagerDuty webhook without event',
    );
  }
  const type = options?.eventName ?? eventName(delivery);
  if (!type) {
    throw new MalformedPayloadError(
      'PagerDuty webhook without event.event_type',
    );
  }
  const status = STATUSES[type];
  if (!status) {
    return ignored(`PagerDuty ${type} is not used`);
  }
  const what = `PagerDuty ${type}`;
  const data = needObject(event.data, 'event.data', what);
  const service = needObject(data.service, 'event.data.service', what);
  const serviceId = needString(service.id, 'event.data.service.id', what);
  const occurredAt = needTime(event.occurred_at, 'event.occurred_at', what);
  const agentIsUser = str(at(event, 'agent', 'type')) === 'user_reference';
  return events(
    pending(
      {
        id: eventId('pagerduty', needId(event.id, 'event.id', what)),
        type: 'incident',
        timestamp: occurredAt,
        source: SOURCE,
        actor: agentIsUser
          ? str(at(event, 'agent', 'email')) ??
            idString(at(event, 'agent', 'id'))
          : undefined,
        incidentId: needId(data.id, 'event.data.id', what),
        status,
        openedAt: status === 'open' ? occurredAt : undefined,
        resolvedAt: status === 'resolved' ? occurredAt : undefined,
        severity:
          str(at(data, 'priority', 'summary')) ??
          str(data.urgency) ??
          undefined,
        attributes: attributes({
          eventType: type,
          number: typeof data.number === 'number' ? data.number : undefined,
          title: str(data.title),
          url: str(data.html_url),
          urgency: str(data.urgency),
        }),
      },
      {
        annotation: 'pagerduty.com/service-id',
        value: serviceId,
        fallbackName: slugify(str(service.summary) ?? serviceId),
      },
    ),
  );
}

/**
 * PagerDuty v3 webhooks: `incident.triggered`/`incident.reopened` open an
 * incident, `incident.resolved` resolves it.
 *
 * @public
 */
export const pagerdutyAdapter: SourceAdapter = {
  source: 'pagerduty',
  eventName,
  normalize,
};
