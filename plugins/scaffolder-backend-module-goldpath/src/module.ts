import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { auditTrailServiceRef } from '@goldpath/plugin-audit-node';
import { doraServiceRef } from '@goldpath/plugin-dora-node';
import { requestsServiceRef } from '@goldpath/plugin-requests-node';
import { createCreateRequestAction } from './actions/createRequest';
import { createEmitEventAction } from './actions/emitEvent';
import { createValidateContractAction } from './actions/validateContract';
import { createWriteAttributionAction } from './actions/writeAttribution';

/**
 * Goldpath's scaffolder actions: `goldpath:attribution:write`,
 * `goldpath:event:emit`, `goldpath:contract:validate` and
 * `goldpath:request:create`.
 *
 * @public
 */
export const scaffolderModuleGoldpath = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'goldpath',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        dora: doraServiceRef,
        requests: requestsServiceRef,
        config: coreServices.rootConfig,
        audit: auditTrailServiceRef,
      },
      async init({ scaffolder, catalog, dora, requests, config, audit }) {
        scaffolder.addActions(
          createWriteAttributionAction(),
          createEmitEventAction({ dora, audit }),
          createValidateContractAction({ catalog }),
          createCreateRequestAction({
            catalog,
            requests,
            appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
            audit,
          }),
        );
      },
    });
  },
});
