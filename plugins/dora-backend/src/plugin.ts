import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { doraPermissions } from '@goldpath/plugin-dora-common';
import {
  DoraEventSource,
  doraEventSourcesExtensionPoint,
} from '@goldpath/plugin-dora-node';
import { readDoraBackendConfig } from './config';
import { DatabaseDoraStore } from './database/DatabaseDoraStore';
import { ActorPseudonymizer } from './service/ActorPseudonymizer';
import { IngestionService } from './service/IngestionService';
import { ScorecardService } from './service/ScorecardService';
import { ServiceDirectory } from './service/ServiceDirectory';
import { registerDoraActions } from './service/actions';
import { createRouter } from './service/router';
import { scheduleScorecardTasks } from './service/tasks';

/**
 * The Goldpath dora backend plugin: ingests delivery events and serves DORA
 * scorecards at `/api/dora`.
 *
 * @public
 */
export const doraPlugin = createBackendPlugin({
  pluginId: 'dora',
  register(env) {
    const sources: DoraEventSource[] = [];
    env.registerExtensionPoint(doraEventSourcesExtensionPoint, {
      addEventSource(...added) {
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
        actionsRegistry: actionsRegistryServiceRef,
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
        actionsRegistry,
      }) {
        const settings = readDoraBackendConfig(config);
        permissionsRegistry.addPermissions(doraPermissions);

        const store = await DatabaseDoraStore.create({ database });
        const pseudonymizer = ActorPseudonymizer.create({
          key: settings.privacy.actorHashKey,
        });
        if (!pseudonymizer.enabled) {
          logger.warn(
            'goldpath.dora.privacy.actorHashKey is not set: actors of delivery events are not stored',
          );
        }
        const ingestion = IngestionService.create({
          store,
          logger,
          pseudonymizer,
          maxFutureMillis: settings.ingestion.maxFutureMillis,
        });
        const scorecards = ScorecardService.create({
          store,
          engine: settings.engine,
          directory: ServiceDirectory.create({ catalog, auth, logger }),
          logger,
        });
        registerDoraActions({ actionsRegistry, permissions, scorecards });
        await scheduleScorecardTasks({ scheduler, scorecards, store, logger });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            ingestion,
            scorecards,
            maxBodyBytes: settings.ingestion.maxBodyBytes,
            maxEvents: settings.ingestion.maxEvents,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        const sink = { ingest: ingestion.ingest.bind(ingestion) };
        lifecycle.addStartupHook(async () => {
          for (const source of sources) {
            try {
              await source.connect(sink);
              logger.info(`Connected event source ${source.id}`);
            } catch (e) {
              logger.error(
                `Event source ${source.id} failed to connect`,
                e as Error,
              );
            }
          }
        });
      },
    });
  },
});
