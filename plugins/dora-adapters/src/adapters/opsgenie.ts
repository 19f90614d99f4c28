import {
  AdapterResult,
  MalformedPayloadError,
  ServiceIdentity,
  SourceAdapter,
  WebhookDelivery,
} from '../types';
import { attributes, events, ignored, pending } from '../util/events';
import { eventId } from '../util/ids';
import {
  JsonObject,
  arr,
  bodyObject,
  needId,
  needObject,
  num,
  obj,
  str,
} from '../util/json';
import { slugify } from '../util/slug';
import { needTime, receiptTime } from '../util/time';

const SOURCE = 'opsgenie';

/**
 * The service an alert belongs to: `alert.entity`, else a `service:<name>`
 * tag, else the integration that sent it (integrations are usually made per
 * service or team), else `unknown`. The value is a `goldpath.dev/aliases`
 * entry, `opsgenie:<name>`.
 */
function identity(alert: JsonObject, body: JsonObject): ServiceIdentity {
  const tag = arr(alert.tags)
    .map(t => (typeof t === 'string' ? t.trim() : ''))
    .find(t => /^service:./i.test(t));
  const name =
    str(alert.entity)?.trim() ??
    tag?.slice('service:'.length).trim() ??
    str(body.integrationName)?.trim() ??
    'unknown';
  return {
    annotation: 'goldpath.dev/aliases',
    value: `opsgenie:${name}`,
    fallbackName: slugify(name),
  };
}

/** Opsgenie priorities are `P1`–`P5`; some payloads carry the bare number. */
function severity(priority: unknown): string | undefined {
  const n = num(priority);
  if (n !== undefined && Number.isInteger(n)) return `P${n}`;
  return str(priority);
}

function eventName(delivery: WebhookDelivery): string | undefined {
  return str(obj(delivery.body)?.action)?.trim();
}

function normalize(
  delivery: WebhookDelivery,
  options?: { eventName?: string },
): AdapterResult {
  const body = bodyObject(delivery.body, 'Opsgenie webhook');
  const action = options?.eventName ?? eventName(delivery);
  if (!action) {
    throw new MalformedPayloadError('Opsgenie webhook without action');
  }
  const key = action.toLowerCase();
  if (key !== 'create' && key !== 'close') {
    return ignored(`Opsgenie action ${action} is not used`);
  }
  const what = `Opsgenie ${action}`;
  const alert = needObject(body.alert, 'alert', what);
  const alertId = needId(alert.alertId, 'alert.alertId', what);
  // alert.updatedAt and insertedAt are epoch nanoseconds (beyond 2^53, so
  // JSON.parse rounds them): never read them.
  const common = {
    id: eventId('opsgenie', alertId, key),
    type: 'incident',
    source: SOURCE,
    actor: str(alert.username),
    incidentId: alertId,
    severity: severity(alert.priority),
    attributes: attributes({
      action,
      tinyId: str(alert.tinyId),
      alias: str(alert.alias),
      message: str(alert.message),
    }),
  };
  if (key === 'create') {
    const openedAt = needTime(alert.createdAt, 'alert.createdAt', what);
    return events(
      pending(
        { ...common, timestamp: openedAt, status: 'open', openedAt },
        identity(alert, body),
      ),
    );
  }
  // The body has no close time: the delivery arrives when the alert closes.
  const resolvedAt = receiptTime(delivery.receivedAt);
  return events(
    pending(
      { ...common, timestamp: resolvedAt, status: 'resolved', resolvedAt },
      identity(alert, body),
    ),
  );
}

/**
 * Opsgenie alert webhooks: `Create` opens an incident, `Close` resolves it
 * (at receipt time, the body carries no close time).
 *
 * @public
 */
export const opsgenieAdapter: SourceAdapter = {
  source: 'opsgenie',
  eventName,
  normalize,
};
