import {
  TICKET_GROUP_BYS,
  doraScorecardsReadPermission,
  isValidTimeZone,
  parseWindowDays,
} from '@goldpath/plugin-dora-common';
import { Router } from 'express';
import { z } from 'zod';
import { TicketService } from '../../tickets/TicketService';
import { Authorize } from '../authorize';
import { asOfQueryParam, parseOrThrow } from '../validation';

/** The longest ticket window: a year (and the history before it as long). */
export const TICKETS_MAX_WINDOW_DAYS = 366;

const key = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(256, { message: 'must be at most 256 characters' })
  .optional();

/** `GET /tickets?window=&asOf=&groupBy=category|team|month&category=&team=&timeZone=` */
export const ticketsQuerySchema = z.strictObject({
  window: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const days = parseWindowDays(v);
      if (days === undefined || days > TICKETS_MAX_WINDOW_DAYS) {
        ctx.addIssue({
          code: 'custom',
          message: `must be whole days or weeks up to ${TICKETS_MAX_WINDOW_DAYS} days, like 90d or 12w`,
        });
        return z.NEVER;
      }
      return days;
    }),
  asOf: asOfQueryParam,
  groupBy: z
    .enum(TICKET_GROUP_BYS, {
      error: `must be one of ${TICKET_GROUP_BYS.join(', ')}`,
    })
    .optional(),
  category: key,
  team: key,
  timeZone: z
    .string()
    .optional()
    .refine(v => v === undefined || isValidTimeZone(v), {
      message: 'must be an IANA time zone such as UTC or Europe/Berlin',
    }),
});

export function ticketRoutes(
  router: Router,
  options: {
    tickets: TicketService;
    authorize: Authorize;
    defaultWindowDays: number;
  },
) {
  const { tickets, authorize } = options;
  // goldpath.dora.window has no upper bound; the tickets' reads do.
  const defaultWindowDays = Math.min(
    options.defaultWindowDays,
    TICKETS_MAX_WINDOW_DAYS,
  );
  router.get('/tickets', async (req, res) => {
    const credentials = await authorize(req, doraScorecardsReadPermission);
    const query = parseOrThrow(ticketsQuerySchema, req.query, 'query');
    res.json(
      await tickets.getTickets({
        asOf: query.asOf,
        windowDays: query.window ?? defaultWindowDays,
        groupBy: query.groupBy,
        category: query.category,
        team: query.team,
        timeZone: query.timeZone,
        credentials,
      }),
    );
  });
}
