import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AuditTrailService,
  DefaultAuditTrailService,
} from './AuditTrailService';

/**
 * The id of the scheduled task that delivers a plugin's outbox.
 *
 * @public
 */
export const AUDIT_TRAIL_FLUSH_TASK_ID = 'audit-trail-outbox-flush';

/**
 * The audit trail of the calling plugin (plugin-scoped): records go to the
 * plugin's `auditor` and, through an outbox in the plugin's own database, to
 * the audit plugin over HTTP with the plugin's service credentials. A global
 * scheduled task (`audit-trail-outbox-flush`, every 30 seconds) retries what
 * could not be delivered.
 *
 * @public
 */
export const auditTrailServiceRef = createServiceRef<AuditTrailService>({
  id: 'goldpath.audit.trail',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        auditor: coreServices.auditor,
        database: coreServices.database,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        pluginMetadata: coreServices.pluginMetadata,
      },
      async factory({
        auditor,
        database,
        discovery,
        auth,
        logger,
        scheduler,
        pluginMetadata,
      }) {
        const trail = await DefaultAuditTrailService.create({
          pluginId: pluginMetadata.getId(),
          auditor,
          database,
          discovery,
          auth,
          logger,
        });
        await scheduler.scheduleTask({
          id: AUDIT_TRAIL_FLUSH_TASK_ID,
          frequency: { seconds: 30 },
          initialDelay: { seconds: 15 },
          timeout: { minutes: 5 },
          scope: 'global',
          fn: async () => {
            const result = await trail.flush();
            if (result.retrying > 0) {
              logger.warn(
                `${result.retrying} audit records wait for the audit plugin and will be retried`,
              );
            }
          },
        });
        return trail;
      },
    }),
});
