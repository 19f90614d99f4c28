import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';

/** Checks a request's credentials against a permission, once per route. */
export type Authorize = (
  req: Request,
  permission: BasicPermission,
) => Promise<BackstageCredentials>;

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
