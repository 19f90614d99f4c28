import { policyReadPermission } from '@goldpath/plugin-policy-common';
import { Router } from 'express';
import { z } from 'zod';
import { Authorize } from '../authorize';
import { SummaryService } from '../SummaryService';
import { parseOrThrow } from '../validation';

export const summaryQuerySchema = z.strictObject({
  since: z.string().min(1, 'must not be empty').max(2048).optional(),
});

/** `GET /summary?since=`: for service principals (the catalog module); users get 403. */
export function summaryRoutes(
  router: Router,
  options: { summary: SummaryService; authorize: Authorize },
) {
  const { summary, authorize } = options;
  router.get('/summary', async (req, res) => {
    await authorize(req, policyReadPermission, { allow: ['service'] });
    const query = parseOrThrow(summaryQuerySchema, req.query, 'query');
    res.json(await summary.read({ since: query.since }));
  });
}
