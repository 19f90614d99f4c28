import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { DEMO_USER_COOKIE, demoSignInModule, readCookie } from './demoSignIn';

/**
 * The example-only demo sign-in through the real auth backend: the cookie
 * names a configured catalog user, whose memberships become the token's
 * ownership claims; it is off outside development and without
 * goldpath.demo.enabled.
 */
const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ada.lovelace', namespace: 'default' },
    spec: { memberOf: ['team-checkout'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-checkout' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alan.turing', namespace: 'default' },
    spec: { memberOf: ['team-checkout'] },
  },
];

async function start(demoEnabled: boolean) {
  return startTestBackend({
    features: [
      authPlugin,
      demoSignInModule,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          goldpath: { demo: { enabled: demoEnabled } },
          auth: {
            providers: { 'goldpath-demo': { users: ['ada.lovelace'] } },
          },
        },
      }),
    ],
  });
}

function refresh(server: Parameters<typeof request>[0], user?: string) {
  const req = request(server)
    .get('/api/auth/goldpath-demo/refresh')
    .set('x-requested-with', 'XMLHttpRequest');
  return user ? req.set('cookie', `${DEMO_USER_COOKIE}=${user}`) : req;
}

describe('demoSignInModule', () => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  it('signs in the configured user named by the cookie, with their memberships', async () => {
    process.env.NODE_ENV = 'development';
    const backend = await start(true);
    const { server } = backend;
    try {
      const res = await refresh(server, 'ada.lovelace');
      expect(res.status).toBe(200);
      expect(res.body.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/ada.lovelace',
        ownershipEntityRefs: [
          'user:default/ada.lovelace',
          'group:default/team-checkout',
        ],
      });

      // A user not in auth.providers.goldpath-demo.users, or no cookie.
      const other = await refresh(server, 'alan.turing');
      expect(other.status).toBe(403);
      expect(other.body.error.message).toContain('is not in');
      expect((await refresh(server)).status).toBe(403);
    } finally {
      await backend.stop();
    }
  });

  it('is not there outside development or without goldpath.demo.enabled', async () => {
    process.env.NODE_ENV = 'production';
    const prod = await start(true);
    try {
      expect((await refresh(prod.server, 'ada.lovelace')).status).toBe(404);
    } finally {
      await prod.stop();
    }
    process.env.NODE_ENV = 'development';
    const off = await start(false);
    try {
      expect((await refresh(off.server, 'ada.lovelace')).status).toBe(404);
    } finally {
      await off.stop();
    }
  });

  it('reads one cookie of a Cookie header', () => {
    expect(
      readCookie('a=1; goldpath-demo-user=ada.lovelace; b=2', DEMO_USER_COOKIE),
    ).toBe('ada.lovelace');
    expect(readCookie(undefined, DEMO_USER_COOKIE)).toBeUndefined();
    expect(
      readCookie('goldpath-demo-user=%E0%A4%A', DEMO_USER_COOKIE),
    ).toBeUndefined();
  });
});
