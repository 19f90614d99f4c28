import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { doraServiceRef } from '@goldpath/plugin-dora-node';
import { policyServiceRef } from '@goldpath/plugin-policy-node';
import { readGoldpathCatalogConfig } from './config';
import { ContractFileReader } from './processor/ContractFileReader';
import { GoldpathAttributionProcessor } from './processor/GoldpathAttributionProcessor';
import { GoldpathContractProcessor } from './processor/GoldpathContractProcessor';
import { GoldpathPolicyStatusProcessor } from './processor/GoldpathPolicyStatusProcessor';
import { GoldpathRefreshProvider } from './provider/GoldpathRefreshProvider';
import { BlockContractIndex } from './sources/BlockContractIndex';
import { PolicySummaryIndex } from './sources/PolicySummaryIndex';
import { ScaffoldEventIndex } from './sources/ScaffoldEventIndex';
import { TASK_IDS, scheduleRefresh } from './tasks';

/**
 * Goldpath's catalog module: the processors `GoldpathContractProcessor`,
 * `GoldpathAttributionProcessor` and `GoldpathPolicyStatusProcessor`, the
 * entity provider `goldpath-refresh` (provides no entities; it refreshes the
 * entities whose Goldpath data changed), and the local tasks that keep the
 * processors' in-memory maps current.
 *
 * @public
 */
export const catalogModuleGoldpath = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'goldpath',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        reader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        dora: doraServiceRef,
        policy: policyServiceRef,
      },
      async init({
        processing,
        config,
        logger,
        reader,
        scheduler,
        auth,
        catalog,
        dora,
        policy,
      }) {
        const settings = readGoldpathCatalogConfig(config);
        const provider = GoldpathRefreshProvider.create();
        const refresh = (keys: string[]) => provider.refresh(keys);

        const blocks = BlockContractIndex.create({
          catalog,
          auth,
          logger,
          onChange: refresh,
        });
        await scheduleRefresh({
          scheduler,
          id: TASK_IDS.contracts,
          intervalMillis: settings.contracts.refreshMillis,
          refresh: () => blocks.refresh(),
        });

        let events: ScaffoldEventIndex | undefined;
        if (settings.attribution.enabled) {
          const index = ScaffoldEventIndex.create({
            dora,
            logger,
            onChange: refresh,
          });
          events = index;
          await scheduleRefresh({
            scheduler,
            id: TASK_IDS.attribution,
            intervalMillis: settings.attribution.refreshMillis,
            refresh: () => index.refresh(),
          });
        }

        let summaries: PolicySummaryIndex | undefined;
        if (settings.policy.enabled) {
          const index = PolicySummaryIndex.create({
            policy,
            logger,
            onChange: refresh,
          });
          summaries = index;
          await scheduleRefresh({
            scheduler,
            id: TASK_IDS.policy,
            intervalMillis: settings.policy.refreshMillis,
            refresh: () => index.refresh(),
          });
        }

        processing.addEntityProvider(provider);
        processing.addProcessor(
          GoldpathContractProcessor.create({
            files: ContractFileReader.fromConfig(config, { reader }),
            blocks,
          }),
          GoldpathAttributionProcessor.create({ events }),
          GoldpathPolicyStatusProcessor.create({ summaries }),
        );
      },
    });
  },
});
