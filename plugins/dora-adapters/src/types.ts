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
  'jira',
  'github-issues',
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
  /**
   * The tool identity of the event's service. Ticket events have no
   * service: theirs is absent, or (GitHub Issues) names the repository only
   * so that opted-out repositories are not stored.
   */
  identity?: ServiceIdentity;
}

/**
 * Where a ticket source's category or team comes from (app-config
 * `goldpath.dora.webhooks.<source>.category` / `.team`):
 *
 * - `issueType`: the Jira issue type's name (category only);
 * - `component`: the first Jira component's name (category only);
 * - `labelPrefix`: the first label starting with `prefix` (e.g.
 *   `category:` or `team:`), without the prefix;
 * - `field`: a Jira (custom) field by id, e.g. `customfield_10042`: a
 *   string, a select option (`value`), a named object (`name`) or the first
 *   of a list of those.
 *
 * Values are slugged (`Database Credentials` → `database-credentials`) so
 * that categories and teams compare across sources.
 *
 * @public
 */
export type TicketFieldSource =
  | { from: 'issueType' }
  | { from: 'component' }
  | { from: 'labelPrefix'; prefix: string }
  | { from: 'field'; field: string };

/**
 * How a ticket source maps its issues to a ticket's category and team.
 *
 * @public
 */
export interface TicketMapping {
  category?: TicketFieldSource;
  team?: TicketFieldSource;
}

/**
 * Options of {@link SourceAdapter.normalize}.
 *
 * @public
 */
export interface NormalizeOptions {
  /** Overrides the event type the headers name (the CLI passes `--event`). */
  eventName?: string;
  /** Ticket sources (Jira, GitHub Issues): where category and team come from; each has defaults. */
  tickets?: TicketMapping;
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
    options?: NormalizeOptions,
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
