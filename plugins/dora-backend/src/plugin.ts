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
import { ActorPseudonymizer } from './ingestion/ActorPseudonymizer';
import { AdoptionService } from './scorecards/AdoptionService';
import { IngestionService } from './ingestion/IngestionService';
import { UnresolvedIdentities } from './ingestion/UnresolvedIdentities';
import { ScorecardService } from './scorecards/ScorecardService';
import { CatalogDirectory } from './catalog/CatalogDirectory';
import { IdentityResolver } from './ingestion/IdentityResolver';
import {
  VersionDriftNotifier,
  readVersionNoticeConfig,
} from './scorecards/VersionDriftNotifier';
import { WebhookService } from './ingestion/WebhookService';
import {
  EventsBusConsumer,
  scheduleDeadLetterReplay,
  subscribeToEventsBus,
} from './ingestion/eventsBus';
import { registerDoraActions } from './actions/actions';
import { RateLimiter } from './http/rateLimit';
import { EntityVisibility } from './catalog/visibility';
import { auditTrailServiceRef } from '@goldpath/plugin-audit-node';
import { createRouter } from './http/router';
import { scheduleScorecardTasks } from './scheduler/tasks';
import { TicketService } from './tickets/TicketService';

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
        actionsRegistry,
        events,
        notifications,
        trail,
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
        const directory = CatalogDirectory.create({
          catalog,
          auth,
          logger,
          ttlMillis: settings.catalog.refreshMillis,
        });
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
          directory,
          logger,
        });
        const adoption = AdoptionService.create({
          store,
          directory,
          scorecards,
          catalog,
          auth,
        });
        const tickets = TicketService.create({
          store,
          directory,
          catalog,
          auth,
          triageSlaMillis: settings.tickets.triageSlaMillis,
          timeZone: settings.tickets.timeZone,
        });
        const resolver = new IdentityResolver({
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
        const unresolved = UnresolvedIdentities.create({
          store,
          ingestion,
          directory,
          resolver,
          logger,
        });
        // One visibility rule for HTTP reads and assistant actions.
        const visibility = new EntityVisibility({ catalog, auth, directory });
        registerDoraActions({
          actionsRegistry,
          permissions,
          scorecards,
          visibility,
        });
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
          unresolved,
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
            trail,
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
            visibility,
            allowUsersToIngest: settings.ingestion.allowUsers,
            rateLimiter: settings.ingestion.rateLimit
              ? new RateLimiter(settings.ingestion.rateLimit)
              : undefined,
            ingestion,
            scorecards,
            adoption,
            tickets,
            defaultWindowDays: settings.engine.windowDays,
            webhooks,
            unresolved,
            store,
            deadLetters,
            maxBodyBytes: settings.ingestion.maxBodyBytes,
            maxEvents: settings.ingestion.maxEvents,
            trail,
            logger,
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
