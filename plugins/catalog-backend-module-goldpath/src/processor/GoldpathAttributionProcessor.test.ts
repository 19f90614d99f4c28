import {
  FILE_LOCATION,
  TestProcessorCache,
  collector,
  entity,
} from '../__testUtils__/processing';
import {
  ScaffoldEvent,
  ScaffoldEventLookup,
  ScaffoldEvents,
} from '../sources/ScaffoldEventIndex';
import { GoldpathAttributionProcessor } from './GoldpathAttributionProcessor';

/** Scaffold events with fixed content, as the index serves them. */
function events(
  byRef: Record<string, ScaffoldEvent>,
  loaded = true,
): ScaffoldEvents {
  return {
    lookup(ref: string): ScaffoldEventLookup {
      return loaded
        ? { state: 'loaded', event: byRef[ref] }
        : { state: 'not-loaded' };
    },
  };
}

const EVENT: ScaffoldEvent = {
  templateRef: 'template:default/python-service',
  templateVersion: '0.9.0',
  scaffoldedAt: '2026-02-01T09:00:00.000Z',
};

const SELF = { kind: 'Component', namespace: 'default', name: 'checkout' };

const relations = (
  template: { kind: string; namespace: string; name: string },
  self = SELF,
) => [
  {
    type: 'relation',
    relation: { source: self, type: 'scaffoldedFrom', target: template },
  },
  {
    type: 'relation',
    relation: { source: template, type: 'scaffolderOf', target: self },
  },
];

const run = async (
  p: GoldpathAttributionProcessor,
  e: ReturnType<typeof entity>,
  cache = new TestProcessorCache(),
) => {
  const c = collector();
  const result = await p.postProcessEntity(e, FILE_LOCATION, c.emit, cache);
  return { ...c, result };
};

