import { createHash, createHmac, timingSafeEqual } from 'crypto';
import {
  SourceSecrets,
  VerificationResult,
  WebhookDelivery,
  WebhookSource,
} from '../types';
import { header } from '../util/json';

/*
 * The checks are our own code on Node's crypto, checked against the
 * reference libraries in the tests (`standardwebhooks.test.ts`; the GitHub
 * and Standard Webhooks vectors in `verify.test.ts`). The libraries are not
 * used at run time because they do not fit a synchronous, byte-exact
 * verifier with rotation: `@octokit/webhooks-methods` is asynchronous, takes
 * the body as a string, one secret at a time, and its current majors (5, 6)
 * are ES modules that cannot be required from this CommonJS package;
 * `standardwebhooks` decodes the body to a string, reads `Date.now()` for
 * its window and hashes in JavaScript (about 12 times slower than Node's
 * HMAC on a 25 MB body).
 */

const OK: VerificationResult = { ok: true };
const fail = (reason: string): VerificationResult => ({ ok: false, reason });

/**
 * Constant-time equality of two buffers. `timingSafeEqual` throws on unequal
 * lengths, so lengths are checked first; callers compare fixed-length
 * digests, so the length check reveals nothing about a secret.
 */
function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Any of the candidates equals the expected digest (every candidate is compared). */
function anyEqual(expected: Buffer[], candidates: Buffer[]): boolean {
  let found = false;
  for (const e of expected) {
    for (const c of candidates) {
      if (safeEqual(e, c)) found = true;
    }
  }
  return found;
}

type HmacAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const HEX_LENGTH: Record<HmacAlgorithm, number> = {
  sha1: 40,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

function hmac(
  algorithm: HmacAlgorithm,
  key: string | Buffer,
  data: Buffer,
): Buffer {
  return createHmac(algorithm, key).update(data).digest();
}

const sha256 = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest();

/** `sha256=<hex>` with the right number of hex digits, as a buffer; undefined otherwise. */
function parseHexSignature(
  value: string,
  algorithm: HmacAlgorithm,
): Buffer | undefined {
  const prefix = `${algorithm}=`;
  const trimmed = value.trim();
  if (!trimmed.toLowerCase().startsWith(prefix)) return undefined;
  const hex = trimmed.slice(prefix.length);
  return new RegExp(`^[0-9a-f]{${HEX_LENGTH[algorithm]}}$`, 'i').test(hex)
    ? Buffer.from(hex, 'hex')
    : undefined;
}

function nonEmpty(values: Array<string | undefined> | undefined): string[] {
  return (values ?? []).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
}

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, secret)>`,
 * accepted if it matches any of `secrets` (rotation).
 *
 * @public
 */
export function verifyGithubSignature(
  delivery: WebhookDelivery,
  secrets: string[],
): VerificationResult {
  const keys = nonEmpty(secrets);
  if (keys.length === 0) return fail('no GitHub webhook secret configured');
  const value = header(delivery.headers, 'x-hub-signature-256');
  if (!value) return fail('missing X-Hub-Signature-256');
  const signature = parseHexSignature(value, 'sha256');
  if (!signature) return fail('X-Hub-Signature-256 is not sha256=<hex>');
  const expected = keys.map(k => hmac('sha256', k, delivery.rawBody));
  return anyEqual(expected, [signature])
    ? OK
    : fail('X-Hub-Signature-256 does not match the body');
}

/**
 * Jira Cloud (admin webhooks registered with a secret):
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256(raw body, secret)>` (the WebSub
 * `method=signature` form), accepted if it matches any of `secrets`.
 *
 * @public
 */
export function verifyJiraSignature(
  delivery: WebhookDelivery,
  secrets: string[],
): VerificationResult {
  const keys = nonEmpty(secrets);
  if (keys.length === 0) return fail('no Jira webhook secret configured');
  const value = header(delivery.headers, 'x-hub-signature');
  if (!value) return fail('missing X-Hub-Signature');
  const signature = parseHexSignature(value, 'sha256');
  if (!signature) return fail('X-Hub-Signature is not sha256=<hex>');
  const expected = keys.map(k => hmac('sha256', k, delivery.rawBody));
  return anyEqual(expected, [signature])
    ? OK
    : fail('X-Hub-Signature does not match the body');
}

