import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import {
  capturedNotifications,
  createTestDatabases,
} from '@goldpath/test-utils';
import doraPlugin from './index';

const SVC = 'template:default/svc';
const RED = 'group:default/red';
const BLUE = 'group:default/blue';

const template = (version?: string): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'svc',
    namespace: 'default',
    title: 'Service',
    annotations: version ? { 'goldpath.dev/template-version': version } : {},
  },
  spec: {},
});
const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});
const component = (name: string, owner: string, version: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/source-template': SVC,
      'goldpath.dev/template-version': version,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

/** a (red) runs 1.4.0, b (blue) 2.0.0, c (blue) 2.1.0. */
const catalogWith = (templateVersion?: string) => [
  template(templateVersion),
  group('red'),
  group('blue'),
  component('a', RED, '1.4.0'),
  component('b', BLUE, '2.0.0'),
  component('c', BLUE, '2.1.0'),
];

/**
 * The catalog of a test: an in-memory catalog whose entities the test can
 * replace (a template gets a new version).
 */
function swappableCatalog(entities: Entity[]) {
  const state = { catalog: catalogServiceMock({ entities }) };
  const factory = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () =>
      new Proxy({} as any, {
        get: (_target, prop) => {
          const value = (state.catalog as any)[prop];
          return typeof value === 'function'
            ? value.bind(state.catalog)
            : value;
        },
      }),
  });
  return {
    factory,
    set(next: Entity[]) {
      state.catalog = catalogServiceMock({ entities: next });
    },
  };
}

const databases = createTestDatabases();

async function startNotifier(options: {
  knex: Knex;
  catalog: ReturnType<typeof swappableCatalog>;
  notifications: ReturnType<typeof capturedNotifications>;
  config?: object;
}) {
  const scheduler = mockServices.scheduler.mock();
  const backend = await startTestBackend({
    features: [
      doraPlugin,
      mockServices.database.factory({ knex: options.knex }),
      scheduler.factory,
      options.catalog.factory,
      options.notifications.factory,
      mockServices.rootConfig.factory({
        data: {
          goldpath: {
            dora: {
              adoption: {
                notifications: options.config ?? {
                  enabled: true,
                  frequency: '30m',
                },
              },
            },
          },
        },
      }),
    ],
  });
  const task = scheduler.scheduleTask.mock.calls
    .map(([t]) => t)
    .find(t => t.id === 'dora-version-notices');
  return {
    backend,
    task,
    run: () => task!.fn(new AbortController().signal as any),
  };
}

const rows = async (knex: Knex) =>
  (
    await knex('dora_version_notices').orderBy([
      'template_ref',
      'version',
      'owner_ref',
    ])
  ).map(r => [r.template_ref, r.version, r.owner_ref, r.status]);

describe.each(databases.eachSupportedId())(
  'version-drift notices on %s',
  databaseId => {
    it('is a global task, off unless enabled', async () => {
      const knex = await databases.init(databaseId);
      const off = await startNotifier({
        knex,
        catalog: swappableCatalog(catalogWith('2.1.0')),
        notifications: capturedNotifications(),
        config: {},
      });
      expect(off.task).toBeUndefined();
      await off.backend.stop();
      const on = await startNotifier({
        knex,
        catalog: swappableCatalog(catalogWith('2.1.0')),
        notifications: capturedNotifications(),
      });
      expect(on.task).toMatchObject({
        scope: 'global',
        frequency: { milliseconds: 30 * 60_000 },
      });
      await on.backend.stop();
    });

    it('tells each owner of an older version once, retries failed sends, and tells them again of the next version', async () => {
      const knex = await databases.init(databaseId);
      const catalog = swappableCatalog(catalogWith('2.1.0'));
      const notifications = capturedNotifications();
      const { backend, run } = await startNotifier({
        knex,
        catalog,
        notifications,
      });
      try {
        // The first send to blue fails: red is told, blue is not marked.
        notifications.failing.add(BLUE);
        await run();
        expect(notifications.sent).toEqual([
          {
            recipients: { type: 'entity', entityRef: RED },
            payload: {
              title: 'Service 2.1.0 is out',
              description:
                'a runs 1.4.0. Update from the template to get its fixes and defaults.',
              link: '/catalog/default/component/a',
              severity: 'normal',
              topic: 'goldpath-template-version',
            },
          },
        ]);
        expect(await rows(knex)).toEqual([[SVC, '2.1.0', RED, 'sent']]);

        // The next run retries blue only.
        notifications.failing.clear();
        await run();
        expect(
          notifications.sent.map(s => [
            (s.recipients as any).entityRef,
            s.payload.description,
          ]),
        ).toEqual([
          [RED, expect.stringMatching(/^a runs 1\.4\.0\./)],
          [BLUE, expect.stringMatching(/^b runs 2\.0\.0\./)],
        ]);
        expect(await rows(knex)).toEqual([
          [SVC, '2.1.0', BLUE, 'sent'],
          [SVC, '2.1.0', RED, 'sent'],
        ]);

        // A rerun tells nobody again.
        await run();
        expect(notifications.sent).toHaveLength(2);

        // 2.2.0 is out: both owners are told, blue of b and c, in key order.
        catalog.set(catalogWith('2.2.0'));
        await run();
        expect(
          notifications.sent
            .slice(2)
            .map(s => [
              (s.recipients as any).entityRef,
              s.payload.title,
              s.payload.description,
              s.payload.link,
            ]),
        ).toEqual([
          [
            BLUE,
            'Service 2.2.0 is out',
            'b runs 2.0.0; c runs 2.1.0. Update from the template to get its fixes and defaults.',
            '/dora/adoption',
          ],
          [
            RED,
            'Service 2.2.0 is out',
            'a runs 1.4.0. Update from the template to get its fixes and defaults.',
            '/catalog/default/component/a',
          ],
        ]);
      } finally {
        await backend.stop();
      }
    });

    it('tells nobody while the template names no version', async () => {
      const knex = await databases.init(databaseId);
      const notifications = capturedNotifications();
      const { backend, run } = await startNotifier({
        knex,
        catalog: swappableCatalog(catalogWith(undefined)),
        notifications,
      });
      try {
        await run();
        expect(notifications.sent).toEqual([]);
        expect(await rows(knex)).toEqual([]);
      } finally {
        await backend.stop();
      }
    });

    it('never tells an owner twice when two replicas run at once', async () => {
      const knex = await databases.init(databaseId);
      const notifications = capturedNotifications();
      // Started one after the other (their migrations), run at once.
      const replicas = [];
      for (const _ of [1, 2]) {
        replicas.push(
          await startNotifier({
            knex,
            catalog: swappableCatalog(catalogWith('2.1.0')),
            notifications,
          }),
        );
      }
      try {
        await Promise.all(replicas.map(r => r.run()));
        await Promise.all(replicas.map(r => r.run()));
        expect(
          notifications.sent.map(s => (s.recipients as any).entityRef).sort(),
        ).toEqual([BLUE, RED]);
        expect(await rows(knex)).toEqual([
          [SVC, '2.1.0', BLUE, 'sent'],
          [SVC, '2.1.0', RED, 'sent'],
        ]);
      } finally {
        await Promise.all(replicas.map(r => r.backend.stop()));
      }
    });
  },
);

