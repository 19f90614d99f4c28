import { InputError } from '@backstage/errors';
import {
  ROLLUP_GROUP_BYS,
  doraScorecardsReadPermission,
  parseServiceRef,
  parseWindowDays,
} from '@goldpath/plugin-dora-common';
import { Request, Response, Router } from 'express';
import { z } from 'zod';
import { Authorize } from '../authorize';
import { ScorecardService } from '../../scorecards/ScorecardService';
import { EntityVisibility } from '../../catalog/visibility';
import { asOfQueryParam, parseOrThrow } from '../validation';

const windowParam = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const days = parseWindowDays(v);
    if (days === undefined || days > 3660) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be whole days or weeks up to 10 years, like 90d or 12w',
      });
      return z.NEVER;
    }
    return days;
  });

const asOfParam = asOfQueryParam;

export const scorecardQuerySchema = z.strictObject({
  window: windowParam,
  asOf: asOfParam,
});

export const rollupQuerySchema = z.strictObject({
  groupBy: z.enum(ROLLUP_GROUP_BYS, {
    error: `must be one of ${ROLLUP_GROUP_BYS.join(', ')}`,
  }),
  window: windowParam,
  asOf: asOfParam,
});

function entityRefOf(req: Request): string {
  const { kind, namespace, name } = req.params;
  const ref = parseServiceRef(`${kind}:${namespace}/${name}`);
  if (!ref.ok) {
    throw new InputError(`Invalid entity ref: ${ref.reason}`);
  }
  return ref.ref;
}

export function scorecardRoutes(
  router: Router,
  options: {
    scorecards: ScorecardService;
    authorize: Authorize;
    visibility: EntityVisibility;
  },
) {
  const { scorecards, authorize, visibility } = options;

  // Every read answers with what the caller may see in the catalog: a
  // hidden entity reads as unknown (404), a rollup covers visible services.
  router.get('/scorecards/:kind/:namespace/:name', async (req, res) => {
    const credentials = await authorize(req, doraScorecardsReadPermission);
    const query = parseOrThrow(scorecardQuerySchema, req.query, 'query');
    const entityRef = entityRefOf(req);
    await visibility.assertVisible(entityRef, credentials);
    const rollup = ['group', 'system', 'domain'].includes(req.params.kind);
    sendMaybeComputing(
      res,
      await scorecards.getEntity({
        entityRef,
        windowDays: query.window,
        asOf: query.asOf,
        ...(rollup && { visible: await visibility.components(credentials) }),
      }),
    );
  });

  router.get(
    '/scorecards/:kind/:namespace/:name/timeline',
    async (req, res) => {
      const credentials = await authorize(req, doraScorecardsReadPermission);
      const query = parseOrThrow(scorecardQuerySchema, req.query, 'query');
      const entityRef = entityRefOf(req);
      await visibility.assertVisible(entityRef, credentials);
      res.json(
        await scorecards.getTimeline({
          entityRef,
          windowDays: query.window,
          asOf: query.asOf,
        }),
      );
    },
  );

  router.get('/rollups', async (req, res) => {
    const credentials = await authorize(req, doraScorecardsReadPermission);
    const query = parseOrThrow(rollupQuerySchema, req.query, 'query');
    sendMaybeComputing(
      res,
      await scorecards.getRollups({
        groupBy: query.groupBy,
        windowDays: query.window,
        asOf: query.asOf,
        visible: await visibility.components(credentials),
      }),
    );
  });
}

/**
 * A rollup still being computed in the background answers 202 with
 * `Retry-After` (and `computing: true` in the body); anything else 200.
 */
function sendMaybeComputing(
  res: Response,
  body: object & { computing?: true; retryAfterSeconds?: number },
) {
  if (body.computing) {
    res
      .status(202)
      .set('Retry-After', String(body.retryAfterSeconds ?? 5))
      .json(body);
    return;
  }
  res.json(body);
}
