import { CloudEvent, HTTP } from 'cloudevents';
import { WebhookDelivery } from '../types';
import {
  RECEIVED_AT,
  jsonDelivery,
  singleEvent,
} from '../__testUtils__/deliveries';
import { cdeventsAdapter } from './cdevents';

/**
 * The official CloudEvents SDK (`cloudevents`) as the producer: messages it
 * serialises in binary and structured mode must read as the plain CDEvent
 * does. The adapter parses the envelope itself (see the comment on `unwrap`
 * in cdevents.ts for why the SDK is not used at run time).
 */

/** A CDEvent written for this test. */
const cdevent = {
  context: {
    specversion: '0.5.1',
    id: 'deploy-7f3a',
    source: '/ci/release',
    type: 'dev.cdevents.service.deployed.0.3.0',
    timestamp: '2024-05-02T10:11:12.000Z',
  },
  subject: {
    id: 'checkout',
    source: '/ci/release',
    content: {
      environment: { id: 'production' },
      artifactId: 'pkg:oci/checkout@1.4.0',
    },
  },
};

/** An SDK message as the webhook route hands it to the adapter. */
function toDelivery(message: {
  headers: Record<string, unknown>;
  body: unknown;
}): WebhookDelivery {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    headers[name.toLowerCase()] = String(value);
  }
  const rawBody = Buffer.isBuffer(message.body)
    ? message.body
    : Buffer.from(String(message.body), 'utf8');
  return {
    headers,
    rawBody,
    body: JSON.parse(rawBody.toString('utf8')),
    receivedAt: RECEIVED_AT,
  };
}

const envelope = {
  id: cdevent.context.id,
  source: cdevent.context.source,
  type: cdevent.context.type,
  time: cdevent.context.timestamp,
};

describe('cdeventsAdapter and the CloudEvents SDK', () => {
  const plain = singleEvent(cdeventsAdapter, jsonDelivery(cdevent));

  it('reads a binary-mode message serialised by the SDK', () => {
    const message = HTTP.binary(
      new CloudEvent({
        ...envelope,
        datacontenttype: 'application/json',
        data: cdevent,
      }),
    );
    expect(message.headers).toMatchObject({ 'ce-id': cdevent.context.id });
    const delivery = toDelivery(message);
    expect(cdeventsAdapter.eventName(delivery)).toBe(cdevent.context.type);
    expect(singleEvent(cdeventsAdapter, delivery)).toEqual(plain);
  });

  it('reads a structured-mode message serialised by the SDK', () => {
    const message = HTTP.structured(
      new CloudEvent({
        ...envelope,
        datacontenttype: 'application/json',
        data: cdevent,
      }),
    );
    expect(message.headers).toMatchObject({
      'content-type': expect.stringContaining('application/cloudevents+json'),
    });
    const delivery = toDelivery(message);
    expect(cdeventsAdapter.eventName(delivery)).toBe(cdevent.context.type);
    expect(singleEvent(cdeventsAdapter, delivery)).toEqual(plain);
  });

  it('reads a structured-mode message whose data the SDK wrote as data_base64', () => {
    const message = HTTP.structured(
      new CloudEvent({
        ...envelope,
        datacontenttype: 'application/json',
        data: Buffer.from(JSON.stringify(cdevent), 'utf8'),
      }),
    );
    const delivery = toDelivery(message);
    expect(delivery.body).toHaveProperty('data_base64');
    expect(singleEvent(cdeventsAdapter, delivery)).toEqual(plain);
  });

  it('completes a context-less CDEvent from the SDK envelope, in both modes', () => {
    const { subject } = cdevent;
    for (const serialise of [HTTP.binary, HTTP.structured]) {
      const message = serialise(
        new CloudEvent({
          ...envelope,
          datacontenttype: 'application/json',
          data: { subject },
        }),
      );
      expect(singleEvent(cdeventsAdapter, toDelivery(message))).toEqual(plain);
    }
  });
});