describe('GET /api/dora/adoption as a user', () => {
  const SECRET = 'example.com/secret';
  const secret = (entity: Entity): Entity => ({
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: { ...entity.metadata.annotations, [SECRET]: 'true' },
    },
  });
  const entities = [
    template('2.1.0'),
    group('red'),
    group('blue'),
    component('a', RED, '1.4.0'),
    secret(component('b', BLUE, '2.0.0')),
    component('c', BLUE, '2.1.0'),
  ];
  const LIMITED = 'user:default/limited';

  /** The catalog as the permission framework would answer: `limited` sees no secret entity. */
  const visibilityCatalog = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const all = catalogServiceMock({ entities });
      const visible = catalogServiceMock({
        entities: entities.filter(e => !e.metadata.annotations?.[SECRET]),
      });
      const pick = (options?: { credentials?: any }) =>
        options?.credentials?.principal?.userEntityRef === LIMITED
          ? visible
          : all;
      return new Proxy({} as any, {
        get: (_target, prop) =>
          typeof (all as any)[prop] === 'function'
            ? (...args: any[]) =>
                (pick(args[args.length - 1]) as any)[prop](...args)
            : undefined,
      });
    },
  });

  it('counts only what the user may see, and takes the current version from the template', async () => {
    const backend = await startTestBackend({
      features: [
        doraPlugin,
        visibilityCatalog,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: { goldpath: { dora: { privacy: { actorHashKey: 'k' } } } },
        }),
      ],
    });
    try {
      const scaffold = (id: string, service: string, actor: string) => ({
        id,
        type: 'scaffold',
        template: SVC,
        outcome: 'success',
        service,
        actor,
        timestamp: '2024-05-10T10:00:00Z',
      });
      const posted = await request(backend.server)
        .post('/api/dora/events')
        .set('Authorization', mockCredentials.service.header())
        .send({
          events: [
            scaffold('s-a', 'a', 'alice'),
            scaffold('s-b', 'b', 'bob'),
            scaffold('s-c', 'c', 'carol'),
          ],
        });
      expect(posted.body.accepted).toBe(3);
      const get = (header: string) =>
        request(backend.server)
          .get('/api/dora/adoption')
          .set('Authorization', header)
          .query({ asOf: '2024-06-01T00:00:00Z', months: '1' });

      const everyone = await get(mockCredentials.user.header());
      expect(everyone.status).toBe(200);
      expect(everyone.body.coverage.fleet).toMatchObject({
        fromTemplate: 3,
        components: 3,
      });
      expect(everyone.body.templatesPerMonth[0]).toMatchObject({ runs: 3 });
      expect(everyone.body.versionDrift[0]).toMatchObject({
        currentVersion: '2.1.0',
        currentVersionSource: 'annotation',
        services: 3,
        outdatedOwners: [BLUE, RED],
      });

      const limited = await get(mockCredentials.user.header(LIMITED));
      expect(limited.status).toBe(200);
      const body = limited.body;
      expect(body.coverage.fleet).toMatchObject({
        fromTemplate: 2,
        components: 2,
      });
      expect(body.templatesPerMonth[0]).toMatchObject({ runs: 2 });
      expect(body.repeatUse[0].months[0]).toMatchObject({ runs: 2, users: 2 });
      expect(body.versionDrift[0]).toMatchObject({
        currentVersion: '2.1.0',
        currentVersionSource: 'annotation',
        services: 2,
        outdatedOwners: [RED],
      });
      expect(JSON.stringify(body)).not.toContain('component:default/b');
    } finally {
      await backend.stop();
    }
  });
});
