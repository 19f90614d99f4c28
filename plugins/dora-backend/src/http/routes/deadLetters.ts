import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { doraDeadLettersReadPermission } from '@goldpath/plugin-dora-common';
import { Router } from 'express';
import { z } from 'zod';
import {
  DeadLetter,
  DeadLetterCursor,
  DeadLetterStore,
} from '../../database/DeadLetterStore';
import { parseOrThrow } from '../validation';

export const DEAD_LETTERS_DEFAULT_LIMIT = 50;
export const DEAD_LETTERS_MAX_LIMIT = 500;

const cursorSchema = z.object({
  firstFailedAt: z.number().int().nonnegative(),
  id: z.string().min(1).max(64),
});

const encodeCursor = (c: DeadLetterCursor) =>
  Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

/** `GET /dead-letters?limit=<1..500>&cursor=<opaque>` */
export const deadLettersQuerySchema = z.strictObject({
  limit: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return DEAD_LETTERS_DEFAULT_LIMIT;
      const n = /^\d{1,3}$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1 && n <= DEAD_LETTERS_MAX_LIMIT)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a whole number from 1 to ${DEAD_LETTERS_MAX_LIMIT}`,
        });
        return z.NEVER;
      }
      return n;
    }),
  cursor: z
    .string()
    .max(512)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(v, 'base64url').toString('utf8'));
      } catch {
        decoded = undefined;
      }
      const parsed = cursorSchema.safeParse(decoded);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a cursor returned by a previous page (nextCursor)',
        });
        return z.NEVER;
      }
      return parsed.data;
    }),
});

const toJson = (d: DeadLetter) => ({
  id: d.id,
  source: d.source,
  topic: d.topic,
  payloadBytes: d.payloadBytes,
  reason: d.reason,
  attempts: d.attempts,
  firstFailedAt: new Date(d.firstFailedAt).toISOString(),
  lastFailedAt: new Date(d.lastFailedAt).toISOString(),
  ...(d.replayedAt !== undefined
    ? { replayedAt: new Date(d.replayedAt).toISOString() }
    : {}),
});

/**
 * `GET /dead-letters`: the events-bus events that could not be stored yet,
 * oldest first failure first, without their payloads. Other plugins,
 * external tokens whose accessRestrictions allow `dora.deadletters.read`, and
 * users the policy grants it.
 */
export function deadLetterRoutes(
  router: Router,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    deadLetters: DeadLetterStore;
  },
) {
  const { httpAuth, permissions, deadLetters } = options;
  router.get('/dead-letters', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // Users: the permission policy decides. Service principals: Backstage
    // allows other plugins and checks an external token's accessRestrictions.
    const [decision] = await permissions.authorize(
      [{ permission: doraDeadLettersReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${doraDeadLettersReadPermission.name}`,
      );
    }
    const query = parseOrThrow(deadLettersQuerySchema, req.query, 'query');
    const page = await deadLetters.list({
      limit: query.limit,
      after: query.cursor,
    });
    res.json({
      items: page.items.map(toJson),
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    });
  });
}
