import { createHmac } from 'crypto';
import { WebhookDelivery } from '../types';
import {
  describeWithPayloads,
  fixtureBytes,
} from '../__testUtils__/deliveries';
import {
  verifyDelivery,
  verifyFluxSignature,
  verifyGithubSignature,
  verifyGitlabToken,
  verifyHeaderToken,
  verifyPagerdutySignature,
  verifyStandardWebhookSignature,
} from './verify';

function delivery(
  body: string | Buffer,
  headers: Record<string, string | undefined> = {},
): WebhookDelivery {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  return { headers, rawBody, body: parsed, receivedAt: 0 };
}

const tampered = (d: WebhookDelivery, body: string): WebhookDelivery => ({
  ...d,
  rawBody: Buffer.from(body, 'utf8'),
});

describe('verifyGithubSignature', () => {
  // GitHub docs (validating-webhook-deliveries)
  const secret = "It's a Secret to Everybody";
  const signature =
    'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
  const signed = delivery('Hello, World!', {
    'x-hub-signature-256': signature,
  });

  it('accepts the published test vector', () => {
    expect(verifyGithubSignature(signed, [secret])).toEqual({ ok: true });
  });

  it('accepts any of several secrets (rotation)', () => {
    expect(verifyGithubSignature(signed, ['old-secret', secret])).toEqual({
      ok: true,
    });
  });

  it.each([
    [
      'a tampered body',
      tampered(signed, 'Hello, World?'),
      [secret],
      'does not match',
    ],
    ['a wrong secret', signed, ['not the secret'], 'does not match'],
    [
      'a missing header',
      delivery('Hello, World!'),
      [secret],
      'missing X-Hub-Signature-256',
    ],
    [
      'a truncated signature',
      delivery('Hello, World!', {
        'x-hub-signature-256': signature.slice(0, -2),
      }),
      [secret],
      'is not sha256=<hex>',
    ],
    [
      'the sha1 header only',
      delivery('Hello, World!', {
        'x-hub-signature': 'sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59',
      }),
      [secret],
      'missing X-Hub-Signature-256',
    ],
    ['no configured secret', signed, [], 'no GitHub webhook secret configured'],
  ])('refuses %s', (_name, d, secrets, reason) => {
    expect(verifyGithubSignature(d, secrets)).toEqual({
      ok: false,
      reason: expect.stringContaining(reason),
    });
  });
});

