import { InputError } from '@backstage/errors';
import {
  policyReadPermission,
  policyWaiversManagePermission,
} from '@goldpath/plugin-policy-common';
import express, { Router } from 'express';
import { z } from 'zod';
import { Authorize } from '../authorize';
import { WaiverService } from '../WaiverService';
import { entityRefSchema, parseOrThrow } from '../validation';
import {
  PolicyAudit,
  WAIVER_CREATE_ACTION,
  WAIVER_DELETE_ACTION,
} from '../trail';

const text = (max: number, empty = 'must not be empty') =>
  z.string().trim().min(1, empty).max(max, `must be at most ${max} characters`);

/** The body of `POST /waivers`; `expiresAt` is checked against now and the maximum. */
export function waiverBodySchema(options: {
  now: number;
  maxDurationMillis: number;
}) {
  const latest = options.now + options.maxDurationMillis;
  return z.strictObject({
    entityRef: entityRefSchema,
    policy: text(255),
    rule: text(255).optional(),
    findingKey: z.string().min(1, 'must not be empty').max(1024).optional(),
    reason: text(2000, 'must say why the finding is waived'),
    expiresAt: z.iso
      .datetime({
        offset: true,
        error:
          'must be an ISO 8601 date-time with an offset, like 2030-01-31T00:00:00Z',
      })
      .transform(v => Date.parse(v))
      .refine(t => t > options.now, { message: 'must be in the future' })
      .refine(t => t <= latest, {
        message: `must be at most ${Math.round(
          options.maxDurationMillis / 86_400_000,
        )} days ahead (goldpath.policy.waivers.maxDuration), i.e. not after ${new Date(
          latest,
        ).toISOString()}`,
      }),
  });
}

export const waiverListQuerySchema = z.strictObject({
  entity: entityRefSchema,
});

const ID = /^[0-9a-f-]{36}$/;

/** `POST /waivers`, `GET /waivers?entity=`, `DELETE /waivers/:id`. */
export function waiverRoutes(
  router: Router,
  options: {
    waivers: WaiverService;
    authorize: Authorize;
    maxDurationMillis: number;
    now?: () => number;
    /** Where each create and delete is recorded; without it, nowhere. */
    audit?: PolicyAudit;
  },
) {
  const { waivers, authorize, audit } = options;

  router.post('/waivers', express.json({ limit: '64kb' }), async (req, res) => {
    let credentials;
    let waiver;
    try {
      // A waiver names the person who granted it: users only.
      credentials = await authorize(req, policyWaiversManagePermission, {
        allow: ['user'],
      });
      if (!req.is('application/json')) {
        throw new InputError('Send the waiver as application/json');
      }
      const body = parseOrThrow(
        waiverBodySchema({
          now: options.now?.() ?? Date.now(),
          maxDurationMillis: options.maxDurationMillis,
        }),
        req.body,
        'body',
      );
      waiver = await waivers.create({
        ...body,
        grantedBy: credentials.principal.userEntityRef,
      });
    } catch (e) {
      const entity = entityRefSchema.safeParse(req.body?.entityRef);
      await audit?.notSucceeded(req, e, {
        action: WAIVER_CREATE_ACTION,
        ...(entity.success ? { targetEntityRef: entity.data } : {}),
      });
      throw e;
    }
    await audit?.succeeded(req, credentials, {
      action: WAIVER_CREATE_ACTION,
      targetEntityRef: waiver.entityRef,
      meta: {
        waiverId: waiver.id,
        policy: waiver.policy,
        ...(waiver.rule ? { rule: waiver.rule } : {}),
        expiresAt: waiver.expiresAt,
      },
    });
    res.status(201).json(waiver);
  });

  router.get('/waivers', async (req, res) => {
    await authorize(req, policyReadPermission);
    const query = parseOrThrow(waiverListQuerySchema, req.query, 'query');
    res.json({ items: await waivers.list(query.entity) });
  });

  router.delete('/waivers/:id', async (req, res) => {
    let credentials;
    let deleted;
    try {
      credentials = await authorize(req, policyWaiversManagePermission, {
        allow: ['user'],
      });
      if (!ID.test(req.params.id)) {
        throw new InputError(
          `Invalid waiver id ${req.params.id}: expected a UUID`,
        );
      }
      deleted = await waivers.delete(req.params.id);
    } catch (e) {
      await audit?.notSucceeded(req, e, {
        action: WAIVER_DELETE_ACTION,
        ...(ID.test(req.params.id)
          ? { meta: { waiverId: req.params.id } }
          : {}),
      });
      throw e;
    }
    await audit?.succeeded(req, credentials, {
      action: WAIVER_DELETE_ACTION,
      targetEntityRef: deleted.entityRef,
      meta: { waiverId: deleted.id, policy: deleted.policy },
    });
    res.status(204).end();
  });
}