/**
 * GitLab secret token: `X-Gitlab-Token` equals the configured token (or one
 * of several, during rotation).
 *
 * @public
 */
export function verifyGitlabToken(
  delivery: WebhookDelivery,
  token: string | string[],
): VerificationResult {
  const accepted = nonEmpty(Array.isArray(token) ? token : [token]);
  if (accepted.length === 0) return fail('no GitLab token configured');
  const value = header(delivery.headers, 'x-gitlab-token');
  if (value === undefined || value === '')
    return fail('missing X-Gitlab-Token');
  return anyEqual(accepted.map(sha256), [sha256(value)])
    ? OK
    : fail('X-Gitlab-Token does not match');
}

/** How far `webhook-timestamp` may be from the server's clock. */
const STANDARD_WEBHOOKS_TOLERANCE_SECONDS = 5 * 60;

/**
 * Standard Webhooks signatures (GitLab signing tokens):
 * `webhook-signature: v1,<base64 HMAC-SHA256("{webhook-id}.{webhook-timestamp}.{body}")>`,
 * possibly several separated by spaces; the key is the base64 part of the
 * `whsec_…` signing token. `webhook-timestamp` (epoch seconds) must lie
 * within 5 minutes of `now` (epoch milliseconds), against replays.
 *
 * @public
 */
export function verifyStandardWebhookSignature(
  delivery: WebhookDelivery,
  signingToken: string,
  now: number = Date.now(),
): VerificationResult {
  if (!signingToken) return fail('no signing token configured');
  const key = Buffer.from(signingToken.replace(/^whsec_/, ''), 'base64');
  if (key.length === 0) return fail('the signing token is not whsec_<base64>');
  const id = header(delivery.headers, 'webhook-id');
  const timestamp = header(delivery.headers, 'webhook-timestamp');
  const signatures = header(delivery.headers, 'webhook-signature');
  if (!signatures) return fail('missing webhook-signature');
  if (!id) return fail('missing webhook-id');
  if (!timestamp) return fail('missing webhook-timestamp');
  if (!/^\d{1,15}$/.test(timestamp.trim())) {
    return fail('webhook-timestamp is not epoch seconds');
  }
  const seconds = Number(timestamp.trim());
  if (Math.abs(now / 1000 - seconds) > STANDARD_WEBHOOKS_TOLERANCE_SECONDS) {
    return fail(
      'webhook-timestamp is more than 5 minutes from the server time',
    );
  }
  const candidates = signatures
    .split(' ')
    .map(s => s.trim())
    .filter(s => s.startsWith('v1,'))
    .map(s => Buffer.from(s.slice(3), 'base64'))
    .filter(b => b.length === 32);
  if (candidates.length === 0) {
    return fail('webhook-signature has no v1,<base64> signature');
  }
  const signed = Buffer.concat([
    Buffer.from(`${id}.${timestamp.trim()}.`, 'utf8'),
    delivery.rawBody,
  ]);
  return anyEqual([hmac('sha256', key, signed)], candidates)
    ? OK
    : fail('webhook-signature does not match the body');
}

/**
 * PagerDuty v3: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]` (one per
 * active secret during rotation); accepted if any signature matches any of
 * `secrets`. The key is the secret's raw UTF-8 bytes.
 *
 * @public
 */
export function verifyPagerdutySignature(
  delivery: WebhookDelivery,
  secrets: string[],
): VerificationResult {
  const keys = nonEmpty(secrets);
  if (keys.length === 0) return fail('no PagerDuty webhook secret configured');
  const value = header(delivery.headers, 'x-pagerduty-signature');
  if (!value) return fail('missing X-PagerDuty-Signature');
  const candidates = value
    .split(',')
    .map(s => s.trim())
    .filter(s => s.startsWith('v1='))
    .map(s => s.slice(3))
    .filter(hex => /^[0-9a-f]{64}$/i.test(hex))
    .map(hex => Buffer.from(hex, 'hex'));
  if (candidates.length === 0) {
    return fail('X-PagerDuty-Signature has no v1=<hex> signature');
  }
  const expected = keys.map(k =>
    hmac('sha256', Buffer.from(k, 'utf8'), delivery.rawBody),
  );
  return anyEqual(expected, candidates)
    ? OK
    : fail('X-PagerDuty-Signature does not match the body');
}

