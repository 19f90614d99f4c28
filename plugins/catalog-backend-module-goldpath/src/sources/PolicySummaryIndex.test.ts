import { mockServices } from '@backstage/backend-test-utils';
import {
  PolicySummaryEntry,
  PolicySummaryResponse,
} from '@goldpath/plugin-policy-common';
import { PolicyService } from '@goldpath/plugin-policy-node';
import { PolicySummaryIndex } from './PolicySummaryIndex';

const summary = (
  entityRef: string,
  status: PolicySummaryEntry['status'],
  high = 0,
): PolicySummaryEntry => ({
  entityRef,
  status,
  violationsBySeverity: {
    critical: 0,
    high,
    medium: 0,
    low: 0,
    info: 0,
    unknown: 0,
  },
  excepted: 0,
  lastAudit: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
});

/** A policy service answering fixed summaries, by cursor. */
function setup(answers: Record<string, PolicySummaryResponse | Error>) {
  const calls: Array<string | undefined> = [];
  const policy: PolicyService = {
    async getSummary(options) {
      calls.push(options?.since);
      const answer = answers[options?.since ?? ''];
      if (answer instanceof Error) throw answer;
      return (
        answer ?? { entries: [], removed: [], cursor: options?.since ?? '' }
      );
    },
  };
  const logger = mockServices.logger.mock();
  const onChange = jest.fn(async (_keys: string[]) => {});
  let now = 0;
  const index = PolicySummaryIndex.create({
    policy,
    logger,
    onChange,
    now: () => now,
  });
  return {
    index,
    onChange,
    logger,
    calls,
    advance: (ms: number) => (now += ms),
  };
}

describe('PolicySummaryIndex', () => {
  it('loads the summary, applies deltas and removals, refreshes what changed', async () => {
    const t = setup({
      '': {
        entries: [
          summary('component:default/Checkout', 'fail', 2),
          summary('component:default/ledger', 'pass'),
        ],
        removed: [],
        cursor: 'c1',
      },
    });
    expect(t.index.lookup('component:default/checkout')).toEqual({
      state: 'not-loaded',
    });
    await t.index.refresh();
    expect(t.index.lookup('component:default/checkout')).toEqual({
      state: 'loaded',
      entry: { ...summary('component:default/checkout', 'fail', 2) },
    });
    expect(t.index.lookup('component:default/unknown')).toEqual({
      state: 'loaded',
    });
    expect(t.onChange).toHaveBeenCalledWith([
      'goldpath:policy:component:default/checkout',
      'goldpath:policy:component:default/ledger',
    ]);

    t.onChange.mockClear();
    t.calls.length = 0;
    await t.index.refresh();
    expect(t.calls).toEqual(['c1']);
    expect(t.onChange).not.toHaveBeenCalled();
  });

  it('refreshes changed and removed entities only', async () => {
    const answers: Record<string, PolicySummaryResponse | Error> = {
      '': {
        entries: [
          summary('component:default/a', 'fail', 1),
          summary('component:default/b', 'pass'),
          summary('component:default/c', 'warn'),
        ],
        removed: [],
        cursor: 'c1',
      },
    };
    const t = setup(answers);
    await t.index.refresh();
    t.onChange.mockClear();
    answers.c1 = {
      // a: same content again (entries may repeat), b: now failing, c: pruned.
      entries: [
        summary('component:default/a', 'fail', 1),
        summary('component:default/b', 'fail', 3),
      ],
      removed: ['component:default/c', 'component:default/never-known'],
      cursor: 'c2',
    };
    await t.index.refresh();
    expect(t.onChange).toHaveBeenCalledTimes(1);
    expect(t.onChange).toHaveBeenCalledWith([
      'goldpath:policy:component:default/b',
      'goldpath:policy:component:default/c',
    ]);
    expect(t.index.lookup('component:default/c')).toEqual({ state: 'loaded' });
    expect(t.index.lookup('component:default/b')).toMatchObject({
      entry: { status: 'fail' },
    });
  });

  it('stops when the cursor does not move', async () => {
    const t = setup({
      '': {
        entries: [summary('component:default/a', 'pass')],
        removed: [],
        cursor: 'c1',
      },
      c1: {
        entries: [summary('component:default/a', 'pass')],
        removed: [],
        cursor: 'c1',
      },
    });
    await t.index.refresh();
    expect(t.calls).toEqual([undefined, 'c1']);
  });

  it('stops after a round that brings nothing new (the overlap window repeating)', async () => {
    const a = summary('component:default/a', 'pass');
    const t = setup({
      '': { entries: [a], removed: [], cursor: 'c1' },
      // The same entry again, with a cursor that moves each time.
      c1: { entries: [a], removed: [], cursor: 'c2' },
      c2: { entries: [a], removed: [], cursor: 'c3' },
    });
    await t.index.refresh();
    expect(t.calls).toEqual([undefined, 'c1']);
    t.calls.length = 0;
    await t.index.refresh();
    expect(t.calls).toEqual(['c2']);
  });

  it('skips entries of another shape', async () => {
    const t = setup({
      '': {
        entries: [
          { ...summary('component:default/a', 'pass'), status: 'green' } as any,
          { entityRef: 'component:default/b' } as any,
          summary('component:default/c', 'warn'),
        ],
        removed: [],
        cursor: 'c1',
      },
    });
    await t.index.refresh();
    expect(t.index.lookup('component:default/a')).toEqual({ state: 'loaded' });
    expect(t.index.lookup('component:default/b')).toEqual({ state: 'loaded' });
    expect(t.index.lookup('component:default/c')).toMatchObject({
      entry: { status: 'warn' },
    });
  });

  it('keeps the last summary while the policy plugin is unreachable, warning once a minute', async () => {
    const answers: Record<string, PolicySummaryResponse | Error> = {
      '': {
        entries: [summary('component:default/a', 'fail', 1)],
        removed: [],
        cursor: 'c1',
      },
    };
    const t = setup(answers);
    await t.index.refresh();
    answers.c1 = new Error('503 Service Unavailable');
    for (let i = 0; i < 6; i++) {
      await t.index.refresh();
      t.advance(10_000);
    }
    expect(t.index.lookup('component:default/a')).toMatchObject({
      state: 'loaded',
      entry: { status: 'fail' },
    });
    expect(t.logger.warn).toHaveBeenCalledTimes(1);
    t.advance(10_000);
    await t.index.refresh();
    expect(t.logger.warn).toHaveBeenCalledTimes(2);
    expect(t.logger.warn).toHaveBeenLastCalledWith(
      'Could not read the policy summary from the policy plugin; entities keep their last policy annotations: 503 Service Unavailable (5 more failures since the last warning)',
    );
  });

  it('asks again for a refresh the catalog could not take', async () => {
    const t = setup({
      '': {
        entries: [summary('component:default/a', 'fail', 1)],
        removed: [],
        cursor: 'c1',
      },
    });
    t.onChange.mockRejectedValueOnce(new Error('database is locked'));
    await t.index.refresh();
    expect(t.logger.warn).toHaveBeenCalledWith(
      'Could not ask the catalog to refresh entities: database is locked',
    );
    await t.index.refresh();
    expect(t.onChange).toHaveBeenCalledTimes(2);
    expect(t.onChange).toHaveBeenLastCalledWith([
      'goldpath:policy:component:default/a',
    ]);
    await t.index.refresh();
    expect(t.onChange).toHaveBeenCalledTimes(2);
  });
});
