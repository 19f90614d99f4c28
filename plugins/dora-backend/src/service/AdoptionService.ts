import {
  ADOPTION_DEFAULT_MONTHS,
  AdoptionOutcomeSlice,
  AdoptionOutcomes,
  AdoptionResponse,
  RollupSlice,
  adoptionRange,
  computeAdoption,
} from '@goldpath/plugin-dora-common';
import { DoraStore } from '../database/DoraStore';
import { ScorecardService } from './ScorecardService';
import { ServiceDirectory } from './ServiceDirectory';

const HOUR_MS = 3_600_000;

function outcomeSlice(slice: RollupSlice): AdoptionOutcomeSlice {
  const { leadTimeSeconds, deploymentsPerWeek } = slice.metrics;
  return {
    services: slice.services,
    leadTimeSeconds: { median: leadTimeSeconds.median, n: leadTimeSeconds.n },
    deploymentsPerWeek: {
      median: deploymentsPerWeek.median,
      n: deploymentsPerWeek.n,
    },
  };
}

/**
 * Golden-path adoption figures (`GET /api/dora/adoption`): the catalog
 * directory and two bounded reads of the store (the window's scaffold events
 * and the services active in the 30 days before `asOf`) go through the pure
 * `computeAdoption`; outcomes come from the rollup engine's template rollup.
 *
 * Like the rollups, the figures cover the whole catalog as the plugin's own
 * service credentials read it.
 */
export class AdoptionService {
  static create(options: {
    store: DoraStore;
    directory: ServiceDirectory;
    scorecards: ScorecardService;
  }): AdoptionService {
    return new AdoptionService(
      options.store,
      options.directory,
      options.scorecards,
    );
  }

  private constructor(
    private readonly store: DoraStore,
    private readonly directory: ServiceDirectory,
    private readonly scorecards: ScorecardService,
  ) {}

  async getAdoption(options: {
    /** Default: the current hour, which the rollup cache keeps warm. */
    asOf?: number;
    months?: number;
  }): Promise<AdoptionResponse> {
    const asOf = options.asOf ?? Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const months = options.months ?? ADOPTION_DEFAULT_MONTHS;
    const range = adoptionRange({ asOf, months });
    const [directory, scaffoldEvents, activeRefs, rollups] = await Promise.all([
      this.directory.get(),
      this.store.listScaffoldEventsBetween({
        from: range.historyFrom,
        to: range.to,
      }),
      this.store.listActiveServices({ since: range.activeFrom, before: asOf }),
      this.scorecards.getRollups({ groupBy: 'template', asOf }),
    ]);
    const titles = new Map<string, string>();
    for (const map of [
      directory.groups,
      directory.systems,
      directory.templates,
    ]) {
      for (const [ref, info] of map) titles.set(ref, info.title);
    }
    const figures = computeAdoption({
      asOf,
      months,
      components: [...directory.services.values()].map(s => ({
        ref: s.ref,
        owners: s.owners,
        system: s.system,
        template: s.template,
      })),
      activeRefs,
      scaffoldEvents,
      // The directory does not keep the template entities' annotations, so
      // the current version of a template is the highest one seen.
      titles,
    });
    const { goldenPath } = rollups.fleet;
    const outcomes: AdoptionOutcomes = {
      window: rollups.window,
      golden: outcomeSlice(goldenPath.golden),
      other: outcomeSlice(goldenPath.other),
      delta: goldenPath.delta,
      byTemplate: rollups.groups
        .filter(g => g.key !== 'none')
        .map(g => ({ template: g.key, title: g.title, ...outcomeSlice(g) })),
    };
    return { ...figures, outcomes };
  }
}
