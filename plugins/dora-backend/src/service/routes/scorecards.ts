import { InputError } from '@backstage/errors';
import {
  ROLLUP_GROUP_BYS,
  doraScorecardsReadPermission,
  parseInstant,
  parseServiceRef,
  parseWindowDays,
} from '@goldpath/plugin-dora-common';
import { Request, Router } from 'express';
import { z } from 'zod';
import { Authorize } from '../authorize';
import { ScorecardService } from '../ScorecardService';
import { parseOrThrow } from '../validation';

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

const asOfParam = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const ms = parseInstant(v);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an ISO 8601 date-time with an offset',
      });
      return z.NEVER;
    }
    return ms;
  });

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
  options: { scorecards: ScorecardService; authorize: Authorize },
) {
  const { scorecards, authorize } = options;

  router.get('/scorecards/:kind/:namespace/:name', async (req, res) => {
    await authorize(req, doraScorecardsReadPermission);
    const query = parseOrThrow(scorecardQuerySchema, req.query, 'query');
    res.json(
      await scorecards.getEntity({
        entityRef: entityRefOf(req),
        windowDays: query.window,
        asOf: query.asOf,
      }),
    );
  });

  router.get(
    '/scorecards/:kind/:namespace/:name/timeline',
    async (req, res) => {
      await authorize(req, doraScorecardsReadPermission);
      const query = parseOrThrow(scorecardQuerySchema, req.query, 'query');
      res.json(
        await scorecards.getTimeline({
          entityRef: entityRefOf(req),
          windowDays: query.window,
          asOf: query.asOf,
        }),
      );
    },
  );

  router.get('/rollups', async (req, res) => {
    await authorize(req, doraScorecardsReadPermission);
    const query = parseOrThrow(rollupQuerySchema, req.query, 'query');
    res.json(
      await scorecards.getRollups({
        groupBy: query.groupBy,
        windowDays: query.window,
        asOf: query.asOf,
      }),
    );
  });
}
