import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { doraEventsCreatePermission } from '@goldpath/plugin-dora-common';
import { Request } from 'express';

/** Checks a request's credentials against a permission, once per route. */
export type Authorize = (
  req: Request,
  permission: BasicPermission,
) => Promise<BackstageCredentials>;

/**
 * Checks that a request may write delivery events (`POST /events`): service
 * principals (external-access tokens of CI, other plugins) by default; users
 * only when `goldpath.dora.ingestion.allowUsers` is set and the permission
 * policy grants `dora.events.create`.
 */
export type AuthorizeIngest = (req: Request) => Promise<BackstageCredentials>;

export function createAuthorize(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Authorize {
  return async (req, permission) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await options.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  };
}

/** The 403 a user gets while users may not send events. */
export const USERS_MAY_NOT_INGEST =
  'Delivery events are sent by service principals (an external-access token for CI, or another plugin), not by users. ' +
  'To let users send events, set goldpath.dora.ingestion.allowUsers: true and grant dora.events.create in your permission policy.';

export function createAuthorizeIngest(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auth: Pick<AuthService, 'isPrincipal'>;
  allowUsers: boolean;
}): AuthorizeIngest {
  const permission = doraEventsCreatePermission;
  return async req => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (options.auth.isPrincipal(credentials, 'user') && !options.allowUsers) {
      throw new NotAllowedError(USERS_MAY_NOT_INGEST);
    }
    // Users: the permission policy decides. Service principals: Backstage
    // does not consult the policy; it decides from the token's own
    // `accessRestrictions` (e.g. `permission: dora.events.create`).
    const [decision] = await options.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  };
}
