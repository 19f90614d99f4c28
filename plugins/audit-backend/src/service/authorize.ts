import {
  BackstageCredentials,
  BackstagePrincipalTypes,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';

type Principal = 'user' | 'service';

/**
 * Checks a request's credentials against a permission. Users are judged by
 * the permission policy; service principals by their access restrictions.
 * `allow` limits the principal types (another type gets 403).
 */
export type Authorize = <T extends Principal = Principal>(
  req: Request,
  permission: BasicPermission,
  options?: { allow?: T[] },
) => Promise<BackstageCredentials<BackstagePrincipalTypes[T]>>;

export function createAuthorize(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Authorize {
  return (async (
    req: Request,
    permission: BasicPermission,
    opts?: { allow?: Principal[] },
  ) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: opts?.allow ?? ['user', 'service'],
    });
    const [decision] = await options.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  }) as Authorize;
}
