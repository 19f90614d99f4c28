import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AuditTrailService } from '@goldpath/plugin-audit-node';
import { WebhookSource } from '@goldpath/plugin-dora-adapters';
import {
  WebhookResponse,
  doraScorecardsReadPermission,
} from '@goldpath/plugin-dora-common';
import express, { Response, Router } from 'express';
import { Authorize } from '../authorize';
import { UnresolvedIdentities } from '../../ingestion/UnresolvedIdentities';
import { WebhookService } from '../../ingestion/WebhookService';
import { PayloadTooLargeError } from '../errors';
import { RateLimiter } from '../rateLimit';
import { WEBHOOK_DELIVERY_ACTION, deliveryIdOf, recordFailure } from '../audit';
import { EntityVisibility } from '../../catalog/visibility';

/**
 * `POST /webhooks/:source`: open to the network (the plugin adds an
 * unauthenticated auth policy for it); every delivery proves itself with its
 * source's signature or token instead.
 */
export function webhookRoutes(
  router: Router,
  options: {
    webhooks: WebhookService;
    unresolved: UnresolvedIdentities;
    authorize: Authorize;
    /** The router always passes it; without it (benchmarks), no narrowing. */
    visibility?: EntityVisibility;
    maxBodyBytes: number;
    /** One bucket per source, counted once a delivery proved itself. */
    rateLimiter?: RateLimiter;
    /** Where each delivery is recorded; without it (benchmarks), nowhere. */
    trail?: AuditTrailService;
    logger?: LoggerService;
  },
) {
  const { webhooks, unresolved, authorize, visibility, trail } = options;
  /** One body parser per limit (sources differ: GitHub takes 25 MB). */
  const parsers = new Map<number, express.RequestHandler>();
  router.post(
    '/webhooks/:source',
    // The exact bytes: signatures are computed over them, up to the
    // source's documented (or configured) maximum; 413 above it.
    (req, res, next) => {
      const limit = webhooks.maxBodyBytes(req.params.source);
      let parser = parsers.get(limit);
      if (!parser) {
        parser = express.raw({ type: () => true, limit });
        parsers.set(limit, parser);
      }
      parser(req, res, (error?: unknown) => {
        if (error && (error as { type?: string }).type === 'entity.too.large') {
          next(
            new PayloadTooLargeError(
              `The body is larger than the ${limit} bytes a ${req.params.source} webhook may have`,
            ),
          );
          return;
        }
        next(error);
      });
    },
    async (req, res) => {
      const source = req.params.source;
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name.toLowerCase()] = Array.isArray(value)
          ? value.join(',')
          : value;
      }
      let result: WebhookResponse;
      try {
        result = await receive(source, headers, req.body, res);
      } catch (e) {
        // A source that is not enabled is no delivery of anyone: not recorded.
        if (trail && webhooks.isEnabled(source)) {
          await recordFailure(trail, options.logger!, e, {
            ...deliveryRecord(source, headers),
            request: req,
          });
        }
        throw e;
      }
      if (trail) {
        const deliveryId = deliveryIdOf(headers);
        // Recorded before the answer: a record that cannot be kept fails the
        // delivery, and the source's redelivery records it then. The
        // delivery id is the record's id: redeliveries are one record.
        await trail.record({
          ...deliveryRecord(source, headers),
          ...(deliveryId
            ? { id: `${WEBHOOK_DELIVERY_ACTION}:${source}:${deliveryId}` }
            : {}),
          outcome: 'succeeded',
          request: req,
          severityLevel: 'low',
          meta: {
            source,
            ...(deliveryId ? { deliveryId } : {}),
            status: result.status,
            ...('accepted' in result
              ? {
                  received: result.received,
                  accepted: result.accepted,
                  duplicates: result.duplicates,
                  optedOut: result.optedOut,
                  rejected: result.rejected.length,
                  unresolved: result.unresolved,
                }
              : {}),
          },
        });
      }
      res.status(202).json(result);
    },
  );

  /**
   * The common part of a delivery's record: the source is the actor (the
   * signature proved it, or failed to), the delivery id the correlation id.
   * Failures and refusals get record ids of their own, so a forged delivery
   * cannot take the id of the real one.
   */
  function deliveryRecord(
    source: string,
    headers: Record<string, string | undefined>,
  ) {
    const deliveryId = deliveryIdOf(headers);
    return {
      action: WEBHOOK_DELIVERY_ACTION,
      actor: { type: 'service' as const, ref: `webhook:${source}` },
      ...(deliveryId ? { correlationId: deliveryId } : {}),
      meta: { source, ...(deliveryId ? { deliveryId } : {}) },
    };
  }

  async function receive(
    source: string,
    headers: Record<string, string | undefined>,
    raw: unknown,
    res: Response,
  ): Promise<WebhookResponse> {
    const rawBody = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch (e) {
      // Verify first: an unauthenticated caller learns nothing about parsing.
      await webhooks.checkAuthenticity(source, {
        headers,
        rawBody,
        body: undefined,
        receivedAt: Date.now(),
      });
      throw new InputError(`The body is not JSON: ${(e as Error).message}`);
    }
    const delivery = { headers, rawBody, body, receivedAt: Date.now() };
    // Verified before it is counted: forged deliveries cannot use up the
    // budget of a source's real ones.
    await webhooks.checkAuthenticity(source, delivery);
    options.rateLimiter?.check(`webhook:${source}`, res);
    return webhooks.receiveTrusted(source as WebhookSource, delivery);
  }

  router.get('/unresolved', async (req, res) => {
    const credentials = await authorize(req, doraScorecardsReadPermission);
    const visible = await visibility?.components(credentials);
    res.json({ identities: await unresolved.list({ visible }) });
  });
}
