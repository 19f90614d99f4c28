import { mockServices } from '@backstage/backend-test-utils';
import { scheduleScorecardTasks } from './tasks';

describe('scheduleScorecardTasks', () => {
  it('schedules resolution and the daily privacy task, which purge and forget opt-outs', async () => {
    const scheduler = mockServices.scheduler.mock();
    const store = {
      purge: jest.fn(async () => ({ events: 5, unresolved: 2 })),
      deleteServices: jest.fn(async () => 3),
    };
    const unresolved = {
      reresolve: jest.fn(async () => ({ attached: 1, dropped: 0 })),
    };
    const directory = {
      get: async () =>
        ({
          services: new Map([
            [
              'component:default/a',
              { ref: 'component:default/a', telemetryDisabled: true },
            ],
            [
              'component:default/b',
              { ref: 'component:default/b', telemetryDisabled: false },
            ],
          ]),
        } as any),
    };
    await scheduleScorecardTasks({
      scheduler,
      scorecards: { snapshot: jest.fn() } as any,
      store: store as any,
      logger: mockServices.logger.mock(),
      unresolved: unresolved as any,
      directory,
      retention: {
        eventsMillis: 10 * 86_400_000,
        unresolvedMillis: 86_400_000,
      },
    });
    const tasks = Object.fromEntries(
      scheduler.scheduleTask.mock.calls.map(([task]) => [task.id, task]),
    );
    expect(Object.keys(tasks)).toEqual([
      'dora-weekly-snapshots',
      'dora-rollup-cache',
      'dora-resolve-unresolved',
      'dora-privacy',
    ]);
    expect(tasks['dora-privacy']).toMatchObject({
      frequency: { hours: 24 },
      scope: 'global',
    });
    await tasks['dora-resolve-unresolved'].fn(
      new AbortController().signal as any,
    );
    expect(unresolved.reresolve).toHaveBeenCalled();
    jest.useFakeTimers({ now: Date.parse('2024-05-20T00:00:00Z') });
    try {
      await tasks['dora-privacy'].fn(new AbortController().signal as any);
    } finally {
      jest.useRealTimers();
    }
    expect(store.purge).toHaveBeenCalledWith({
      eventsBefore: Date.parse('2024-05-10T00:00:00Z'),
      unresolvedBefore: Date.parse('2024-05-19T00:00:00Z'),
    });
    expect(store.deleteServices).toHaveBeenCalledWith(['component:default/a']);
  });

  it('schedules the weekly snapshots and the rollup cache once across replicas', async () => {
    const scheduler = mockServices.scheduler.mock();
    const scorecards = {
      snapshot: jest.fn(async () => ({ services: 3 })),
      defaultWindowDays: 90,
    };
    const store = { pruneSnapshots: jest.fn(async () => 2) };
    await scheduleScorecardTasks({
      scheduler,
      scorecards: scorecards as any,
      store: store as any,
      logger: mockServices.logger.mock(),
    });
    const calls = scheduler.scheduleTask.mock.calls.map(([task]) => task);
    expect(calls).toEqual([
      expect.objectContaining({
        id: 'dora-weekly-snapshots',
        frequency: { cron: '5 0 * * 1' },
        scope: 'global',
      }),
      expect.objectContaining({
        id: 'dora-rollup-cache',
        frequency: { minutes: 15 },
        scope: 'global',
      }),
    ]);

    jest.useFakeTimers({ now: Date.parse('2024-05-08T13:47:00Z') }); // a Wednesday
    try {
      await calls[0].fn(new AbortController().signal as any);
      expect(scorecards.snapshot.mock.calls).toEqual([
        [{ asOf: Date.parse('2024-04-29T00:00:00Z') }],
        [{ asOf: Date.parse('2024-05-06T00:00:00Z') }],
      ]);
      scorecards.snapshot.mockClear();
      await calls[1].fn(new AbortController().signal as any);
      // As of now (not the start of the hour): rollups read the newest.
      expect(scorecards.snapshot.mock.calls).toEqual([[{}]]);
      expect(store.pruneSnapshots).toHaveBeenCalledWith({
        before: Date.parse('2024-05-06T13:47:00Z'),
        keepWeeklyAfter:
          Date.parse('2024-05-08T13:47:00Z') - 53 * 7 * 86_400_000,
        weeklyWindowDays: 90,
        otherWindowsBefore: Date.parse('2024-05-08T12:47:00Z'),
        futureAfter: Date.parse('2024-05-08T13:52:00Z'),
      });
    } finally {
      jest.useRealTimers();
    }
  });
});
