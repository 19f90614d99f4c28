/*
 * EXAMPLE ONLY — never install this in a real backend.
 *
 * A second sign-in provider for the example, `goldpath-demo`, so that a
 * browser (or the demo-data module) can act as one of a few named users of
 * examples/org.yaml: a requester and an approver of a self-service request.
 * The user is picked by the `goldpath-demo-user` cookie; there is no password.
 * It works only when all of these hold:
 *
 * - the backend runs in development (`NODE_ENV=development`, what
 *   `yarn start` sets), as Backstage's guest provider;
 * - `goldpath.demo.enabled` is true;
 * - `auth.providers.goldpath-demo.users` names the user (and the user exists
 *   in the catalog: the token carries its real group memberships).
 *
 * The app shows this provider's sign-in only when the cookie is set (see
 * packages/app/src/modules/signIn); everyone else signs in as the guest.
 */

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';

/** The provider id: `/api/auth/goldpath-demo/refresh`. */
export const DEMO_PROVIDER_ID = 'goldpath-demo';
/** The cookie naming the user (`goldpath-demo-user=ada.lovelace`). */
export const DEMO_USER_COOKIE = 'goldpath-demo-user';

const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** The value of one cookie of a `Cookie` header. */
export function readCookie(
  header: string | undefined,
  name: string,
): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

interface DemoContext {
  users: string[];
}

const demoAuthenticator = createProxyAuthenticator<
  DemoContext,
  { userName: string },
  undefined
>({
  defaultProfileTransform: async result => ({
    profile: { displayName: result.userName },
  }),
  initialize({ config }) {
    return { users: config.getOptionalStringArray('users') ?? [] };
  },
  async authenticate({ req }, ctx) {
    const userName = readCookie(req.headers.cookie, DEMO_USER_COOKIE);
    if (!userName || !USER_NAME.test(userName)) {
      throw new NotAllowedError(
        `Set the ${DEMO_USER_COOKIE} cookie to one of auth.providers.${DEMO_PROVIDER_ID}.users`,
      );
    }
    if (!ctx.users.includes(userName)) {
      throw new NotAllowedError(
        `${userName} is not in auth.providers.${DEMO_PROVIDER_ID}.users`,
      );
    }
    return { result: { userName } };
  },
});

/** EXAMPLE ONLY: the `goldpath-demo` sign-in provider (see the file's comment). */
export const demoSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'goldpath-demo-provider',
  register(env) {
    env.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        if (!config.getOptionalBoolean('goldpath.demo.enabled')) return;
        // The one guard of development only: off, the provider does not exist.
        if (process.env.NODE_ENV !== 'development') {
          logger.info(
            `The ${DEMO_PROVIDER_ID} sign-in provider is off outside development`,
          );
          return;
        }
        providers.registerProvider({
          providerId: DEMO_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: demoAuthenticator,
            async signInResolver({ result }, ctx) {
              // The user's catalog entity: its memberships become the
              // token's ownership claims, as with any real provider.
              return ctx.signInWithCatalogUser({
                entityRef: { kind: 'User', name: result.userName },
              });
            },
          }),
        });
      },
    });
  },
});
