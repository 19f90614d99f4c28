import { Webhook } from 'standardwebhooks';
import { WebhookDelivery } from '../types';
import { verifyStandardWebhookSignature } from './verify';

/**
 * The Standard Webhooks reference library (`standardwebhooks`) as the
 * signer: what it signs our verifier accepts, and what it would refuse ours
 * refuses. The verifier keeps its own code (see the comment on
 * `verifyStandardWebhookSignature` for why the library is not used at run
 * time).
 */

const SECRET = `whsec_${Buffer.from(
  'goldpath standard webhooks test key',
).toString('base64')}`;
const OTHER = `whsec_${Buffer.from('another key entirely, 32 bytes!').toString(
  'base64',
)}`;
const TIMESTAMP = 1_717_000_000;
const NOW = TIMESTAMP * 1000 + 42_000;

const BODIES = [
  '{}',
  '{"object_kind":"deployment","status":"success","id":42}',
  '{"title":"Zoë’s release ✓ — 日本語","emoji":"🚀"}',
  JSON.stringify({ list: Array.from({ length: 500 }, (_, i) => ({ i })) }),
];

function signed(
  signer: Webhook,
  id: string,
  timestamp: number,
  body: string,
): WebhookDelivery {
  const rawBody = Buffer.from(body, 'utf8');
  return {
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signer.sign(id, new Date(timestamp * 1000), rawBody),
    },
    rawBody,
    body: JSON.parse(body),
    receivedAt: NOW,
  };
}

describe('verifyStandardWebhookSignature against the reference library', () => {
  const signer = new Webhook(SECRET);

  it.each(BODIES.map((body, i) => [i, body]))(
    'accepts what the library signs (body %i)',
    (_i, body) => {
      const delivery = signed(signer, `msg_${_i}`, TIMESTAMP, body as string);
      expect(() =>
        signer.verify(delivery.rawBody, delivery.headers as any),
      ).toThrow(
        // the library reads the real clock; the vector is from 2024
        /too old/,
      );
      expect(verifyStandardWebhookSignature(delivery, SECRET, NOW)).toEqual({
        ok: true,
      });
    },
  );

  it('agrees with the library on a delivery signed now', () => {
    const now = Date.now();
    const delivery = signed(
      signer,
      'msg_now',
      Math.floor(now / 1000),
      BODIES[2],
    );
    expect(() =>
      signer.verify(delivery.rawBody, delivery.headers as any),
    ).not.toThrow();
    expect(verifyStandardWebhookSignature(delivery, SECRET, now)).toEqual({
      ok: true,
    });
  });

  it('refuses what the library signed with another key, id or body', () => {
    const other = new Webhook(OTHER);
    const good = signed(signer, 'msg_a', TIMESTAMP, BODIES[1]);
    const cases: WebhookDelivery[] = [
      signed(other, 'msg_a', TIMESTAMP, BODIES[1]),
      { ...good, headers: { ...good.headers, 'webhook-id': 'msg_b' } },
      { ...good, rawBody: Buffer.from(BODIES[0], 'utf8') },
      {
        ...good,
        headers: {
          ...good.headers,
          'webhook-timestamp': String(TIMESTAMP + 1),
        },
      },
    ];
    for (const delivery of cases) {
      expect(verifyStandardWebhookSignature(delivery, SECRET, NOW)).toEqual({
        ok: false,
        reason: 'webhook-signature does not match the body',
      });
    }
  });

  it('accepts a library signature next to others (rotation)', () => {
    const good = signed(signer, 'msg_r', TIMESTAMP, BODIES[1]);
    const old = signed(new Webhook(OTHER), 'msg_r', TIMESTAMP, BODIES[1]);
    const delivery = {
      ...good,
      headers: {
        ...good.headers,
        'webhook-signature': `${old.headers['webhook-signature']} ${good.headers['webhook-signature']}`,
      },
    };
    expect(verifyStandardWebhookSignature(delivery, SECRET, NOW)).toEqual({
      ok: true,
    });
  });
});
