import { InputError } from '@backstage/errors';
import { doraScorecardsReadPermission } from '@goldpath/plugin-dora-common';
import express, { Router } from 'express';
import { Authorize } from '../authorize';
import { ResolutionService } from '../ResolutionService';
import { WebhookService } from '../WebhookService';

/**
 * `POST /webhooks/:source`: open to the network (the plugin adds an
 * unauthenticated auth policy for it); every delivery proves itself with its
 * source's signature or token instead.
 */
export function webhookRoutes(
  router: Router,
  options: {
    webhooks: WebhookService;
    resolution: ResolutionService;
    authorize: Authorize;
    maxBodyBytes: number;
  },
) {
  const { webhooks, resolution, authorize } = options;
  router.post(
    '/webhooks/:source',
    // The exact bytes: signatures are computed over them.
    express.raw({ type: () => true, limit: options.maxBodyBytes }),
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
      const result = await webhooks.receive(req.params.source, {
        headers,
        rawBody,
        body,
        receivedAt: Date.now(),
      });
      res.status(202).json(result);
    },
  );

  router.get('/unresolved', async (req, res) => {
    await authorize(req, doraScorecardsReadPermission);
    res.json({ identities: await resolution.list() });
  });
}
