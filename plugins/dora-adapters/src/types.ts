/**
 * The tools Goldpath receives webhooks from.
 *
 * @public
 */
export const WEBHOOK_SOURCES = [
  'github',
  'gitlab',
  'pagerduty',
  'opsgenie',
  'argocd',
  'flux',
  'cdevents',
] as const;

/** @public */
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

/**
 * One webhook delivery as it arrived.
 *
 * @public
 */
export interface WebhookDelivery {
  /** Request headers, names lower-cased. */
  headers: Record<string, string | undefined>;
  /** The exact body bytes (what signatures are computed over). */
  rawBody: Buffer;
  /** The body parsed as JSON. */
  body: unknown;
  /** When Goldpath received it, epoch milliseconds. */
  receivedAt: number;
}

/**
 * How a tool names the service an event belongs to. The backend maps it to
 * a catalog entity through the annotation; without a catalog (the CLI) the
 * service is named `fallbackName`.
 *
 * @public
 */
export interface ServiceIdentity {
  /** The catalog annotation whose value names the service, e.g. `github.com/project-slug`. */
  annotation: string;
  /** The value the tool sent, e.g. `acme/checkout`. */
  value: string;
  /** An entity name to use without a catalog, e.g. `checkout`. */
  fallbackName: string;
}

/**
 * A canonical delivery event (docs/EVENTS.md) without its `service`, which
 * resolution fills in from `identity`.
 *
 * @public
 */
export interface PendingEvent {
  event: { id: string; type: string; timestamp: string } & Record<
    string,
    unknown
  >;
  identity: ServiceIdentity;
}

/**
 * What an adapter makes of a delivery: canonical events, or the reason it
 * is ignored (an event type or action Goldpath does not use).
 *
 * @public
 */
export type AdapterResult =
  | { kind: 'events'; events: PendingEvent[] }
  | { kind: 'ignored'; reason: string };

/**
 * Turns one source's deliveries into canonical events.
 *
 * @public
 */
export interface SourceAdapter {
  readonly source: WebhookSource;
  /**
   * The name of the delivery's event type (e.g. GitHub's `X-GitHub-Event`),
   * from the headers or, failing that, from the body; undefined if unknown.
   */
  eventName(delivery: WebhookDelivery): string | undefined;
  /**
   * Normalises a delivery. `eventName` overrides the event type the headers
   * name (the CLI passes `--event`). Throws {@link MalformedPayloadError} for
   * bodies that are not what the source sends.
   */
  normalize(
    delivery: WebhookDelivery,
    options?: { eventName?: string },
  ): AdapterResult;
}

/**
 * A body that is not what the source sends: the webhook endpoint answers 400.
 *
 * @public
 */
export class MalformedPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedPayloadError';
  }
}

/**
 * The secrets of one source, from app-config.
 *
 * @public
 */
export interface SourceSecrets {
  /** HMAC secret (GitHub, Flux), or several accepted secrets (PagerDuty rotation). */
  secrets?: string[];
  /** Shared token compared with a header (GitLab's X-Gitlab-Token, Opsgenie, Argo CD, CDEvents). */
  token?: string;
  /** Header that carries `token`; default per source. */
  tokenHeader?: string;
  /** GitLab signing token (`whsec_...`), Standard Webhooks signatures. */
  signingToken?: string;
}

/**
 * The outcome of checking a delivery's signature or token.
 *
 * @public
 */
export type VerificationResult = { ok: true } | { ok: false; reason: string };
