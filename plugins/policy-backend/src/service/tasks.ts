import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { AttachmentService } from './AttachmentService';
import { MaintenanceService } from './MaintenanceService';

/**
 * The policy plugin's scheduled work. Every task is global: with several
 * backend replicas, each run happens on one of them.
 *
 * - `policy-attach-unmapped`, every 5 minutes: unmapped results the catalog
 *   now claims are attached to their entity;
 * - `policy-refresh-summaries`, every 5 minutes: summaries of entities whose
 *   next waiver expired, and all of them when the bundles changed;
 * - `policy-retention`, daily: old audits, unmapped results and expired
 *   waivers go, and so does the state of entities the catalog lost.
 */
export async function schedulePolicyTasks(options: {
  scheduler: SchedulerService;
  attachment: AttachmentService;
  maintenance: MaintenanceService;
  logger: LoggerService;
}) {
  const { scheduler, attachment, maintenance, logger } = options;
  await scheduler.scheduleTask({
    id: 'policy-attach-unmapped',
    frequency: { minutes: 5 },
    initialDelay: { minutes: 1 },
    timeout: { minutes: 4 },
    scope: 'global',
    fn: async () => {
      await attachment.attach();
    },
  });
  await scheduler.scheduleTask({
    id: 'policy-refresh-summaries',
    frequency: { minutes: 5 },
    initialDelay: { minutes: 2 },
    timeout: { minutes: 4 },
    scope: 'global',
    fn: async () => {
      const n = await maintenance.refreshSummaries();
      if (n > 0)
        logger.info(`Recomputed the policy summaries of ${n} entities`);
    },
  });
  await scheduler.scheduleTask({
    id: 'policy-retention',
    frequency: { hours: 24 },
    initialDelay: { minutes: 10 },
    timeout: { hours: 1 },
    scope: 'global',
    fn: async () => {
      await maintenance.prune();
    },
  });
}
