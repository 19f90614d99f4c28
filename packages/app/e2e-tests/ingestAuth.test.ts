import { expect, test } from '@playwright/test';

/**
 * Who may write delivery events, in the running example (its permission
 * policy allows dora.events.create): a signed-in user may not, since
 * goldpath.dora.ingestion.allowUsers is off; the CI token may.
 */
const event = (id: string) => ({
  id,
  type: 'deployment',
  timestamp: new Date().toISOString(),
  service: 'component:default/checkout',
  source: 'github',
  deploymentId: id,
  environment: 'staging',
  environmentTier: 'staging',
  outcome: 'success',
});

test('a signed-in user cannot post events while allowUsers is off; the CI token can', async ({
  request,
}) => {
  const refresh = await request.post('/api/auth/guest/refresh', { data: {} });
  expect(refresh.status()).toBe(200);
  const userToken = (await refresh.json()).backstageIdentity.token;

  const asUser = await request.post('/api/dora/events', {
    headers: { Authorization: `Bearer ${userToken}` },
    data: event(`e2e-user-${Date.now()}`),
  });
  expect(asUser.status()).toBe(403);
  expect((await asUser.json()).error.message).toContain(
    'goldpath.dora.ingestion.allowUsers',
  );

  const asCi = await request.post('/api/dora/events', {
    headers: { Authorization: 'Bearer goldpath-local-ci-token' },
    data: event(`e2e-ci-${Date.now()}`),
  });
  expect(asCi.status(), await asCi.text()).toBe(200);
  expect((await asCi.json()).accepted).toBe(1);
});
