import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  ScaffoldAttributionsResponse,
  ScaffoldEvent,
  scaffoldAttributions,
} from '@goldpath/plugin-dora-common';
import { Router } from 'express';
import { z } from 'zod';
import { DoraStore } from '../../database/DoraStore';
import { parseOrThrow } from '../validation';

/**
 * Once caught up, scaffold events received in this span before the cursor
 * are read again, so an event committed by a slower transaction than the one
 * that moved the cursor is not missed. Entries are idempotent: reading one
 * twice is harmless.
 */
const CURSOR_OVERLAP_MS = 60_000;

/** At most this many services per answer; the caller reads on from the cursor. */
export const SCAFFOLD_ATTRIBUTIONS_PAGE = 1_000;

/**
 * The cursor: `<ms>` once caught up (read again from `ms − overlap`), or
 * `<ms>:<service ref>` in the middle of a backlog (read on after that
 * position, so a backlog larger than a page never repeats a page).
 */
const querySchema = z.strictObject({
  since: z
    .string()
    .regex(
      /^\d{1,15}(:[a-z0-9:/._-]{1,300})?$/,
      'must be a cursor returned by this endpoint',
    )
    .optional(),
});

function parseCursor(since: string | undefined) {
  if (since === undefined) return {};
  const colon = since.indexOf(':');
  if (colon === -1) {
    return { receivedSince: Math.max(0, Number(since) - CURSOR_OVERLAP_MS) };
  }
  return {
    after: {
      receivedAt: Number(since.slice(0, colon)),
      service: since.slice(colon + 1),
    },
  };
}

/**
 * `GET /scaffold-attributions?since=<cursor>`: which template created each
 * service, from its scaffold events, for the catalog's attribution
 * processor. Only service principals (other plugins) may read it: users see
 * attribution on the catalog entities they may see.
 */
export function attributionRoutes(
  router: Router,
  options: { store: DoraStore; httpAuth: HttpAuthService },
) {
  const { store, httpAuth } = options;

  router.get('/scaffold-attributions', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const query = parseOrThrow(querySchema, req.query, 'query');
    const { events, last, full } = await store.listScaffoldEvents({
      ...parseCursor(query.since),
      limit: SCAFFOLD_ATTRIBUTIONS_PAGE,
    });
    let cursor: string;
    if (last && full) {
      cursor = `${last.receivedAt}:${last.service}`;
    } else if (last) {
      cursor = String(last.receivedAt);
    } else {
      cursor = query.since ?? '0';
    }
    const body: ScaffoldAttributionsResponse = {
      entries: scaffoldAttributions(events as ScaffoldEvent[]),
      cursor,
    };
    res.json(body);
  });
}