/**
 * Flux `generic-hmac` provider: the header
 * `X-Signature: <hash>=<hex HMAC(raw body, token)>`; the hash is `sha256`
 * today (the Flux docs say it may change, so sha1/sha384/sha512 are
 * understood too).
 *
 * @public
 */
export function verifyFluxSignature(
  delivery: WebhookDelivery,
  secrets: string[],
): VerificationResult {
  const keys = nonEmpty(secrets);
  if (keys.length === 0) return fail('no Flux provider token configured');
  const value = header(delivery.headers, 'x-signature');
  if (!value) return fail('missing X-Signature');
  const algorithm = value.trim().split('=')[0].toLowerCase() as HmacAlgorithm;
  if (!Object.prototype.hasOwnProperty.call(HEX_LENGTH, algorithm)) {
    return fail('X-Signature is not <sha256|sha384|sha512|sha1>=<hex>');
  }
  const signature = parseHexSignature(value, algorithm);
  if (!signature) return fail(`X-Signature is not ${algorithm}=<hex>`);
  const expected = keys.map(k => hmac(algorithm, k, delivery.rawBody));
  return anyEqual(expected, [signature])
    ? OK
    : fail('X-Signature does not match the body');
}

/**
 * The default header of shared-token sources (Opsgenie, Argo CD, CDEvents).
 *
 * @public
 */
export const DEFAULT_TOKEN_HEADER = 'x-goldpath-token';

/**
 * A shared token in a header (`tokenHeader`, default `X-Goldpath-Token`) or
 * as `Authorization: Bearer <token>`; accepted if it equals any of `tokens`.
 *
 * @public
 */
export function verifyHeaderToken(
  delivery: WebhookDelivery,
  tokens: string[],
  tokenHeader: string = DEFAULT_TOKEN_HEADER,
): VerificationResult {
  const accepted = nonEmpty(tokens);
  if (accepted.length === 0) return fail('no token configured');
  const presented: string[] = [];
  const direct = header(delivery.headers, tokenHeader);
  if (direct) presented.push(direct.trim());
  const authorization = header(delivery.headers, 'authorization');
  const bearer = authorization && /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (bearer) presented.push(bearer[1].trim());
  if (presented.length === 0) {
    return fail(`missing ${tokenHeader} or Authorization: Bearer`);
  }
  return anyEqual(accepted.map(sha256), presented.map(sha256))
    ? OK
    : fail(`${tokenHeader} does not match`);
}

/**
 * Checks a delivery's signature or token with the scheme of its source.
 * GitLab: a signing token verifies `webhook-signature` when the delivery has
 * one (or when no plain token is configured); otherwise `X-Gitlab-Token`.
 * `now` (epoch milliseconds) is for GitLab's timestamp window. Token sources
 * (GitLab's X-Gitlab-Token too) accept `token` or any of `secrets`; HMAC
 * sources use `secrets`, or `token` when no `secrets` are set.
 *
 * @public
 */
export function verifyDelivery(
  source: WebhookSource,
  delivery: WebhookDelivery,
  secrets: SourceSecrets,
  now: number = Date.now(),
): VerificationResult {
  const hmacKeys = nonEmpty(
    secrets.secrets?.length ? secrets.secrets : [secrets.token],
  );
  const tokens = nonEmpty([secrets.token, ...(secrets.secrets ?? [])]);
  switch (source) {
    case 'github':
    case 'github-issues':
      return verifyGithubSignature(delivery, hmacKeys);
    case 'jira':
      return verifyJiraSignature(delivery, hmacKeys);
    case 'gitlab': {
      const signed =
        header(delivery.headers, 'webhook-signature') !== undefined;
      if (secrets.signingToken && (signed || tokens.length === 0)) {
        return verifyStandardWebhookSignature(
          delivery,
          secrets.signingToken,
          now,
        );
      }
      if (tokens.length > 0) {
        return verifyGitlabToken(delivery, tokens);
      }
      return fail('no GitLab token or signing token configured');
    }
    case 'pagerduty':
      return verifyPagerdutySignature(delivery, hmacKeys);
    case 'flux':
      return verifyFluxSignature(delivery, hmacKeys);
    case 'opsgenie':
    case 'argocd':
    case 'cdevents':
      return verifyHeaderToken(
        delivery,
        tokens,
        secrets.tokenHeader ?? DEFAULT_TOKEN_HEADER,
      );
    default:
      return fail(`unknown webhook source ${String(source)}`);
  }
}
