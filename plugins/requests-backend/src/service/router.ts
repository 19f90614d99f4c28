import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  REQUEST_STATUSES,
  REQUEST_VIEWS,
  approveRequestBodySchema,
  createRequestBodySchema,
  rejectRequestBodySchema,
  requestsCreatePermission,
  requestsReadPermission,
} from '@goldpath/plugin-requests-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RequestService } from './RequestService';
import { parseOrThrow } from './validation';

const ID = /^[0-9a-f-]{36}$/;

const limitSchema = z.coerce
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(500, 'must be at most 500')
  .default(100);

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform(v => (Array.isArray(v) ? v : [v]));

const listQuerySchema = z.strictObject({
  view: z.enum(REQUEST_VIEWS, {
    error: `must be one of ${REQUEST_VIEWS.join('|')}`,
  }),
  status: oneOrMany(z.enum(REQUEST_STATUSES)).optional(),
  limit: limitSchema,
});

const pendingQuerySchema = z.strictObject({
  ownerRef: oneOrMany(z.string().min(1).max(500)).transform(refs =>
    refs.map(r => r.toLocaleLowerCase('en-US')),
  ),
  limit: limitSchema,
});

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  requests: RequestService;
}

/** The requests plugin's REST API; see the README for every endpoint. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, requests } = options;
  const router = Router();

  async function authorize<T extends 'user' | 'service'>(
    req: Request,
    permission: BasicPermission,
    allow: T[],
  ) {
    const credentials = await httpAuth.credentials(req, { allow });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials: credentials as BackstageCredentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  }

  const requestId = (req: Request) => {
    if (!ID.test(req.params.id)) {
      throw new InputError(
        `Invalid request id ${req.params.id}: expected a UUID`,
      );
    }
    return req.params.id;
  };

  const json = express.json({ limit: '64kb' });
  // express.json leaves `{}` when there is no JSON body (approve and cancel need none).
  const jsonBody = (req: Request): unknown => req.body ?? {};

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post('/requests', json, async (req, res) => {
    const credentials = await authorize(req, requestsCreatePermission, [
      'user',
      'service',
    ]);
    if (!req.is('application/json')) {
      throw new InputError('Send the request as application/json');
    }
    const body = parseOrThrow(createRequestBodySchema, req.body, 'body');
    res.status(201).json(await requests.create(body, credentials, req));
  });

  router.get('/requests', async (req, res) => {
    const credentials = await authorize(req, requestsReadPermission, ['user']);
    const query = parseOrThrow(listQuerySchema, req.query, 'query');
    const items =
      query.view === 'mine'
        ? await requests.listMine(credentials.principal.userEntityRef, query)
        : (
            await requests.listToApprove(credentials, { limit: query.limit })
          ).filter(r => !query.status || query.status.includes(r.status));
    res.json({ items });
  });

  router.get('/pending', async (req, res) => {
    await authorize(req, requestsReadPermission, ['service']);
    const query = parseOrThrow(pendingQuerySchema, req.query, 'query');
    res.json({
      items: await requests.listPendingByOwners(query.ownerRef, query),
    });
  });

  router.get('/requests/:id', async (req, res) => {
    const credentials = await authorize(req, requestsReadPermission, [
      'user',
      'service',
    ]);
    res.json(await requests.get(requestId(req), credentials));
  });

  router.post('/requests/:id/approve', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const id = requestId(req);
    const body = parseOrThrow(approveRequestBodySchema, jsonBody(req), 'body');
    res.json(
      await requests.decide(id, 'approved', body.reason, credentials, req),
    );
  });

  router.post('/requests/:id/reject', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const id = requestId(req);
    const body = parseOrThrow(rejectRequestBodySchema, jsonBody(req), 'body');
    res.json(
      await requests.decide(id, 'rejected', body.reason, credentials, req),
    );
  });

  router.post('/requests/:id/cancel', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const id = requestId(req);
    const body = parseOrThrow(approveRequestBodySchema, jsonBody(req), 'body');
    res.json(await requests.cancel(id, body.reason, credentials, req));
  });

  return router;
}
