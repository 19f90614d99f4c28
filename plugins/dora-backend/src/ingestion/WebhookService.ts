import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import {
  MalformedPayloadError,
  PendingEvent,
  SourceSecrets,
  TicketMapping,
  WEBHOOK_SOURCES,
  WebhookDelivery,
  WebhookSource,
  adapters,
  verifyDelivery,
} from '@goldpath/plugin-dora-adapters';
import {
  IngestResult,
  WebhookResponse,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';
import { ActorPseudonymizer } from './ActorPseudonymizer';
import { DoraStore, UnresolvedEvent } from '../database/DoraStore';
import { IngestionService } from './IngestionService';
import { CatalogDirectory, CatalogSnapshot } from '../catalog/CatalogDirectory';
import { IdentityResolver } from './IdentityResolver';
import { InvalidEventsError } from '../http/errors';

/** A stand-in service for validating events that have no service yet. */
const PLACEHOLDER = 'component:default/unresolved';

interface WebhookServiceOptions {
  sources: Partial<Record<WebhookSource, SourceSecrets>>;
  allowInsecure: boolean;
  ingestion: IngestionService;
  store: DoraStore;
  directory: Pick<CatalogDirectory, 'get'>;
  resolver: IdentityResolver;
  pseudonymizer: ActorPseudonymizer;
  logger: LoggerService;
  maxFutureMillis: number;
  /** Largest accepted body per source, in bytes (default 5 MB). */
  maxBodyBytes?: Partial<Record<WebhookSource, number>>;
  /** Ticket sources (jira, github-issues): where category and team come from. */
  ticketMappings?: Partial<Record<WebhookSource, TicketMapping>>;
}

/** Body limit of sources that configure none and document none. */
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Receives tool webhooks: checks the source's signature or token, turns the
 * payload into canonical events with the source's adapter, maps tool
 * identities to catalog entities, stores what maps and keeps the rest until
 * the catalog learns the mapping.
 */
export class WebhookService {
  static create(options: WebhookServiceOptions): WebhookService {
    return new WebhookService(options);
  }

  private constructor(private readonly options: WebhookServiceOptions) {}

  /**
   * The largest body a source's route accepts: its configured
   * `maxBodySize`, else its documented maximum (see config.ts).
   */
  maxBodyBytes(source: string): number {
    const known = (WEBHOOK_SOURCES as readonly string[]).includes(source);
    return (
      (known
        ? this.options.maxBodyBytes?.[source as WebhookSource]
        : undefined) ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES
    );
  }

  /** A delivery to `POST /webhooks/:source`. */
  async receive(
    source: string,
    delivery: WebhookDelivery,
  ): Promise<WebhookResponse> {
    await this.checkAuthenticity(source, delivery);
    return this.normalizeAndAccept(source as WebhookSource, delivery);
  }

  /** Whether `POST /webhooks/:source` takes deliveries of a source. */
  isEnabled(source: string): boolean {
    return (
      (WEBHOOK_SOURCES as readonly string[]).includes(source) &&
      Object.prototype.hasOwnProperty.call(this.options.sources, source) &&
      Boolean(this.options.sources[source as WebhookSource])
    );
  }

  /**
   * Throws NotFoundError for a source that is not enabled and
   * AuthenticationError for a bad or missing signature or token. Sources
   * configured without a secret (allowInsecure) accept any delivery.
   */
  async checkAuthenticity(source: string, delivery: WebhookDelivery) {
    const known =
      (WEBHOOK_SOURCES as readonly string[]).includes(source) &&
      Object.prototype.hasOwnProperty.call(this.options.sources, source);
    const secrets = known
      ? this.options.sources[source as WebhookSource]
      : undefined;
    if (!secrets) {
      throw new NotFoundError(`Webhook source "${source}" is not enabled`);
    }
    const hasSecret = Boolean(
      secrets.secrets?.length || secrets.token || secrets.signingToken,
    );
    if (hasSecret) {
      const verdict = verifyDelivery(
        source as WebhookSource,
        delivery,
        secrets,
      );
      if (!verdict.ok) {
        throw new AuthenticationError(`Webhook rejected: ${verdict.reason}`);
      }
    }
  }

  /**
   * A delivery that is already authentic (it came through the Backstage
   * events bus, whose ingress checked it).
   */
  async receiveTrusted(
    source: WebhookSource,
    delivery: WebhookDelivery,
    eventName?: string,
  ): Promise<WebhookResponse> {
    return this.normalizeAndAccept(source, delivery, eventName);
  }

  private async normalizeAndAccept(
    source: WebhookSource,
    delivery: WebhookDelivery,
    eventName?: string,
  ): Promise<WebhookResponse> {
    let result;
    try {
      const tickets = this.options.ticketMappings?.[source];
      result = adapters[source].normalize(delivery, {
        ...(eventName && { eventName }),
        ...(tickets && { tickets }),
      });
    } catch (e) {
      if (e instanceof MalformedPayloadError) {
        throw new InputError(`Malformed ${source} payload: ${e.message}`);
      }
      throw e;
    }
    if (result.kind === 'ignored') {
      return { status: 'ignored', reason: result.reason };
    }
    return this.accept(source, result.events, delivery.receivedAt);
  }

  /** Resolves, stores and keeps the events of one delivery. */
  async accept(
    source: WebhookSource,
    pending: readonly PendingEvent[],
    receivedAt: number,
  ): Promise<WebhookResponse & { status: 'accepted' }> {
    let directory = await this.directory();
    const resolve = (identity: NonNullable<PendingEvent['identity']>) =>
      this.options.resolver.resolve(directory, identity, source);
    if (
      directory &&
      pending.some(
        p =>
          p.event.type !== 'ticket' &&
          (!p.identity || resolve(p.identity).kind === 'unresolved'),
      )
    ) {
      // The catalog may have learned the identity since the snapshot was read.
      directory = (await this.directory({ maxAgeMillis: 5_000 })) ?? directory;
    }
    const resolved: unknown[] = [];
    /** Position in `pending` of each event in `resolved`. */
    const resolvedIndex: number[] = [];
    const unresolved: UnresolvedEvent[] = [];
    const rejected: IngestResult['rejected'] = [];
    let optedOut = 0;
    pending.forEach((p, index) => {
      if (p.event.type === 'ticket') {
        // Tickets have no service: stored as they are, unless the
        // repository they came from opted out.
        if (p.identity && resolve(p.identity).kind === 'optedOut') {
          optedOut++;
          return;
        }
        resolved.push(p.event);
        resolvedIndex.push(index);
        return;
      }
      if (!p.identity) {
        rejected.push({
          index,
          id: p.event.id,
          errors: [{ path: 'service', message: 'the event names no service' }],
        });
        return;
      }
      const identity = p.identity;
      const resolution = resolve(identity);
      if (resolution.kind === 'optedOut') {
        optedOut++;
        return;
      }
      if (resolution.kind === 'service') {
        resolved.push({ ...p.event, service: resolution.ref });
        resolvedIndex.push(index);
        return;
      }
      const check = validateDeliveryEvent(
        { ...p.event, service: PLACEHOLDER },
        { now: receivedAt, maxFutureMillis: this.options.maxFutureMillis },
      );
      if (!check.ok) {
        rejected.push({ index, id: p.event.id, errors: check.errors });
        return;
      }
      const { service: _placeholder, actor, ...event } = check.event;
      const pseudonym = actor
        ? this.options.pseudonymizer.pseudonymize(actor)
        : undefined;
      unresolved.push({
        id: event.id,
        source,
        identity,
        event: pseudonym ? { ...event, actor: pseudonym } : event,
        occurredAt: Date.parse(event.timestamp),
        receivedAt,
      });
    });
    // Resolved and unresolved events of the delivery: one transaction.
    const { unresolvedInserted, ...ingested } =
      await this.options.ingestion.ingest(resolved, { source, unresolved });
    const kept = { inserted: unresolvedInserted ?? 0 };
    const allRejected = [
      ...rejected,
      ...ingested.rejected.map(r => ({ ...r, index: resolvedIndex[r.index] })),
    ].sort((a, b) => a.index - b.index);
    if (
      allRejected.length > 0 &&
      allRejected.length + optedOut === pending.length
    ) {
      throw new InvalidEventsError(allRejected);
    }
    return {
      status: 'accepted',
      ...ingested,
      received: pending.length,
      duplicates: ingested.duplicates + (unresolved.length - kept.inserted),
      optedOut: optedOut + ingested.optedOut,
      rejected: allRejected,
      unresolved: kept.inserted,
    };
  }

  private async directory(options?: {
    maxAgeMillis?: number;
  }): Promise<CatalogSnapshot | undefined> {
    try {
      return await this.options.directory.get(options);
    } catch (e) {
      this.options.logger.warn(
        `Could not read the catalog; webhook events are kept as unresolved until it answers: ${e}`,
      );
      return undefined;
    }
  }
}
