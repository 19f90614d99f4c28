import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  CatalogProcessor,
  EntityProvider,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { fixedSources } from './__testUtils__/services';
import { catalogModuleGoldpath } from './module';

async function wire(catalog: object = {}) {
  const processors: CatalogProcessor[] = [];
  const providers: EntityProvider[] = [];
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };
  await startTestBackend({
    extensionPoints: [
      [
        catalogProcessingExtensionPoint,
        {
          addProcessor: (...added: any[]) => processors.push(...added.flat()),
          addEntityProvider: (...added: any[]) =>
            providers.push(...added.flat()),
        },
      ],
    ],
    features: [
      catalogModuleGoldpath,
      scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({ data: { goldpath: { catalog } } }),
      ...fixedSources().factories,
    ],
  });
  return { processors, providers, tasks: await scheduler.getScheduledTasks() };
}

describe('catalogModuleGoldpath', () => {
  it('adds the three processors, the refresh provider and three local tasks', async () => {
    const { processors, providers, tasks } = await wire();
    expect(processors.map(p => p.getProcessorName())).toEqual([
      'GoldpathContractProcessor',
      'GoldpathAttributionProcessor',
      'GoldpathPolicyStatusProcessor',
    ]);
    expect(providers.map(p => p.getProviderName())).toEqual([
      'goldpath-refresh',
    ]);
    expect(tasks.map(t => ({ id: t.id, scope: t.scope }))).toEqual([
      { id: 'goldpath-catalog-contracts', scope: 'local' },
      { id: 'goldpath-catalog-scaffold-events', scope: 'local' },
      { id: 'goldpath-catalog-policy-summary', scope: 'local' },
    ]);
  });

  it('schedules no task for a source that is switched off', async () => {
    const { processors, tasks } = await wire({
      attribution: { enabled: false },
      policy: { enabled: false },
    });
    expect(processors).toHaveLength(3);
    expect(tasks.map(t => t.id)).toEqual(['goldpath-catalog-contracts']);
  });

  it('refuses to start with invalid configuration', async () => {
    await expect(
      wire({ policy: { refreshInterval: 'often' } }),
    ).rejects.toThrow(/goldpath\.catalog\.policy\.refreshInterval/);
  });
});
