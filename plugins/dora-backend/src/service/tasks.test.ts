import { mockServices } from '@backstage/backend-test-utils';
import { scheduleScorecardTasks } from './tasks';

describe('scheduleScorecardTasks', () => {
  it('schedules the weekly snapshots and the rollup cache once across replicas', async () => {
    const scheduler = mockServices.scheduler.mock();
    const scorecards = { snapshot: jest.fn(async () => ({ services: 3 })) };
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
      expect(scorecards.snapshot.mock.calls).toEqual([
        [{ asOf: Date.parse('2024-05-08T13:00:00Z') }],
      ]);
      expect(store.pruneSnapshots).toHaveBeenCalledWith({
        before: Date.parse('2024-05-06T13:47:00Z'),
        keepWeeklyAfter:
          Date.parse('2024-05-08T13:47:00Z') - 53 * 7 * 86_400_000,
      });
    } finally {
      jest.useRealTimers();
    }
  });
});
