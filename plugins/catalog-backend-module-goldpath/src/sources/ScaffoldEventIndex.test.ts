import { mockServices } from '@backstage/backend-test-utils';
import { DoraService } from '@goldpath/plugin-dora-node';
import { ScaffoldEventIndex } from './ScaffoldEventIndex';

type Answer = Awaited<ReturnType<DoraService['getScaffoldAttributions']>>;

/** A dora service answering from a script of fixed answers, by cursor. */
function dora(answers: Record<string, Answer | Error>) {
  const calls: Array<string | undefined> = [];
  const service: DoraService = {
    async ingestEvents() {
      throw new Error('the catalog module never sends events');
    },
    async getScaffoldAttributions(options) {
      calls.push(options?.since);
      const answer = answers[options?.since ?? ''];
      if (answer instanceof Error) throw answer;
      return answer ?? { entries: [], cursor: options?.since ?? '' };
    },
  };
  return { service, calls };
}

const entry = (
  entityRef: string,
  templateRef: string,
  at = '2026-02-01T09:00:00.000Z',
) => ({
  entityRef,
  templateRef,
  scaffoldedAt: at,
});

function setup(answers: Record<string, Answer | Error>) {
  const d = dora(answers);
  const logger = mockServices.logger.mock();
  const onChange = jest.fn(async (_keys: string[]) => {});
  const index = ScaffoldEventIndex.create({
    dora: d.service,
    logger,
    onChange,
  });
  return { index, onChange, logger, calls: d.calls };
}

describe('ScaffoldEventIndex', () => {
  it('loads everything, then follows the cursor', async () => {
    const t = setup({
      '': {
        entries: [
          entry('component:default/Checkout', 'template:default/node'),
          {
            ...entry('component:default/ledger', 'template:default/java'),
            templateVersion: '2.0.0',
            taskId: 't1',
          },
        ],
        cursor: 'c1',
      },
      c1: {
        entries: [
          entry(
            'component:default/checkout',
            'template:default/node',
            '2026-03-01T00:00:00.000Z',
          ),
        ],
        cursor: 'c2',
      },
    });
    expect(t.index.lookup('component:default/checkout')).toEqual({
      state: 'not-loaded',
    });
    await t.index.refresh();
    expect(t.calls).toEqual([undefined, 'c1', 'c2']);
    expect(t.index.lookup('Component:default/checkout')).toEqual({
      state: 'loaded',
      event: {
        templateRef: 'template:default/node',
        scaffoldedAt: '2026-03-01T00:00:00.000Z',
      },
    });
    expect(t.index.lookup('component:default/ledger')).toEqual({
      state: 'loaded',
      event: {
        templateRef: 'template:default/java',
        templateVersion: '2.0.0',
        scaffoldedAt: '2026-02-01T09:00:00.000Z',
      },
    });
    expect(t.index.lookup('component:default/other')).toEqual({
      state: 'loaded',
    });
    expect(t.onChange).toHaveBeenCalledWith([
      'goldpath:attribution:component:default/checkout',
      'goldpath:attribution:component:default/ledger',
    ]);

    t.onChange.mockClear();
    await t.index.refresh();
    expect(t.calls.slice(3)).toEqual(['c2']);
    expect(t.onChange).not.toHaveBeenCalled();
  });

  it('refreshes nothing for entries that did not change, and skips malformed ones', async () => {
    const same = entry('component:default/a', 'template:default/t');
    const t = setup({
      '': { entries: [same], cursor: 'c1' },
      c1: {
        entries: [
          same,
          { entityRef: 42 } as any,
          { entityRef: 'component:default/b' } as any,
        ],
        cursor: 'c2',
      },
    });
    await t.index.refresh();
    expect(t.onChange).toHaveBeenCalledTimes(1);
    expect(t.onChange).toHaveBeenCalledWith([
      'goldpath:attribution:component:default/a',
    ]);
    expect(t.index.lookup('component:default/b')).toEqual({ state: 'loaded' });
  });

  it('stays not loaded while dora cannot be reached, warning once a minute', async () => {
    const t = setup({ '': new Error('connect ECONNREFUSED') });
    await t.index.refresh();
    await t.index.refresh();
    expect(t.index.lookup('component:default/a')).toEqual({
      state: 'not-loaded',
    });
    expect(t.logger.warn).toHaveBeenCalledTimes(1);
    expect(t.logger.warn).toHaveBeenCalledWith(
      'Could not read scaffold events from the dora plugin; attribution keeps the last known events: connect ECONNREFUSED',
    );
  });
});
