import { InputError } from '@backstage/errors';
import { WebhookSource } from '@goldpath/plugin-dora-adapters';
import { doraScorecardsReadPermission } from '@goldpath/plugin-dora-common';
import express, { Router } from 'express';
import { Authorize } from '../authorize';
import { UnresolvedIdentities } from '../../ingestion/UnresolvedIdentities';
import { WebhookService } from '../../ingestion/WebhookService';
import { PayloadTooLargeError } from '../errors';
import { RateLimiter } from '../rateLimit';
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
  },
) {
  const { webhooks, unresolved, authorize, visibility } = options;
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
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name.toLowerCase()] = Array.isArray(value)
          ? value.join(',')
          : value;
      }
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch (e) {
        // Verify first: an unauthenticated caller learns nothing about parsing.
        await webhooks.checkAuthenticity(req.params.source, {
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
      await webhooks.checkAuthenticity(req.params.source, delivery);
      options.rateLimiter?.check(`webhook:${req.params.source}`, res);
      const result = await webhooks.receiveTrusted(
        req.params.source as WebhookSource,
        delivery,
      );
      res.status(202).json(result);
    },
  );

  router.get('/unresolved', async (req, res) => {
    const credentials = await authorize(req, doraScorecardsReadPermission);
    const visible = await visibility?.components(credentials);
    res.json({ identities: await unresolved.list({ visible }) });
  });
}