describe('verifyStandardWebhookSignature (GitLab signing token)', () => {
  // The Standard Webhooks spec's published vector
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const timestamp = 1614265330;
  const headers = {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': String(timestamp),
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  const signed = delivery('{"test": 2432232314}', headers);
  const now = timestamp * 1000 + 30_000;

  it('accepts the published test vector', () => {
    expect(verifyStandardWebhookSignature(signed, secret, now)).toEqual({
      ok: true,
    });
  });

  it('accepts a match among several space-separated signatures', () => {
    const several = delivery('{"test": 2432232314}', {
      ...headers,
      'webhook-signature': `v1,${Buffer.alloc(32, 7).toString(
        'base64',
      )} v1a,abc v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=`,
    });
    expect(verifyStandardWebhookSignature(several, secret, now)).toEqual({
      ok: true,
    });
  });

  it.each([
    ['5 minutes and 1 second late', now - 30_000 + 301_000],
    ['5 minutes and 1 second early', timestamp * 1000 - 301_000],
  ])('refuses a timestamp %s', (_name, at) => {
    expect(verifyStandardWebhookSignature(signed, secret, at)).toEqual({
      ok: false,
      reason: 'webhook-timestamp is more than 5 minutes from the server time',
    });
  });

  it('accepts a timestamp at the edge of the window', () => {
    expect(
      verifyStandardWebhookSignature(
        signed,
        secret,
        timestamp * 1000 + 300_000,
      ),
    ).toEqual({
      ok: true,
    });
  });

  it.each([
    [
      'a tampered body',
      tampered(signed, '{"test": 2432232315}'),
      secret,
      'does not match',
    ],
    [
      'a wrong secret',
      signed,
      `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
      'does not match',
    ],
    [
      'another message id',
      delivery('{"test": 2432232314}', {
        ...headers,
        'webhook-id': 'msg_other',
      }),
      secret,
      'does not match',
    ],
    [
      'a missing signature',
      delivery('{"test": 2432232314}', {
        ...headers,
        'webhook-signature': undefined,
      }),
      secret,
      'missing webhook-signature',
    ],
    [
      'a missing timestamp',
      delivery('{"test": 2432232314}', {
        ...headers,
        'webhook-timestamp': undefined,
      }),
      secret,
      'missing webhook-timestamp',
    ],
  ])('refuses %s', (_name, d, key, reason) => {
    expect(verifyStandardWebhookSignature(d, key, now)).toEqual({
      ok: false,
      reason: expect.stringContaining(reason),
    });
  });
});

describe('verifyGitlabToken', () => {
  it('accepts the configured token and refuses others', () => {
    const d = (token?: string) => delivery('{}', { 'x-gitlab-token': token });
    expect(verifyGitlabToken(d('s3cret'), 's3cret')).toEqual({ ok: true });
    expect(verifyGitlabToken(d('s3cret'), ['old', 's3cret'])).toEqual({
      ok: true,
    });
    expect(verifyGitlabToken(d('s3cre'), 's3cret')).toEqual({
      ok: false,
      reason: 'X-Gitlab-Token does not match',
    });
    expect(
      verifyGitlabToken(
        d('a much longer token than the one configured'),
        's3cret',
      ).ok,
    ).toBe(false);
    expect(verifyGitlabToken(d(undefined), 's3cret')).toEqual({
      ok: false,
      reason: 'missing X-Gitlab-Token',
    });
  });
});

describeWithPayloads('verifyPagerdutySignature', () => {
  // PagerDuty/go-pagerduty webhookv3 tests: the exact signed bytes
  const body = fixtureBytes(
    'pagerduty/incident.priority_updated.signature-test-vector.body.json',
  );
  const secret =
    'lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK';
  const signature =
    'v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd';

  it('has the exact bytes of the vector (no trailing newline)', () => {
    expect(body[body.length - 1]).toBe('}'.charCodeAt(0));
  });

  it('accepts the published test vector', () => {
    expect(
      verifyPagerdutySignature(
        delivery(body, { 'x-pagerduty-signature': signature }),
        [secret],
      ),
    ).toEqual({ ok: true });
  });

  it('accepts a header of two signatures where the second matches', () => {
    const header = `v1=${'ab'.repeat(32)},${signature}`;
    expect(
      verifyPagerdutySignature(
        delivery(body, { 'x-pagerduty-signature': header }),
        [secret],
      ),
    ).toEqual({ ok: true });
  });

  it('accepts any of several secrets (rotation)', () => {
    expect(
      verifyPagerdutySignature(
        delivery(body, { 'x-pagerduty-signature': signature }),
        ['the-new-secret', secret],
      ),
    ).toEqual({ ok: true });
  });

  it.each([
    [
      'a tampered body',
      Buffer.concat([body, Buffer.from('\n')]),
      { 'x-pagerduty-signature': signature },
      [secret],
      'does not match',
    ],
    [
      'a wrong secret',
      body,
      { 'x-pagerduty-signature': signature },
      ['wrong'],
      'does not match',
    ],
    ['a missing header', body, {}, [secret], 'missing X-PagerDuty-Signature'],
    [
      'an unknown scheme',
      body,
      { 'x-pagerduty-signature': 'v2=abcd' },
      [secret],
      'no v1=<hex>',
    ],
  ])('refuses %s', (_name, b, headers, secrets, reason) => {
    expect(verifyPagerdutySignature(delivery(b, headers), secrets)).toEqual({
      ok: false,
      reason: expect.stringContaining(reason),
    });
  });
});

describeWithPayloads('verifyFluxSignature', () => {
  const body = fixtureBytes(
    'flux/event.generic-webhook.kustomization-error.json',
  );
  const sign = (algorithm: string, key: string, bytes = body) =>
    `${algorithm}=${createHmac(algorithm, key).update(bytes).digest('hex')}`;

  it.each(['sha256', 'sha512'])('accepts an X-Signature with %s', algorithm => {
    expect(
      verifyFluxSignature(
        delivery(body, { 'x-signature': sign(algorithm, 'token') }),
        ['token'],
      ),
    ).toEqual({ ok: true });
  });

  it('refuses tampered bodies, wrong tokens, missing and unknown headers', () => {
    const signed = delivery(body, { 'x-signature': sign('sha256', 'token') });
    expect(verifyFluxSignature(tampered(signed, '{}'), ['token']).ok).toBe(
      false,
    );
    expect(verifyFluxSignature(signed, ['other']).ok).toBe(false);
    expect(verifyFluxSignature(delivery(body), ['token'])).toEqual({
      ok: false,
      reason: 'missing X-Signature',
    });
    for (const value of ['md5=abc', 'constructor=abc', 'sha256=xyz']) {
      expect(
        verifyFluxSignature(delivery(body, { 'x-signature': value }), ['token'])
          .ok,
      ).toBe(false);
    }
  });
});

describe('verifyHeaderToken', () => {
  it('accepts X-Goldpath-Token, a custom header or a bearer token', () => {
    expect(
      verifyHeaderToken(delivery('{}', { 'x-goldpath-token': 't0ken' }), [
        't0ken',
      ]),
    ).toEqual({
      ok: true,
    });
    expect(
      verifyHeaderToken(delivery('{}', { authorization: 'Bearer t0ken' }), [
        't0ken',
      ]),
    ).toEqual({ ok: true });
    expect(
      verifyHeaderToken(
        delivery('{}', { 'x-opsgenie-token': 't0ken' }),
        ['t0ken'],
        'x-opsgenie-token',
      ),
    ).toEqual({ ok: true });
  });

  it('refuses wrong and missing tokens', () => {
    expect(
      verifyHeaderToken(delivery('{}', { 'x-goldpath-token': 'nope' }), [
        't0ken',
      ]),
    ).toEqual({
      ok: false,
      reason: 'x-goldpath-token does not match',
    });
    expect(
      verifyHeaderToken(delivery('{}', { authorization: 'Basic dDBrZW4=' }), [
        't0ken',
      ]),
    ).toEqual({
      ok: false,
      reason: 'missing x-goldpath-token or Authorization: Bearer',
    });
    expect(
      verifyHeaderToken(delivery('{}', { 'x-goldpath-token': 't0ken' }), []).ok,
    ).toBe(false);
  });
});

describe('verifyDelivery', () => {
  const github = delivery('Hello, World!', {
    'x-hub-signature-256':
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
  });

  it('dispatches on the source', () => {
    expect(
      verifyDelivery('github', github, {
        secrets: ["It's a Secret to Everybody"],
      }),
    ).toEqual({
      ok: true,
    });
    expect(verifyDelivery('github', github, { secrets: ['nope'] }).ok).toBe(
      false,
    );
    for (const source of ['opsgenie', 'argocd', 'cdevents'] as const) {
      expect(
        verifyDelivery(source, delivery('{}', { 'x-goldpath-token': 'tk' }), {
          token: 'tk',
        }),
      ).toEqual({ ok: true });
      expect(
        verifyDelivery(source, delivery('{}', { 'x-team-token': 'tk' }), {
          token: 'tk',
          tokenHeader: 'x-team-token',
        }),
      ).toEqual({ ok: true });
      expect(verifyDelivery(source, delivery('{}'), { token: 'tk' }).ok).toBe(
        false,
      );
    }
  });

  it('checks GitLab signatures when signed, else the token', () => {
    const signed = delivery('{"test": 2432232314}', {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
    const config = {
      signingToken: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      token: 'tk',
    };
    expect(verifyDelivery('gitlab', signed, config, 1614265330_000)).toEqual({
      ok: true,
    });
    expect(
      verifyDelivery('gitlab', signed, config, 1614265330_000 + 3_600_000).ok,
    ).toBe(false);
    // a signed delivery with a bad signature fails even with a good token
    const badSignature = {
      ...signed,
      headers: {
        ...signed.headers,
        'x-gitlab-token': 'tk',
        'webhook-signature': 'v1,AAAA',
      },
    };
    expect(
      verifyDelivery('gitlab', badSignature, config, 1614265330_000).ok,
    ).toBe(false);
    expect(
      verifyDelivery(
        'gitlab',
        delivery('{}', { 'x-gitlab-token': 'tk' }),
        config,
      ),
    ).toEqual({
      ok: true,
    });
    expect(
      verifyDelivery('gitlab', delivery('{}', { 'x-gitlab-token': 'tk' }), {
        signingToken: config.signingToken,
      }),
    ).toEqual({ ok: false, reason: 'missing webhook-signature' });
  });

  it('checks Flux with its secrets', () => {
    expect(verifyDelivery('flux', delivery('{}'), { secrets: ['x'] })).toEqual({
      ok: false,
      reason: 'missing X-Signature',
    });
  });
});

// The PagerDuty test vector, read in place from ../shared/reference/payloads.
describeWithPayloads('verifyDelivery (PagerDuty test vector)', () => {
  it('checks PagerDuty with its secrets', () => {
    const body = fixtureBytes(
      'pagerduty/incident.priority_updated.signature-test-vector.body.json',
    );
    const pd = delivery(body, {
      'x-pagerduty-signature':
        'v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd',
    });
    expect(
      verifyDelivery('pagerduty', pd, {
        secrets: [
          'lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK',
        ],
      }),
    ).toEqual({ ok: true });
  });
});
