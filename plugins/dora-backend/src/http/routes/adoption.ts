import {
  ADOPTION_DEFAULT_MONTHS,
  ADOPTION_MAX_MONTHS,
  doraScorecardsReadPermission,
} from '@goldpath/plugin-dora-common';
import { Router } from 'express';
import { z } from 'zod';
import { AdoptionService } from '../../scorecards/AdoptionService';
import { Authorize } from '../authorize';
import { asOfQueryParam, parseOrThrow } from '../validation';

/** `GET /adoption?asOf=<ISO 8601>&months=<1..24>` */
export const adoptionQuerySchema = z.strictObject({
  asOf: asOfQueryParam,
  months: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return ADOPTION_DEFAULT_MONTHS;
      const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1 && n <= ADOPTION_MAX_MONTHS)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a whole number of months from 1 to ${ADOPTION_MAX_MONTHS}`,
        });
        return z.NEVER;
      }
      return n;
    }),
});

export function adoptionRoutes(
  router: Router,
  options: { adoption: AdoptionService; authorize: Authorize },
) {
  const { adoption, authorize } = options;

  router.get('/adoption', async (req, res) => {
    const credentials = await authorize(req, doraScorecardsReadPermission);
    const query = parseOrThrow(adoptionQuerySchema, req.query, 'query');
    // Counted with the caller's credentials: only what they may see.
    res.json(
      await adoption.getAdoption({
        asOf: query.asOf,
        months: query.months,
        credentials,
      }),
    );
  });
}
