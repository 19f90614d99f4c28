import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyPermissions } from '@goldpath/plugin-policy-common';
import {
  PolicyReportSource,
  policyReportSourcesExtensionPoint,
} from '@goldpath/plugin-policy-node';
import { readPolicyBackendConfig } from './config';
import { DatabasePolicyStore } from './database/DatabasePolicyStore';
import { AttachmentService } from './service/AttachmentService';
import { AuditRecorder } from './service/AuditRecorder';
import { IngestionService } from './service/IngestionService';
import { MaintenanceService } from './service/MaintenanceService';
import { OverviewService } from './service/OverviewService';
import { PolicyCatalog } from './service/PolicyCatalog';
import { createRouter } from './service/router';
import { PolicyAudit } from './service/trail';
import { auditTrailServiceRef } from '@goldpath/plugin-audit-node';
import { StateService } from './service/StateService';
import { SummaryService } from './service/SummaryService';
import { schedulePolicyTasks } from './service/tasks';
import { WaiverService } from './service/WaiverService';
import { createReportSink } from './service/sink';

/**
 * The Goldpath policy backend plugin: ingests policy reports, keeps audits,
 * drift and waivers per entity, and serves them at `/api/policy`.
 *
 * @public
 */
export const policyPlugin = createBackendPlugin({
  pluginId: 'policy',
  register(env) {
    const sources: PolicyReportSource[] = [];
    env.registerExtensionPoint(policyReportSourcesExtensionPoint, {
      addReportSource(...added) {
        sources.push(...added);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        trail: auditTrailServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        lifecycle,
        scheduler,
        auth,
        catalog,
        trail,
      }) {
        const settings = readPolicyBackendConfig(config);
        permissionsRegistry.addPermissions(policyPermissions);

        const store = await DatabasePolicyStore.create({ database });
        const policyCatalog = PolicyCatalog.create({
          catalog,
          auth,
          logger,
          ttlMillis: settings.catalog.refreshMillis,
        });
        const recorder = AuditRecorder.create();
        const ingestion = IngestionService.create({
          store,
          catalog: policyCatalog,
          recorder,
          logger,
          maxResults: settings.ingestion.maxResults,
        });
        const attachment = AttachmentService.create({
          store,
          catalog: policyCatalog,
          recorder,
          logger,
        });
        const maintenance = MaintenanceService.create({
          store,
          recorder,
          policyCatalog,
          catalog,
          auth,
          logger,
          retention: settings.retention,
        });
        await schedulePolicyTasks({
          scheduler,
          attachment,
          maintenance,
          logger,
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            ingestion,
            state: StateService.create({ store, catalog: policyCatalog }),
            overview: OverviewService.create({ store, policyCatalog, catalog }),
            summary: SummaryService.create({ store }),
            waivers: WaiverService.create({
              store,
              recorder,
              catalog: policyCatalog,
            }),
            attachment,
            maxBodyBytes: settings.ingestion.maxBodyBytes,
            maxWaiverMillis: settings.waivers.maxDurationMillis,
            audit: new PolicyAudit({ trail, httpAuth, logger }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        // Report sources go through the same checks as the REST endpoint.
        const sink = createReportSink({
          ingestion,
          maxBodyBytes: settings.ingestion.maxBodyBytes,
        });
        lifecycle.addStartupHook(async () => {
          for (const source of sources) {
            try {
              await source.connect(sink);
              logger.info(`Connected policy report source ${source.id}`);
            } catch (e) {
              logger.error(
                `Policy report source ${source.id} failed to connect`,
                e as Error,
              );
            }
          }
        });
      },
    });
  },
});
