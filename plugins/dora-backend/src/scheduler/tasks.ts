import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { startOfIsoWeek } from '@goldpath/plugin-dora-common';
import { DoraStore } from '../database/DoraStore';
import { DoraBackendConfig } from '../config';
import { UnresolvedIdentities } from '../ingestion/UnresolvedIdentities';
import {
  MAX_FUTURE_SKEW_MS,
  ScorecardService,
} from '../scorecards/ScorecardService';
import { CatalogDirectory } from '../catalog/CatalogDirectory';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/**
 * The dora plugin's scheduled work. Every task is global: with several
 * backend replicas, each run happens on one of them.
 *
 * - weekly snapshots: every Monday, the scorecards of every service as of
 *   Monday 00:00 UTC and the Monday before, kept for a year: history and
 *   "this week vs last week" without recomputation;
 * - rollup cache: every 15 minutes, the scorecards as of now, so team,
 *   system and product-line rollups answer from stored values (a service
 *   with new events since is recomputed by the request); snapshots are
 *   pruned whatever their key: computed more than two days ago (weekly ones
 *   of the default window excepted), of another window more than an hour
 *   ago, or of an instant beyond the allowed future skew;
 * - resolution: every 5 minutes, unresolved webhook events whose tool
 *   identity the catalog now claims are attached to their service;
 * - privacy: daily, events past the retention period go, and so does
 *   everything of services that opted out of telemetry.
 */
export async function scheduleScorecardTasks(options: {
  scheduler: SchedulerService;
  scorecards: ScorecardService;
  store: DoraStore;
  logger: LoggerService;
  unresolved?: UnresolvedIdentities;
  directory?: Pick<CatalogDirectory, 'get'>;
  retention?: DoraBackendConfig['retention'];
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
      await scorecards.snapshot({});
      const now = Date.now();
      const pruned = await store.pruneSnapshots({
        before: now - 48 * HOUR_MS,
        keepWeeklyAfter: now - 53 * WEEK_MS,
        weeklyWindowDays: scorecards.defaultWindowDays,
        otherWindowsBefore: now - HOUR_MS,
        futureAfter: now + MAX_FUTURE_SKEW_MS,
      });
      if (pruned > 0) {
        logger.debug(`Pruned ${pruned} stale DORA scorecard snapshots`);
      }
    },
  });

  const { unresolved, directory, retention } = options;
  if (unresolved) {
    await scheduler.scheduleTask({
      id: 'dora-resolve-unresolved',
      frequency: { minutes: 5 },
      initialDelay: { minutes: 1 },
      timeout: { minutes: 4 },
      scope: 'global',
      fn: async () => {
        const { attached, dropped } = await unresolved.reresolve();
        if (attached + dropped > 0) {
          logger.info(
            `Resolved webhook events: ${attached} attached to their services, ${dropped} dropped (opted out)`,
          );
        }
      },
    });
  }

  if (retention && directory) {
    await scheduler.scheduleTask({
      id: 'dora-privacy',
      frequency: { hours: 24 },
      initialDelay: { minutes: 5 },
      timeout: { hours: 1 },
      scope: 'global',
      fn: async () => {
        const now = Date.now();
        const purged = await store.purge({
          eventsBefore:
            retention.eventsMillis !== undefined
              ? now - retention.eventsMillis
              : undefined,
          unresolvedBefore: now - retention.unresolvedMillis,
        });
        const optedOut = [...(await directory.get()).services.values()]
          .filter(s => s.telemetryDisabled)
          .map(s => s.ref);
        const removed = await store.deleteServices(optedOut);
        logger.info(
          `Privacy: deleted ${purged.events} events past retention, ${purged.unresolved} stale unresolved events, ${removed} events of opted-out services`,
        );
      },
    });
  }
}
