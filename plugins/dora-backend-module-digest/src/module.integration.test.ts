import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
// The real backends the digest reads (test only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import doraPlugin from '@goldpath/plugin-dora-backend';
import { RollupResponse, digestWeek } from '@goldpath/plugin-dora-common';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import policyPlugin from '@goldpath/plugin-policy-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import requestsPlugin from '@goldpath/plugin-requests-backend';
import { Knex } from 'knex';
import request from 'supertest';
import {
  capturedNotifications,
  createTestDatabases,
} from '@goldpath/test-utils';
import digestModule from './index';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RED = 'group:default/red';
const BLUE = 'group:default/blue';
const GREEN = 'group:default/green';
const PLATFORM = 'group:default/platform';

const group = (
  name: string,
  member: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'team',
    profile: { displayName: `Team ${name}` },
    children: [],
  },
  relations: [{ type: 'hasMember', targetRef: `user:default/${member}` }],
});
const user = (name: string, team: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: [team] },
  relations: [{ type: 'memberOf', targetRef: `group:default/${team}` }],
});
const component = (
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

/** Each team has one member, who reads the team's notifications. */
const ENTITIES = [
  group('red', 'amy'),
  group('blue', 'bob'),
  group('green', 'gus', { 'goldpath.dev/digest': 'off' }),
  group('platform', 'pat'),
  user('amy', 'red'),
  user('bob', 'blue'),
  user('gus', 'green'),
  user('pat', 'platform'),
  // golden path: created from a template
  component('checkout', RED, {
    'backstage.io/source-template': 'template:default/service',
  }),
  component('cart', RED),
  component('search', BLUE),
  component('billing', GREEN),
];

const databases = createTestDatabases();

/**
 * History relative to the reported week `[from, to)`:
 * - checkout (red, golden path): 3 changes of 2 h lead time before the
 *   week, 4 of 30 min in it: median 2 h a week ago, 30 min now;
 * - cart (red): 3 changes of 8 h before the week;
 * - search (blue): 2 changes of 4 h before the week;
 * - billing (green, opted out): 1 change of 1 h.
 */
function history(week: { from: number }) {
  const events: object[] = [];
  const add = (service: string, at: number, leadHours: number, i: number) => {
    const sha = `${service}${i}`.padEnd(12, '0');
    events.push(
      {
        id: `${service}-change-${i}`,
        type: 'change',
        service,
        commitSha: sha,
        timestamp: new Date(at - leadHours * HOUR).toISOString(),
      },
      {
        id: `${service}-deploy-${i}`,
        type: 'deployment',
        service,
        deploymentId: `d${i}`,
        environment: 'production',
        outcome: 'success',
        commitSha: sha,
        timestamp: new Date(at).toISOString(),
      },
    );
  };
  [30, 20, 10].forEach((d, i) => add('checkout', week.from - d * DAY, 2, i));
  [1, 2, 3, 4].forEach((d, i) =>
    add('checkout', week.from + d * DAY, 0.5, 10 + i),
  );
  [30, 20, 10].forEach((d, i) => add('cart', week.from - d * DAY, 8, i));
  [15, 5].forEach((d, i) => add('search', week.from - d * DAY, 4, i));
  add('billing', week.from - 3 * DAY, 1, 0);
  // Platform tickets: database-credentials 3 × 2 h, gpu-quota 2 × 1 h.
  const ticket = (
    id: string,
    category: string,
    at: number,
    queueHours: number,
  ) => {
    events.push(
      {
        id: `${id}-opened`,
        type: 'ticket',
        source: 'rest',
        ticketId: id,
        status: 'opened',
        category,
        team: 'red',
        timestamp: new Date(at).toISOString(),
      },
      {
        id: `${id}-ack`,
        type: 'ticket',
        source: 'rest',
        ticketId: id,
        status: 'acknowledged',
        timestamp: new Date(at + queueHours * HOUR).toISOString(),
      },
    );
  };
  [9, 8, 7].forEach((d, i) =>
    ticket(`db-${i}`, 'database-credentials', week.from - d * DAY, 2),
  );
  [6, 5].forEach((d, i) =>
    ticket(`gpu-${i}`, 'gpu-quota', week.from - d * DAY, 1),
  );
  return events;
}

/**
 * The real dora, policy, requests and notifications backends with the
 * digest module; `captured` replaces the notifications backend by a service
 * that records sends (and fails those to chosen recipients).
 */
async function start(
  knex: Knex,
  config: object = {},
  options: { captured?: boolean; withoutPolicyAndRequests?: boolean } = {},
) {
  // Tasks are run by the test; the notifications backend's cleaner never runs.
  const scheduler = mockServices.scheduler.mock({
    createScheduledTaskRunner: () => ({ run: async () => {} }),
  });
  const notifications = capturedNotifications();
  const backend = await startTestBackend({
    features: [
      doraPlugin,
      ...(options.withoutPolicyAndRequests
        ? []
        : [policyPlugin, requestsPlugin]),
      digestModule,
      mockServices.database.factory({ knex }),
      scheduler.factory,
      catalogServiceMock.factory({ entities: ENTITIES }),
      options.captured ? notifications.factory : notificationsPlugin,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          goldpath: {
            dora: { digest: { enabled: true, maxAttempts: 2, ...config } },
          },
        },
      }),
    ],
  });
  const task = scheduler.scheduleTask.mock.calls
    .map(([t]) => t)
    .find(t => t.id === 'dora-weekly-digest');
  return {
    backend,
    task,
    notifications,
    run: () => task!.fn(new AbortController().signal as any),
  };
}

