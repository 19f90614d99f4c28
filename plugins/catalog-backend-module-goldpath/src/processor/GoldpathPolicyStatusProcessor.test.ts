import { PolicySummaryEntry } from '@goldpath/plugin-policy-common';
import {
  FILE_LOCATION,
  TestProcessorCache,
  collector,
  entity,
} from '../__testUtils__/processing';
import {
  PolicySummaries,
  PolicySummaryLookup,
} from '../sources/PolicySummaryIndex';
import { GoldpathPolicyStatusProcessor } from './GoldpathPolicyStatusProcessor';

function summaries(
  byRef: Record<string, PolicySummaryEntry>,
  loaded = true,
): PolicySummaries {
  return {
    lookup(ref: string): PolicySummaryLookup {
      return loaded
        ? { state: 'loaded', entry: byRef[ref] }
        : { state: 'not-loaded' };
    },
  };
}

const FAILING: PolicySummaryEntry = {
  entityRef: 'component:default/checkout',
  status: 'fail',
  violationsBySeverity: {
    critical: 1,
    high: 2,
    medium: 0,
    low: 0,
    info: 0,
    unknown: 3,
  },
  excepted: 4,
  lastAudit: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:01.000Z',
};

const COMPUTED = {
  'goldpath.dev/policy-status': 'fail',
  'goldpath.dev/policy-violations':
    'critical:1,high:2,medium:0,low:0,info:0,unknown:3',
  'goldpath.dev/policy-last-audit': '2026-03-01T09:00:00.000Z',
  'goldpath.dev/policy-excepted': '4',
};

const run = async (
  p: GoldpathPolicyStatusProcessor,
  e: ReturnType<typeof entity>,
  cache = new TestProcessorCache(),
) => {
  const c = collector();
  const result = await p.postProcessEntity(e, FILE_LOCATION, c.emit, cache);
  return { ...c, result };
};

describe('GoldpathPolicyStatusProcessor', () => {
  const loaded = GoldpathPolicyStatusProcessor.create({
    summaries: summaries({ 'component:default/checkout': FAILING }),
  });

  it('has a stable name', () => {
    expect(loaded.getProcessorName()).toBe('GoldpathPolicyStatusProcessor');
  });

  it('writes the policy annotations of a summary entry', async () => {
    const { result, results } = await run(
      loaded,
      entity('Component', 'checkout'),
    );
    expect(results()).toEqual([
      { type: 'refresh', key: 'goldpath:policy:component:default/checkout' },
    ]);
    expect(result.metadata.annotations).toEqual(COMPUTED);
  });

  it('replaces author-written values with the computed ones', async () => {
    const { result } = await run(
      loaded,
      entity('Component', 'checkout', {
        annotations: {
          'goldpath.dev/policy-status': 'pass',
          'goldpath.dev/policy-violations': 'critical:0',
          'example.com/other': 'kept',
        },
      }),
    );
    expect(result.metadata.annotations).toEqual({
      'example.com/other': 'kept',
      ...COMPUTED,
    });
  });

  it('writes no policy annotations, never pass, when no report names the entity', async () => {
    const { result, results } = await run(
      loaded,
      entity('Component', 'ledger', {
        annotations: {
          'goldpath.dev/policy-status': 'pass',
          'goldpath.dev/policy-violations':
            'critical:0,high:0,medium:0,low:0,info:0,unknown:0',
          'goldpath.dev/policy-last-audit': '2026-01-01T00:00:00Z',
          'goldpath.dev/policy-excepted': '0',
        },
      }),
    );
    expect(results()).toEqual([
      { type: 'refresh', key: 'goldpath:policy:component:default/ledger' },
    ]);
    expect(result.metadata.annotations).toEqual({});
  });

  it('leaves out counts it cannot state rather than writing zeros', async () => {
    const p = GoldpathPolicyStatusProcessor.create({
      summaries: summaries({
        'component:default/checkout': {
          ...FAILING,
          violationsBySeverity: { critical: 1 } as any,
          excepted: -1,
        },
      }),
    });
    const { result } = await run(p, entity('Component', 'checkout'));
    expect(result.metadata.annotations).toEqual({
      'goldpath.dev/policy-status': 'fail',
      'goldpath.dev/policy-last-audit': '2026-03-01T09:00:00.000Z',
    });
  });

  it('replays the values computed last time until the summary is loaded', async () => {
    const cache = new TestProcessorCache();
    await run(loaded, entity('Component', 'checkout'), cache);
    cache.nextRun();
    const notLoaded = GoldpathPolicyStatusProcessor.create({
      summaries: summaries({}, false),
    });
    const first = await run(notLoaded, entity('Component', 'checkout'), cache);
    expect(first.result.metadata.annotations).toEqual(COMPUTED);
    expect(first.results()).toEqual([
      { type: 'refresh', key: 'goldpath:policy:component:default/checkout' },
    ]);
    cache.nextRun();
    const second = await run(
      notLoaded,
      entity('Component', 'checkout', {
        annotations: { 'goldpath.dev/policy-status': 'pass' },
      }),
      cache,
    );
    expect(second.result.metadata.annotations).toEqual(COMPUTED);

    const neverComputed = await run(
      notLoaded,
      entity('Component', 'checkout', {
        annotations: { 'goldpath.dev/policy-status': 'pass' },
      }),
    );
    expect(neverComputed.result.metadata.annotations).toEqual({});
  });

  it('drops the replayed values once the summary says there is no report', async () => {
    const cache = new TestProcessorCache();
    await run(loaded, entity('Component', 'checkout'), cache);
    cache.nextRun();
    const empty = GoldpathPolicyStatusProcessor.create({
      summaries: summaries({}),
    });
    expect(
      (await run(empty, entity('Component', 'checkout'), cache)).result.metadata
        .annotations,
    ).toEqual({});
    cache.nextRun();
    const notLoaded = GoldpathPolicyStatusProcessor.create({
      summaries: summaries({}, false),
    });
    expect(
      (await run(notLoaded, entity('Component', 'checkout'), cache)).result
        .metadata.annotations,
    ).toEqual({});
  });

  it('skips locations, users and groups, but still drops author-written values', async () => {
    for (const kind of ['Location', 'User', 'Group']) {
      const { result, results } = await run(
        loaded,
        entity(kind, 'x', {
          annotations: { 'goldpath.dev/policy-status': 'pass' },
          spec: {},
        }),
      );
      expect(results()).toEqual([]);
      expect(result.metadata.annotations).toEqual({});
    }
  });

  it('without the policy source only drops author-written values', async () => {
    const off = GoldpathPolicyStatusProcessor.create({});
    const { result, results } = await run(
      off,
      entity('Component', 'checkout', {
        annotations: { 'goldpath.dev/policy-status': 'pass' },
      }),
    );
    expect(results()).toEqual([]);
    expect(result.metadata.annotations).toEqual({});
  });
});
