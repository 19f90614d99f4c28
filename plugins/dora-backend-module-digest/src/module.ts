import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { doraReadServiceRef } from '@goldpath/plugin-dora-node';
import { policyServiceRef } from '@goldpath/plugin-policy-node';
import { requestsServiceRef } from '@goldpath/plugin-requests-node';
import { readDigestConfig } from './config';
import { DeliveryStore } from './DeliveryStore';
import { DigestRunner } from './DigestRunner';

/**
 * The weekly digest of the dora plugin: when `goldpath.dora.digest.enabled`
 * is true, a global scheduled task sends each owning team its weekly DORA
 * scorecard, open policy violations and pending requests, and the platform
 * team the fleet digest, through Backstage's notifications service.
 *
 * @public
 */
export const doraModuleDigest = createBackendModule({
  pluginId: 'dora',
  moduleId: 'digest',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        database: coreServices.database,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        notifications: notificationService,
        dora: doraReadServiceRef,
        policy: policyServiceRef,
        requests: requestsServiceRef,
      },
      async init({
        config,
        logger,
        scheduler,
        database,
        auth,
        catalog,
        notifications,
        dora,
        policy,
        requests,
      }) {
        const digestConfig = readDigestConfig(config);
        if (!digestConfig.enabled) {
          return;
        }
        const store = await DeliveryStore.create({ database });
        const runner = DigestRunner.create({
          store,
          catalog,
          auth,
          dora,
          policy,
          requests,
          notifications,
          logger,
          config: digestConfig,
        });
        await runner.schedule(scheduler);
      },
    });
  },
});
