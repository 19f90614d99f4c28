import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  FULFILMENT_ACTION_ID_PATTERN,
  requestsPermissions,
} from '@goldpath/plugin-requests-common';
import {
  RequestFulfilmentAction,
  requestPermissionResourceRef,
  requestsFulfilmentExtensionPoint,
  requestsPermissionRules,
} from '@goldpath/plugin-requests-node';
import { auditTrailServiceRef } from '@goldpath/plugin-audit-node';
import { readRequestsBackendConfig } from './config';
import { RequestStore } from './database/RequestStore';
import { TrailRequestAudit } from './service/audit';
import { FulfilmentService } from './service/FulfilmentService';
import { RequestNotifier } from './service/notify';
import { RequestService } from './service/RequestService';
import { createRouter } from './service/router';
import { HttpScaffolderTasks } from './service/scaffolderTasks';

/**
 * The Goldpath requests backend plugin: self-service requests with approval,
 * fulfilment, history and notifications, served at `/api/requests`.
 *
 * @public
 */
export const requestsPlugin = createBackendPlugin({
  pluginId: 'requests',
  register(env) {
    const actions = new Map<string, RequestFulfilmentAction>();
    env.registerExtensionPoint(requestsFulfilmentExtensionPoint, {
      addFulfilmentAction(...added) {
        for (const action of added) {
          if (!FULFILMENT_ACTION_ID_PATTERN.test(action.id)) {
            throw new Error(
              `Invalid fulfilment action id ${action.id}: use lower case, digits and :._-`,
            );
          }
          if (actions.has(action.id)) {
            throw new Error(
              `Fulfilment action ${action.id} is registered twice`,
            );
          }
          actions.set(action.id, action);
        }
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        audit: auditTrailServiceRef,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        auth,
        discovery,
        permissions,
        permissionsRegistry,
        scheduler,
        audit: trail,
        catalog,
        notifications,
      }) {
        const settings = readRequestsBackendConfig(config);
        const store = await RequestStore.create({ database });

        permissionsRegistry.addPermissions(requestsPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: requestPermissionResourceRef,
          permissions: requestsPermissions.filter(p => p.type === 'resource'),
          rules: Object.values(requestsPermissionRules),
          async getResources(ids) {
            const found = await store.getMany(ids);
            return ids.map(id => found.get(id));
          },
        });
        const transformConditions = createConditionTransformer(
          permissionsRegistry.getPermissionRuleset(
            requestPermissionResourceRef,
          ),
        );

        // Every action: Backstage's auditor and the audit plugin's store.
        const audit = new TrailRequestAudit(trail);
        const notifier = new RequestNotifier(notifications, logger);
        const fulfilment = new FulfilmentService({
          store,
          actions,
          scaffolder: new HttpScaffolderTasks(discovery, auth),
          notifier,
          audit,
          logger,
          maxAttempts: settings.fulfilment.maxAttempts,
          retryBackoffMillis: settings.fulfilment.retryBackoffMillis,
          pollIntervalMillis: settings.fulfilment.pollIntervalMillis,
        });
        const requests = new RequestService({
          store,
          catalog,
          auth,
          permissions,
          transformConditions,
          fulfilment,
          notifier,
          audit,
          logger,
          allowSelfApproval: settings.allowSelfApproval,
        });

        await scheduler.scheduleTask({
          id: 'requests-fulfilment',
          frequency: { milliseconds: settings.fulfilment.frequencyMillis },
          initialDelay: { seconds: 30 },
          timeout: { minutes: 15 },
          scope: 'global',
          fn: async () => {
            const n = await fulfilment.runDue();
            if (n > 0) logger.info(`Worked on the fulfilment of ${n} requests`);
          },
        });

        httpRouter.use(await createRouter({ httpAuth, permissions, requests }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
