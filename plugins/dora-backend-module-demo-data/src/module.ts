import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { doraEventSourcesExtensionPoint } from '@goldpath/plugin-dora-node';
import { generateDemoEvents } from './generator';
import { modelHealthDemoSource } from './modelHealth';
import { EXAMPLE_ORG_PROFILES } from './profiles';
import { ticketsDemoSource } from './tickets';

/**
 * Loads a deterministic delivery history for the example organisation into
 * the dora store at start, when `goldpath.demo.enabled` is true.
 *
 * @public
 */
export const doraModuleDemoData = createBackendModule({
  pluginId: 'dora',
  moduleId: 'demo-data',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: doraEventSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        if (!config.getOptionalBoolean('goldpath.demo.enabled')) {
          return;
        }
        const days = config.getOptionalNumber('goldpath.demo.days') ?? 90;
        if (!Number.isInteger(days) || days < 1 || days > 730) {
          throw new Error(
            `goldpath.demo.days must be a whole number of days from 1 to 730, got ${days}`,
          );
        }
        sources.addEventSource(modelHealthDemoSource(logger));
        sources.addEventSource(ticketsDemoSource(logger, days));
        sources.addEventSource({
          id: 'demo-data',
          async connect(sink) {
            const events = generateDemoEvents({
              profiles: EXAMPLE_ORG_PROFILES,
              asOf: Date.now(),
              days,
            });
            const result = await sink.ingest(events, { source: 'demo' });
            logger.info(
              `Loaded demo delivery history: ${result.accepted} new events, ${result.duplicates} already stored, ${result.rejected.length} rejected`,
            );
            if (result.rejected.length > 0) {
              logger.warn(
                `Demo events rejected: ${JSON.stringify(
                  result.rejected.slice(0, 3),
                )}`,
              );
            }
          },
        });
      },
    });
  },
});
