import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyReportSourcesExtensionPoint } from '@goldpath/plugin-policy-node';
import { demoAudits } from './reports';

/**
 * Loads two audits of demo policy reports for the example organisation into
 * the policy store at start, when `goldpath.demo.enabled` is true.
 *
 * @public
 */
export const policyModuleDemoData = createBackendModule({
  pluginId: 'policy',
  moduleId: 'demo-data',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: policyReportSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        if (!config.getOptionalBoolean('goldpath.demo.enabled')) {
          return;
        }
        sources.addReportSource({
          id: 'demo-data',
          async connect(sink) {
            let stored = 0;
            let unchanged = 0;
            for (const audit of demoAudits(Date.now())) {
              for (const upload of audit.uploads) {
                const result = await sink.ingest(upload.body, {
                  source: upload.source,
                  format: upload.format,
                  entityRef: upload.entityRef,
                  receivedAt: audit.receivedAt,
                });
                if (result.entities.length) stored += 1;
                else unchanged += 1;
              }
            }
            logger.info(
              `Loaded demo policy reports: ${stored} new audits, ${unchanged} already stored (unchanged or older than the stored audit)`,
            );
          },
        });
      },
    });
  },
});
