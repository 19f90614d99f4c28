import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** EXAMPLE ONLY: the cookie that picks a demo user (packages/backend/src/demo/demoSignIn.ts). */
const DEMO_USER_COOKIE = 'goldpath-demo-user';

function hasDemoUserCookie(): boolean {
  return document.cookie
    .split(';')
    .some(part => part.trim().startsWith(`${DEMO_USER_COOKIE}=`));
}

/**
 * The example's sign-in page: the guest, as Backstage's default page offers
 * it; or, EXAMPLE ONLY and in development only, the demo user named by the
 * `goldpath-demo-user` cookie (the browser tests act as a requester and as an
 * approver with it). The backend's `goldpath-demo` provider refuses outside
 * development, so the cookie does nothing there.
 */
const exampleSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage, ProxiedSignInPage } = await import(
        '@backstage/core-components'
      );
      return props =>
        hasDemoUserCookie() ? (
          <ProxiedSignInPage {...props} provider="goldpath-demo" />
        ) : (
          <SignInPage {...props} providers={['guest']} />
        );
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [exampleSignInPage],
});
