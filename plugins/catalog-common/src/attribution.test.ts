import {
  attributionAnnotations,
  readAttribution,
  resolveAttribution,
} from './attribution';

const GOLDPATH = {
  'goldpath.dev/scaffolded-from': 'template:default/Node-Service',
  'goldpath.dev/template-version': '1.4.0',
  'goldpath.dev/scaffolded-at': '2026-03-01T10:00:00+01:00',
};
const SOURCE_TEMPLATE = {
  'backstage.io/source-template': 'template:default/java-service',
};
const EVENT = {
  templateRef: 'template:default/python-service',
  templateVersion: '0.9.0',
  scaffoldedAt: '2026-02-01T09:00:00.000Z',
};

describe('resolveAttribution', () => {
  it("prefers Goldpath's scaffolder annotations", () => {
    expect(
      resolveAttribution({
        annotations: { ...GOLDPATH, ...SOURCE_TEMPLATE },
        scaffoldEvent: EVENT,
      }),
    ).toEqual({
      templateRef: 'template:default/node-service',
      version: '1.4.0',
      scaffoldedAt: '2026-03-01T09:00:00.000Z',
      source: 'goldpath',
    });
  });

  it('then backstage.io/source-template, with the template version when present', () => {
    expect(
      resolveAttribution({
        annotations: SOURCE_TEMPLATE,
        scaffoldEvent: EVENT,
      }),
    ).toEqual({
      templateRef: 'template:default/java-service',
      source: 'source-template',
    });
    expect(
      resolveAttribution({
        annotations: {
          ...SOURCE_TEMPLATE,
          'goldpath.dev/template-version': '2.0.0',
        },
      }),
    ).toEqual({
      templateRef: 'template:default/java-service',
      version: '2.0.0',
      source: 'source-template',
    });
  });

  it('then a scaffold event', () => {
    expect(
      resolveAttribution({ annotations: {}, scaffoldEvent: EVENT }),
    ).toEqual({
      templateRef: 'template:default/python-service',
      version: '0.9.0',
      scaffoldedAt: '2026-02-01T09:00:00.000Z',
      source: 'scaffold-event',
    });
  });

  it('fills what the annotations lack from an event for the same template', () => {
    expect(
      resolveAttribution({
        annotations: {
          'backstage.io/source-template': 'template:default/python-service',
        },
        scaffoldEvent: EVENT,
      }),
    ).toEqual({
      templateRef: 'template:default/python-service',
      version: '0.9.0',
      scaffoldedAt: '2026-02-01T09:00:00.000Z',
      source: 'source-template',
    });
  });

  it('is undefined when nothing names a template', () => {
    expect(resolveAttribution({})).toBeUndefined();
    expect(
      resolveAttribution({
        annotations: { 'goldpath.dev/template-version': '1.0.0' },
      }),
    ).toBeUndefined();
  });

  it('fills the kind and the namespace of short refs', () => {
    expect(
      resolveAttribution({
        annotations: { 'goldpath.dev/scaffolded-from': 'node-service' },
        defaultNamespace: 'payments',
      })?.templateRef,
    ).toBe('template:payments/node-service');
    expect(
      resolveAttribution({
        annotations: { 'goldpath.dev/scaffolded-from': 'node-service' },
      })?.templateRef,
    ).toBe('template:default/node-service');
  });

  it.each([
    ['a:b:c'],
    ['template:default/'],
    ['not a name'],
    ['component:default/checkout'],
    ['   '],
  ])('ignores the malformed ref %j and falls through', ref => {
    expect(
      resolveAttribution({
        annotations: {
          'goldpath.dev/scaffolded-from': ref,
          ...SOURCE_TEMPLATE,
        },
      })?.source,
    ).toBe('source-template');
    expect(
      resolveAttribution({
        annotations: { 'backstage.io/source-template': ref },
        scaffoldEvent: EVENT,
      })?.source,
    ).toBe('scaffold-event');
    expect(
      resolveAttribution({ scaffoldEvent: { ...EVENT, templateRef: ref } }),
    ).toBeUndefined();
  });

  it('drops an unreadable time rather than inventing one', () => {
    expect(
      resolveAttribution({
        annotations: {
          'goldpath.dev/scaffolded-from': 'template:default/x',
          'goldpath.dev/scaffolded-at': 'last tuesday',
        },
      }),
    ).toEqual({ templateRef: 'template:default/x', source: 'goldpath' });
  });
});

describe('readAttribution', () => {
  it('reads back what attributionAnnotations writes', () => {
    const attribution = {
      templateRef: 'template:default/node-service',
      version: '1.4.0',
      scaffoldedAt: '2026-03-01T09:00:00.000Z',
      source: 'goldpath' as const,
    };
    const annotations = attributionAnnotations(attribution);
    expect(annotations).toEqual({
      'goldpath.dev/attribution-template': 'template:default/node-service',
      'goldpath.dev/attribution-version': '1.4.0',
      'goldpath.dev/attribution-at': '2026-03-01T09:00:00.000Z',
      'goldpath.dev/attribution-source': 'goldpath',
    });
    expect(readAttribution({ metadata: { annotations } })).toEqual(attribution);
  });

  it('omits what is not known', () => {
    const annotations = attributionAnnotations({
      templateRef: 'template:default/x',
      source: 'source-template',
    });
    expect(annotations).toEqual({
      'goldpath.dev/attribution-template': 'template:default/x',
      'goldpath.dev/attribution-source': 'source-template',
    });
    expect(readAttribution({ metadata: { annotations } })).toEqual({
      templateRef: 'template:default/x',
      source: 'source-template',
    });
    expect(attributionAnnotations(undefined)).toEqual({});
  });

  it('is undefined without a template or with an unknown source', () => {
    expect(readAttribution({ metadata: {} })).toBeUndefined();
    expect(
      readAttribution({
        metadata: {
          annotations: {
            'goldpath.dev/attribution-template': 'template:default/x',
            'goldpath.dev/attribution-source': 'guess',
          },
        },
      }),
    ).toBeUndefined();
    // The raw scaffolder annotations are inputs, not the computed answer.
    expect(
      readAttribution({ metadata: { annotations: SOURCE_TEMPLATE } }),
    ).toBeUndefined();
  });
});
