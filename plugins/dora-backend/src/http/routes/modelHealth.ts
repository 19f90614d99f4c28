import {
  MODEL_HEALTH_DEFAULT_DAYS,
  MODEL_HEALTH_MAX_DAYS,
  ModelHealthResponse,
  doraScorecardsReadPermission,
  parseServiceRef,
  summarizeModelHealth,
} from '@goldpath/plugin-dora-common';
import { Router } from 'express';
import { z } from 'zod';
import { DoraStore } from '../../database/DoraStore';
import { Authorize } from '../authorize';
import { EntityVisibility } from '../../catalog/visibility';
import { parseOrThrow } from '../validation';

const DAY_MS = 86_400_000;
/** Most events one read summarises (the newest of the window). */
export const MODEL_HEALTH_MAX_EVENTS = 5_000;

/** `GET /model-health?entity=<ref>&days=<1..90>` */
export const modelHealthQuerySchema = z.strictObject({
  entity: z.string({ error: 'is required' }).transform((v, ctx) => {
    const ref = parseServiceRef(v);
    if (!ref.ok) {
      ctx.addIssue({ code: 'custom', message: ref.reason });
      return z.NEVER;
    }
    return ref.ref;
  }),
  days: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return MODEL_HEALTH_DEFAULT_DAYS;
      const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1 && n <= MODEL_HEALTH_MAX_DAYS)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a whole number of days from 1 to ${MODEL_HEALTH_MAX_DAYS}`,
        });
        return z.NEVER;
      }
      return n;
    }),
});

export function modelHealthRoutes(
  router: Router,
  options: {
    store: DoraStore;
    authorize: Authorize;
    visibility: EntityVisibility;
  },
) {
  const { store, authorize, visibility } = options;

  router.get('/model-health', async (req, res) => {
    // The same rule as the other per-entity reads (scorecards, timelines).
    const credentials = await authorize(req, doraScorecardsReadPermission);
    const query = parseOrThrow(modelHealthQuerySchema, req.query, 'query');
    await visibility.assertVisible(query.entity, credentials);
    const to = Date.now();
    const from = to - query.days * DAY_MS;
    const events = await store.listModelHealthEvents({
      service: query.entity,
      from,
      to: to + 1,
      limit: MODEL_HEALTH_MAX_EVENTS,
    });
    const body: ModelHealthResponse = {
      entityRef: query.entity,
      window: {
        days: query.days,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      },
      models: summarizeModelHealth(events),
    };
    res.json(body);
  });
}
