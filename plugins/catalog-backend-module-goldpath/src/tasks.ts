import { SchedulerService } from '@backstage/backend-plugin-api';

/** The ids of the module's scheduled tasks. */
export const TASK_IDS = {
  contracts: 'goldpath-catalog-contracts',
  attribution: 'goldpath-catalog-scaffold-events',
  policy: 'goldpath-catalog-policy-summary',
} as const;

/**
 * Schedules the refresh of one in-memory map.
 *
 * `scope: 'local'`: each task fills a per-process cache that this process's
 * processors read, so it must run in every backend replica, not once across
 * them. Each run is one bounded read (a paged catalog query or a delta since
 * a cursor), and a failure keeps the last answer.
 */
export async function scheduleRefresh(options: {
  scheduler: SchedulerService;
  id: string;
  intervalMillis: number;
  refresh: () => Promise<void>;
}): Promise<void> {
  const { scheduler, id, intervalMillis, refresh } = options;
  await scheduler.scheduleTask({
    id,
    scope: 'local',
    frequency: { milliseconds: intervalMillis },
    // The catalog and the other plugins answer once the backend has started.
    initialDelay: { seconds: 3 },
    timeout: { milliseconds: Math.max(intervalMillis * 5, 60_000) },
    fn: refresh,
  });
}
