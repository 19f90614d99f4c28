import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { doraPermissions } from '@goldpath/plugin-dora-common';
import {
  DoraEventSource,
  doraEventSourcesExtensionPoint,
} from '@goldpath/plugin-dora-node';
import { readDoraBackendConfig } from './config';
import { DatabaseDoraStore } from './database/DatabaseDoraStore';
import { VersionNoticeStore } from './database/VersionNoticeStore';
import { DeadLetterStore } from './database/DeadLetterStore';
import { ActorPseudonymizer } from './service/ActorPseudonymizer';
import { AdoptionService } from './service/AdoptionService';
import { IngestionService } from './service/IngestionService';
import { ResolutionService } from './service/ResolutionService';
import { ScorecardService } from './service/ScorecardService';
import { ServiceDirectory } from './service/ServiceDirectory';
import { ServiceResolver } from './service/ServiceResolver';
import {
  VersionDriftNotifier,
  readVersionNoticeConfig,
} from './service/VersionDriftNotifier';
import { WebhookService } from './service/WebhookService';
import {
  EventsBusConsumer,
  scheduleDeadLetterReplay,
  subscribeToEventsBus,
} from './service/eventsBus';
import { registerDoraActions } from './service/actions';
import { RateLimiter } from './service/rateLimit';
import { EntityVisibility } from './service/visibility';
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
        events: eventsServiceRef,
        notifications: notificationService,
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
        events,
        notifications,
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
        const catalogDirectory = ServiceDirectory.create({
          catalog,
          auth,
          logger,
          ttlMillis: settings.catalog.refreshMillis,
        });
        const directory = (options?: { maxAgeMillis?: number }) =>
          catalogDirectory.get(options);
        const ingestion = IngestionService.create({
          store,
          logger,
          pseudonymizer,
          directory,
          maxFutureMillis: settings.ingestion.maxFutureMillis,
        });
        const scorecards = ScorecardService.create({
          store,
          engine: settings.engine,
          directory: catalogDirectory,
          logger,
        });
        const adoption = AdoptionService.create({
          store,
          directory: catalogDirectory,
          scorecards,
          catalog,
          auth,
        });
        const resolver = new ServiceResolver({
          excludeRepositories: settings.privacy.excludeRepositories,
        });
        const webhooks = WebhookService.create({
          ...settings.webhooks,
          ingestion,
          store,
          directory,
          resolver,
          pseudonymizer,
          logger,
          maxFutureMillis: settings.ingestion.maxFutureMillis,
        });
        if (settings.webhooks.allowInsecure) {
          logger.warn(
            'goldpath.dora.webhooks.allowInsecure is set: webhook sources without a secret accept unsigned deliveries. Never use this in production.',
          );
        }
        const resolution = ResolutionService.create({
          store,
          ingestion,
          directory,
          resolver,
          logger,
        });
        registerDoraActions({ actionsRegistry, permissions, scorecards });
        const versionNotices = readVersionNoticeConfig(config);
        if (versionNotices.enabled) {
          // Owners of services created from an older template version.
          await VersionDriftNotifier.create({
            store: await VersionNoticeStore.create({ database }),
            directory,
            catalog,
            auth,
            notifications,
            logger,
          }).schedule({
            scheduler,
            frequencyMillis: versionNotices.frequencyMillis,
          });
        }
        await scheduleScorecardTasks({
          scheduler,
          scorecards,
          store,
          logger,
          resolution,
          directory,
          retention: settings.retention,
        });
        const deadLetters = await DeadLetterStore.create({ database });
        if (settings.eventsBus.enabled) {
          const consumer = new EventsBusConsumer({
            topics: settings.eventsBus.topics,
            webhooks,
            ingestion,
            deadLetters,
            logger,
          });
          await subscribeToEventsBus({ events, consumer, logger });
          await scheduleDeadLetterReplay({
            scheduler,
            consumer,
            frequencyMillis: settings.eventsBus.replayFrequencyMillis,
          });
        }

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auth,
            visibility: new EntityVisibility({
              catalog,
              auth,
              directory: catalogDirectory,
            }),
            allowUsersToIngest: settings.ingestion.allowUsers,
            rateLimiter: settings.ingestion.rateLimit
              ? new RateLimiter(settings.ingestion.rateLimit)
              : undefined,
            ingestion,
            scorecards,
            adoption,
            webhooks,
            resolution,
            store,
            deadLetters,
            maxBodyBytes: settings.ingestion.maxBodyBytes,
            maxEvents: settings.ingestion.maxEvents,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Webhooks prove themselves with their source's signature or token.
        httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });

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