const SERVICE = mockCredentials.service.header();
const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/** The weekly digests a user sees in the notifications backend. */
async function digestsOf(server: any, name: string) {
  const res = await request(server)
    .get('/api/notifications/notifications')
    .set('Authorization', as(name))
    .expect(200);
  return (
    res.body.notifications as Array<{
      payload: NotificationSendOptions['payload'];
      updated?: string | null;
    }>
  ).filter(n => n.payload.topic === 'goldpath-digest');
}

describe.each(databases.eachSupportedId())(
  'weekly digest on %s',
  databaseId => {
    it('is a global task, off unless enabled', async () => {
      const knex = await databases.init(databaseId);
      const off = await start(knex, { enabled: false });
      expect(off.task).toBeUndefined();
      await off.backend.stop();
      const on = await start(knex, { schedule: '0 7 * * 1' });
      expect(on.task).toMatchObject({
        id: 'dora-weekly-digest',
        scope: 'global',
        frequency: { cron: '0 7 * * 1' },
      });
      await on.backend.stop();
    });

    it('sends each team one digest with its figures, respects the opt-out, and sends nothing new on a re-run', async () => {
      const knex = await databases.init(databaseId);
      const { backend, run } = await start(knex);
      try {
        const server = backend.server;
        const week = digestWeek(Date.now());
        const ingest = await request(server)
          .post('/api/dora/events')
          .set('Authorization', SERVICE)
          .send({ events: history(week) });
        expect(ingest.status).toBe(200);
        expect(ingest.body.rejected).toEqual([]);

        // Policy: checkout fails two checks (high, medium), cart one (low).
        const report = (results: Array<[string, string]>) => ({
          apiVersion: 'wgpolicyk8s.io/v1alpha2',
          kind: 'PolicyReport',
          metadata: { name: 'report', namespace: 'shop' },
          results: results.map(([policy, severity]) => ({
            policy,
            result: 'fail',
            severity,
            message: `${policy} failed`,
            source: 'kyverno',
          })),
        });
        for (const [entity, results] of [
          [
            'component:default/checkout',
            [
              ['require-limits', 'high'],
              ['require-probes', 'medium'],
            ],
          ],
          ['component:default/cart', [['require-labels', 'low']]],
        ] as const) {
          await request(server)
            .post(`/api/policy/reports?source=ci&entity=${entity}`)
            .set('Authorization', SERVICE)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(report(results as any)))
            .expect(200);
        }

        // Two pending requests for red's services, made by amy.
        for (const [targetRef, kind] of [
          ['component:default/checkout', 'database-credentials'],
          ['component:default/cart', 'gpu-quota'],
        ]) {
          const created = await request(server)
            .post('/api/requests/requests')
            .set('Authorization', as('amy'))
            .send({
              kind,
              targetRef,
              parameters: { size: 'small' },
              // Never approved here: any fulfilment the backend accepts.
              fulfilment: {
                type: 'scaffolder',
                templateRef: 'template:default/grant-access',
                values: {},
              },
            });
          expect(created.status).toBe(201);
        }

        await run();

        expect(await digestsOf(server, 'gus')).toEqual([]);
        const [red, ...moreRed] = await digestsOf(server, 'amy');
        const [blue, ...moreBlue] = await digestsOf(server, 'bob');
        const [fleet, ...moreFleet] = await digestsOf(server, 'pat');
        expect([moreRed, moreBlue, moreFleet]).toEqual([[], [], []]);

        // The numbers the dora API answers for the same instants.
        const rollup = async (asOf: number) =>
          (
            await request(server)
              .get(
                `/api/dora/rollups?groupBy=owner&asOf=${new Date(
                  asOf,
                ).toISOString()}`,
              )
              .set('Authorization', SERVICE)
              .expect(200)
          ).body as RollupResponse;
        const now = await rollup(week.to);
        const before = await rollup(week.from);
        const redNow = now.groups.find(g => g.key === RED)!;
        const redBefore = before.groups.find(g => g.key === RED)!;
        // median of the services' medians: (30 min + 8 h) / 2 = 4.25 h now,
        // (2 h + 8 h) / 2 = 5 h a week ago
        expect(redNow.metrics.leadTimeSeconds.median).toBe(15300);
        expect(redBefore.metrics.leadTimeSeconds.median).toBe(18000);
        const dpw = (v: number) => String(Math.round(v * 10) / 10);
        const dpwChange =
          redNow.metrics.deploymentsPerWeek.median! -
          redBefore.metrics.deploymentsPerWeek.median!;
        expect(dpwChange).toBeGreaterThan(0);

        const pendingTitles = (
          await request(server)
            .get('/api/requests/requests?view=mine')
            .set('Authorization', as('amy'))
            .expect(200)
        ).body.items
          .map((r: { title: string; createdAt: string }) => r)
          .sort((a: any, b: any) => (a.createdAt < b.createdAt ? -1 : 1))
          .map((r: { title: string }) => r.title);
        expect(pendingTitles).toHaveLength(2);
        expect(red.payload).toMatchObject({
          title: `Weekly scorecard of Team red, ${week.label}`,
          description:
            `DORA (2 services, change since last week): deployments ${dpw(
              redNow.metrics.deploymentsPerWeek.median!,
            )}/week (+${dpw(
              dpwChange,
            )}/week), lead time 4.3 h (−45 min), change fail rate 0% (±0). ` +
            'Golden path: 1 of 2 services; lead time 30 min vs 8 h elsewhere. ' +
            'Policy: 3 open violations (1 high, 1 medium, 1 low) on 2 entities. ' +
            `Requests: 2 pending (oldest: ${pendingTitles.join('; ')}). ` +
            'Pages: /dora?groupBy=owner · /policy · /requests',
          link: '/dora?groupBy=owner',
          severity: 'normal',
          topic: 'goldpath-digest',
          scope: `goldpath-digest:${RED}:${week.label}`,
        });
        expect(blue.payload.description).toMatch(
          /^DORA \(1 service, change since last week\): deployments [\d.]+\/week \(±0\), lead time 4 h \(±0\), change fail rate 0% \(±0\)\. Golden path: 0 of 1 service\. Policy: no open violations\. Requests: none pending\./,
        );
        expect(blue.payload.scope).toBe(
          `goldpath-digest:${BLUE}:${week.label}`,
        );

        // Fleet: levels from the rollup, coverage from adoption, candidates from tickets.
        expect(fleet.payload.title).toBe(`Fleet digest, ${week.label}`);
        expect(fleet.payload.description).toContain(
          `${now.fleet.services} measured services.`,
        );
        expect(fleet.payload.description).toContain(
          'Top template candidates: database-credentials (3 tickets, 6 h queued); gpu-quota (2 tickets, 2 h queued).',
        );
        expect(fleet.payload.description).toMatch(
          /Golden-path coverage: 25% \(1 of 4 components\)\./,
        );
        expect(fleet.payload.scope).toBe(
          `goldpath-digest:fleet:${PLATFORM}:${week.label}`,
        );

        const deliveries = await knex('dora_digest_deliveries').orderBy([
          'digest',
          'team_ref',
        ]);
        expect(
          deliveries.map(r => [r.digest, r.team_ref, r.week, r.status]),
        ).toEqual([
          ['fleet', PLATFORM, week.label, 'sent'],
          ['team', BLUE, week.label, 'sent'],
          ['team', RED, week.label, 'sent'],
        ]);

        // A second run in the same week sends nothing new. A re-send would
        // update the notification of the same scope in place, so its
        // `updated` must stay unset.
        await run();
        for (const name of ['amy', 'bob', 'pat']) {
          const digests = await digestsOf(server, name);
          expect(digests).toHaveLength(1);
          expect(digests[0].updated ?? null).toBeNull();
        }

        // Even a digest sent again (its delivery row lost) updates the team's
        // notification of the week rather than adding one: same scope.
        await knex('dora_digest_deliveries').where({ team_ref: RED }).delete();
        await run();
        const again = await digestsOf(server, 'amy');
        expect(again).toHaveLength(1);
        expect(again[0].payload.scope).toBe(red.payload.scope);
        expect(again[0].updated).toBeTruthy();
      } finally {
        await backend.stop();
      }
    });

    it('retries a failed send on the next run and keeps it as a dead letter after the last attempt', async () => {
      const knex = await databases.init(databaseId);
      const { backend, run, notifications } = await start(
        knex,
        {},
        { captured: true },
      );
      try {
        const week = digestWeek(Date.now());
        notifications.failing.add(BLUE);
        await run();
        expect(
          notifications.sent.map(n => (n.recipients as any).entityRef).sort(),
        ).toEqual([PLATFORM, RED]);
        const status = async () =>
          (await knex('dora_digest_deliveries')
            .where({ team_ref: BLUE })
            .first()) as any;
        expect(await status()).toMatchObject({
          status: 'pending',
          attempts: 1,
          last_error: 'notifications backend unavailable',
        });
        // second and last attempt (maxAttempts: 2): a dead letter, kept
        await run();
        expect(await status()).toMatchObject({
          status: 'dead',
          attempts: 2,
          week: week.label,
        });
        // the platform team's fleet digest of the week is updated to name it
        expect(notifications.sent).toHaveLength(3);
        const [first, update] = notifications.sent.filter(
          n => (n.recipients as any).entityRef === PLATFORM,
        );
        expect(update.payload.scope).toBe(first.payload.scope);
        expect(first.payload.description).not.toContain('Undelivered');
        expect(update.payload.description).toContain(
          `Undelivered team digests: ${BLUE}.`,
        );
        // no more attempts, and red and the platform team are not told again
        notifications.failing.clear();
        await run();
        expect(notifications.sent).toHaveLength(3);
      } finally {
        await backend.stop();
      }
    });

    it('leaves out what a plugin that is not installed would say', async () => {
      const knex = await databases.init(databaseId);
      const { backend, run, notifications } = await start(
        knex,
        {},
        { captured: true, withoutPolicyAndRequests: true },
      );
      try {
        await run();
        const red = notifications.sent.find(
          n => (n.recipients as any).entityRef === RED,
        )!;
        // no policy plugin, no requests plugin: neither line, and no failure
        expect(red.payload.description).toBe(
          'DORA: no measured services. Pages: /dora?groupBy=owner · /policy · /requests',
        );
        expect(notifications.sent).toHaveLength(3);
      } finally {
        await backend.stop();
      }
    });
  },
);
