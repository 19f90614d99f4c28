import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { startOfIsoWeek } from '@goldpath/plugin-dora-common';
import { DoraStore } from '../database/DoraStore';
import { ScorecardService } from './ScorecardService';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/**
 * The dora plugin's scheduled work. Both tasks are global: with several
 * backend replicas, each run happens on one of them.
 *
 * - weekly snapshots: every Monday, the scorecards of every service as of
 *   Monday 00:00 UTC (and the week before, if missing), kept for a year:
 *   history and "this week vs last week" without recomputation;
 * - rollup cache: every 15 minutes, the scorecards as of the current hour,
 *   so team, system and product-line rollups answer from stored values;
 *   hourly entries older than two days are pruned.
 */
export async function scheduleScorecardTasks(options: {
  scheduler: SchedulerService;
  scorecards: ScorecardService;
  store: DoraStore;
  logger: LoggerService;
}) {
  const { scheduler, scorecards, store, logger } = options;

  await scheduler.scheduleTask({
    id: 'dora-weekly-snapshots',
    frequency: { cron: '5 0 * * 1' },
    timeout: { hours: 1 },
    scope: 'global',
    fn: async () => {
      const monday = startOfIsoWeek(Date.now());
      for (const asOf of [monday - WEEK_MS, monday]) {
        const { services } = await scorecards.snapshot({ asOf });
        logger.info(
          `Stored weekly DORA snapshots as of ${new Date(
            asOf,
          ).toISOString()} for ${services} services`,
        );
      }
    },
  });

  await scheduler.scheduleTask({
    id: 'dora-rollup-cache',
    frequency: { minutes: 15 },
    initialDelay: { seconds: 15 },
    timeout: { minutes: 14 },
    scope: 'global',
    fn: async () => {
      const now = Date.now();
      await scorecards.snapshot({ asOf: Math.floor(now / HOUR_MS) * HOUR_MS });
      const pruned = await store.pruneSnapshots({
        before: now - 48 * HOUR_MS,
        keepWeeklyAfter: now - 53 * WEEK_MS,
      });
      if (pruned > 0) {
        logger.debug(`Pruned ${pruned} stale DORA scorecard snapshots`);
      }
    },
  });
}
