import fs from 'fs';
import path from 'path';
import {
  parseServiceRef,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';
import {
  AdapterResult,
  NormalizeOptions,
  PendingEvent,
  SourceAdapter,
  WebhookDelivery,
} from '../types';
import { HAS_PAYLOADS, PAYLOADS_DIR, PAYLOADS_SKIP_REASON } from './payloads';

export { HAS_PAYLOADS, PAYLOADS_DIR, describeWithPayloads } from './payloads';

/** When test deliveries arrive: 2025-06-01T12:00:00Z (after every fixture). */
export const RECEIVED_AT = Date.UTC(2025, 5, 1, 12, 0, 0);

/** Our own fixtures, written for this project (see `src/__fixtures__/README.md`). */
const OWN_FIXTURES = path.resolve(__dirname, '..', '__fixtures__');

/** The exact bytes of a reference payload under {@link PAYLOADS_DIR}. */
export function fixtureBytes(relativePath: string): Buffer {
  if (!HAS_PAYLOADS) {
    throw new Error(
      `${relativePath}: ${PAYLOADS_SKIP_REASON}; read it inside describeWithPayloads`,
    );
  }
  return fs.readFileSync(path.join(PAYLOADS_DIR, relativePath));
}

/** A reference payload parsed as JSON (a fresh copy each time, safe to mutate). */
export function fixtureJson<T = any>(relativePath: string): T {
  return JSON.parse(fixtureBytes(relativePath).toString('utf8'));
}

/** The exact bytes of one of our own fixtures under `src/__fixtures__`. */
export function ownFixtureBytes(relativePath: string): Buffer {
  return fs.readFileSync(path.join(OWN_FIXTURES, relativePath));
}

/** One of our own fixtures parsed as JSON (a fresh copy each time). */
export function ownFixtureJson<T = any>(relativePath: string): T {
  return JSON.parse(ownFixtureBytes(relativePath).toString('utf8'));
}

/** A delivery of exact bytes. */
export function rawDelivery(
  rawBody: Buffer | string,
  headers: Record<string, string | undefined> = {},
  receivedAt = RECEIVED_AT,
): WebhookDelivery {
  const bytes = Buffer.isBuffer(rawBody)
    ? rawBody
    : Buffer.from(rawBody, 'utf8');
  return {
    headers,
    rawBody: bytes,
    body: JSON.parse(bytes.toString('utf8')),
    receivedAt,
  };
}

/** A delivery of a reference payload, byte for byte. */
export function fixtureDelivery(
  relativePath: string,
  headers: Record<string, string | undefined> = {},
  receivedAt = RECEIVED_AT,
): WebhookDelivery {
  return rawDelivery(fixtureBytes(relativePath), headers, receivedAt);
}

/** A delivery of one of our own fixtures, byte for byte. */
export function ownFixtureDelivery(
  relativePath: string,
  headers: Record<string, string | undefined> = {},
  receivedAt = RECEIVED_AT,
): WebhookDelivery {
  return rawDelivery(ownFixtureBytes(relativePath), headers, receivedAt);
}

/** A delivery of a JSON value (serialised as a tool would). */
export function jsonDelivery(
  body: unknown,
  headers: Record<string, string | undefined> = {},
  receivedAt = RECEIVED_AT,
): WebhookDelivery {
  return rawDelivery(JSON.stringify(body), headers, receivedAt);
}

/** The events of a result, failing the test if it was ignored. */
export function eventsOf(result: AdapterResult): PendingEvent[] {
  if (result.kind !== 'events') {
    throw new Error(`expected events, got ignored: ${result.reason}`);
  }
  return result.events;
}

/** The reason of an ignored result, failing the test if there were events. */
export function ignoredReason(result: AdapterResult): string {
  if (result.kind !== 'ignored') {
    throw new Error(
      `expected the delivery to be ignored, got ${JSON.stringify(
        result.events,
      )}`,
    );
  }
  return result.reason;
}

/**
 * Normalises a delivery twice and checks what every emitted event must
 * satisfy: the same output both times (fact-based ids), valid canonical
 * events once a service is added, a `source`, ids of at most 256
 * characters, and a fallback name that is a valid entity name.
 */
export function normalizeChecked(
  adapter: SourceAdapter,
  delivery: WebhookDelivery,
  options?: NormalizeOptions,
): PendingEvent[] {
  const first = adapter.normalize(delivery, options);
  const second = adapter.normalize(
    { ...delivery, body: JSON.parse(delivery.rawBody.toString('utf8')) },
    options,
  );
  expect(second).toEqual(first);
  const events = eventsOf(first);
  expect(events.length).toBeGreaterThan(0);
  for (const { event, identity } of events) {
    const check = validateDeliveryEvent(
      { ...event, service: 'x' },
      { now: RECEIVED_AT },
    );
    if (!check.ok) {
      throw new Error(
        `event ${event.id} is not canonical: ${JSON.stringify(check.errors)}`,
      );
    }
    expect(event.source).toBe(adapter.source);
    expect(event.id.length).toBeLessThanOrEqual(256);
    expect(Object.values(event)).not.toContain(undefined);
    if (event.type === 'ticket' && !identity) continue; // tickets have no service
    expect(identity).toBeDefined();
    expect(parseServiceRef(identity!.fallbackName)).toEqual({
      ok: true,
      ref: `component:default/${identity!.fallbackName}`,
    });
    expect(identity!.value).not.toBe('');
  }
  return events;
}

/** The one event of a delivery, checked with {@link normalizeChecked}. */
export function singleEvent(
  adapter: SourceAdapter,
  delivery: WebhookDelivery,
  options?: NormalizeOptions,
): PendingEvent {
  const events = normalizeChecked(adapter, delivery, options);
  expect(events).toHaveLength(1);
  return events[0];
}
