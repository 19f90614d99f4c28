import { InputError } from '@backstage/errors';
import { policyReadPermission } from '@goldpath/plugin-policy-common';
import { Router } from 'express';
import { z } from 'zod';
import { Authorize } from '../authorize';
import { AttachmentService } from '../AttachmentService';
import { OverviewService } from '../OverviewService';
import { StateService } from '../StateService';
import { normalizeEntityRef, parseOrThrow } from '../validation';

const limitParam = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .refine(n => n >= 1 && n <= max, {
      message: `must be a whole number from 1 to ${max}`,
    })
    .optional()
    .transform(n => n ?? fallback);

export const overviewQuerySchema = z.strictObject({
  limit: limitParam(100, 10),
});
export const unmappedQuerySchema = z.strictObject({
  limit: limitParam(500, 50),
});
export const entityQuerySchema = z.strictObject({});

/** `GET /entities/:kind/:namespace/:name`, `GET /overview`, `GET /unmapped`. */
export function entityRoutes(
  router: Router,
  options: {
    state: StateService;
    overview: OverviewService;
    attachment: AttachmentService;
    authorize: Authorize;
  },
) {
  const { state, overview, attachment, authorize } = options;

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    await authorize(req, policyReadPermission);
    parseOrThrow(entityQuerySchema, req.query, 'query');
    const { kind, namespace, name } = req.params;
    const entityRef = normalizeEntityRef(`${kind}:${namespace}/${name}`);
    if (!entityRef) {
      throw new InputError(
        `Invalid entity ref ${kind}:${namespace}/${name}: kind, namespace and name must be valid catalog names`,
      );
    }
    res.json(await state.getEntityState(entityRef));
  });

  router.get('/overview', async (req, res) => {
    const credentials = await authorize(req, policyReadPermission);
    const query = parseOrThrow(overviewQuerySchema, req.query, 'query');
    res.json(await overview.getOverview({ credentials, limit: query.limit }));
  });

  router.get('/unmapped', async (req, res) => {
    await authorize(req, policyReadPermission);
    const query = parseOrThrow(unmappedQuerySchema, req.query, 'query');
    res.json(await attachment.list(query.limit));
  });
}