describe('GoldpathAttributionProcessor', () => {
  const withEvents = GoldpathAttributionProcessor.create({
    events: events({ 'component:default/checkout': EVENT }),
  });

  it('has a stable name', () => {
    expect(withEvents.getProcessorName()).toBe('GoldpathAttributionProcessor');
  });

  it("attributes from Goldpath's scaffolder annotations, with both relations", async () => {
    const { result, results } = await run(
      withEvents,
      entity('Component', 'checkout', {
        annotations: {
          'goldpath.dev/scaffolded-from': 'template:default/Node-Service',
          'goldpath.dev/template-version': '1.4.0',
          'goldpath.dev/scaffolded-at': '2026-03-01T09:00:00Z',
        },
      }),
    );
    expect(results()).toEqual([
      {
        type: 'refresh',
        key: 'goldpath:attribution:component:default/checkout',
      },
      ...relations({
        kind: 'template',
        namespace: 'default',
        name: 'node-service',
      }),
    ]);
    expect(result.metadata.annotations).toEqual({
      'goldpath.dev/scaffolded-from': 'template:default/Node-Service',
      'goldpath.dev/template-version': '1.4.0',
      'goldpath.dev/scaffolded-at': '2026-03-01T09:00:00Z',
      'goldpath.dev/attribution-template': 'template:default/node-service',
      'goldpath.dev/attribution-version': '1.4.0',
      'goldpath.dev/attribution-at': '2026-03-01T09:00:00.000Z',
      'goldpath.dev/attribution-source': 'goldpath',
    });
  });

  it('attributes from backstage.io/source-template', async () => {
    const { result, ofType } = await run(
      withEvents,
      entity('Component', 'checkout', {
        annotations: {
          'backstage.io/source-template': 'template:default/java-service',
        },
      }),
    );
    expect(ofType('relation')).toEqual(
      relations({
        kind: 'template',
        namespace: 'default',
        name: 'java-service',
      }),
    );
    expect(result.metadata.annotations).toEqual({
      'backstage.io/source-template': 'template:default/java-service',
      'goldpath.dev/attribution-template': 'template:default/java-service',
      'goldpath.dev/attribution-source': 'source-template',
    });
  });

  it('attributes from a scaffold event', async () => {
    const { result, ofType } = await run(
      withEvents,
      entity('Component', 'checkout'),
    );
    expect(ofType('relation')).toEqual(
      relations({
        kind: 'template',
        namespace: 'default',
        name: 'python-service',
      }),
    );
    expect(result.metadata.annotations).toEqual({
      'goldpath.dev/attribution-template': 'template:default/python-service',
      'goldpath.dev/attribution-version': '0.9.0',
      'goldpath.dev/attribution-at': '2026-02-01T09:00:00.000Z',
      'goldpath.dev/attribution-source': 'scaffold-event',
    });
  });

  it('writes nothing and drops author-written values when nothing names a template', async () => {
    const { result, results } = await run(
      withEvents,
      entity('Resource', 'bucket', {
        annotations: {
          'goldpath.dev/attribution-template': 'template:default/made-up',
          'goldpath.dev/attribution-source': 'goldpath',
          'goldpath.dev/attribution-version': '1',
          'goldpath.dev/attribution-at': '2020-01-01T00:00:00Z',
        },
      }),
    );
    expect(results()).toEqual([
      { type: 'refresh', key: 'goldpath:attribution:resource:default/bucket' },
    ]);
    expect(result.metadata.annotations).toEqual({});
  });

  it('ignores a malformed ref without failing the entity', async () => {
    const { result, results } = await run(
      withEvents,
      entity('API', 'orders', {
        annotations: { 'goldpath.dev/scaffolded-from': 'a:b:c' },
      }),
    );
    expect(results()).toEqual([
      { type: 'refresh', key: 'goldpath:attribution:api:default/orders' },
    ]);
    expect(result.metadata.annotations).toEqual({
      'goldpath.dev/scaffolded-from': 'a:b:c',
    });
  });

  it('uses the namespace of the entity for short refs', async () => {
    const { ofType } = await run(
      withEvents,
      entity('System', 'payments', {
        namespace: 'finance',
        annotations: { 'goldpath.dev/scaffolded-from': 'system-template' },
      }),
    );
    expect(ofType('relation')).toEqual(
      relations(
        { kind: 'template', namespace: 'finance', name: 'system-template' },
        { kind: 'System', namespace: 'finance', name: 'payments' },
      ),
    );
  });

  it('looks at other kinds only when they carry the annotations', async () => {
    const group = await run(
      withEvents,
      entity('Group', 'team-a', {
        annotations: { 'goldpath.dev/attribution-source': 'goldpath' },
        spec: { type: 'team', children: [] },
      }),
    );
    expect(group.results()).toEqual([]);
    expect(group.result.metadata.annotations).toEqual({});

    const domain = await run(
      withEvents,
      entity('Domain', 'commerce', {
        annotations: {
          'backstage.io/source-template': 'template:default/domain',
        },
        spec: { owner: 'a' },
      }),
    );
    expect(
      domain.result.metadata.annotations?.['goldpath.dev/attribution-source'],
    ).toBe('source-template');
  });

  it('replays the last scaffold event until the events are loaded', async () => {
    const cache = new TestProcessorCache();
    await run(withEvents, entity('Component', 'checkout'), cache);
    cache.nextRun();
    const notLoaded = GoldpathAttributionProcessor.create({
      events: events({}, false),
    });
    const { result, ofType } = await run(
      notLoaded,
      entity('Component', 'checkout'),
      cache,
    );
    expect(
      result.metadata.annotations?.['goldpath.dev/attribution-source'],
    ).toBe('scaffold-event');
    expect(ofType('relation')).toHaveLength(2);

    const fresh = await run(notLoaded, entity('Component', 'checkout'));
    expect(fresh.result.metadata.annotations).toEqual({});
  });

  it('reads annotations only, and emits no refresh key, without the dora source', async () => {
    const annotationsOnly = GoldpathAttributionProcessor.create({});
    const { results, result } = await run(
      annotationsOnly,
      entity('Component', 'checkout', {
        annotations: {
          'backstage.io/source-template': 'template:default/java-service',
        },
      }),
    );
    expect(results()).toEqual(
      relations({
        kind: 'template',
        namespace: 'default',
        name: 'java-service',
      }),
    );
    expect(
      result.metadata.annotations?.['goldpath.dev/attribution-source'],
    ).toBe('source-template');
  });
});
