import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { doraServiceRef } from '@goldpath/plugin-dora-node';
import { createEmitEventAction } from './actions/emitEvent';
import { createValidateContractAction } from './actions/validateContract';
import { createWriteAttributionAction } from './actions/writeAttribution';

/**
 * Goldpath's scaffolder actions: `goldpath:attribution:write`,
 * `goldpath:event:emit` and `goldpath:contract:validate`.
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
      },
      async init({ scaffolder, catalog, dora }) {
        scaffolder.addActions(
          createWriteAttributionAction(),
          createEmitEventAction({ dora }),
          createValidateContractAction({ catalog }),
        );
      },
    });
  },
});
