import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { auditPermissions } from '@goldpath/plugin-audit-common';
import { readAuditBackendConfig } from './config';
import { AuditStore } from './database/AuditStore';
import { AuditService } from './service/AuditService';
import { createRouter } from './service/router';

/**
 * The Goldpath audit backend plugin: the queryable audit trail of platform
 * actions at `/api/audit`. Plugins record through `auditTrailServiceRef` of
 * `@goldpath/plugin-audit-node`.
 *
 * @public
 */
export const auditPlugin = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        scheduler,
        auditor,
      }) {
        const settings = readAuditBackendConfig(config);
        permissionsRegistry.addPermissions(auditPermissions);
        const store = await AuditStore.create({ database });
        const audit = AuditService.create({
          store,
          logger,
          retentionDays: settings.retention.days,
          ...(settings.actorHashKey
            ? { actorHashKey: settings.actorHashKey }
            : {}),
        });
        if (audit.pseudonymizes) {
          logger.info(
            'goldpath.dora.privacy.actorHashKey is set: user actors of audit records are stored as pseudonyms',
          );
        }

        await scheduler.scheduleTask({
          id: 'audit-retention',
          frequency: { hours: 24 },
          initialDelay: { minutes: 10 },
          timeout: { hours: 1 },
          scope: 'global',
          fn: async () => {
            const n = await audit.purge();
            if (n > 0) {
              logger.info(
                `Deleted ${n} audit records older than ${settings.retention.days} days`,
              );
            }
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            audit,
            maxBodyBytes: settings.ingestion.maxBodyBytes,
            exportMaxRows: settings.export.maxRows,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
