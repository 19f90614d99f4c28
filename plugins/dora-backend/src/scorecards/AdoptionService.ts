import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ADOPTION_DEFAULT_MONTHS,
  AdoptionOutcomeSlice,
  AdoptionOutcomes,
  AdoptionResponse,
  RollupSlice,
  TEMPLATE_VERSION_ANNOTATION,
  adoptionRange,
  computeAdoption,
} from '@goldpath/plugin-dora-common';
import { DoraStore } from '../database/DoraStore';
import { ScorecardService, templateVersionKey } from './ScorecardService';
import { CatalogDirectory } from '../catalog/CatalogDirectory';
import { readVisibleComponents } from '../catalog/visibility';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The Template entities the credentials may see, with the version their
 * `goldpath.dev/template-version` annotation names (when it names one).
 * One bounded catalog read: kind, name, namespace and annotations only.
 */
export async function readTemplateVersions(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{ refs: Set<string>; versions: Map<string, string> }> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'template' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const refs = new Set<string>();
  const versions = new Map<string, string>();
  for (const entity of items) {
    const ref = lower(stringifyEntityRef(entity));
    refs.add(ref);
    const version =
      entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION]?.trim();
    if (version) versions.set(ref, version);
  }
  return { refs, versions };
}

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
 * The current version of a template is its `goldpath.dev/template-version`
 * annotation, read from the catalog; without one, the highest version seen.
 *
 * Visibility: the components, scaffold runs and templates counted are those
 * the caller's credentials may see in the catalog (components it may not
 * see are left out of every figure, and so are the scaffold runs that
 * created them or used a template it may not see). The outcomes are the
 * template rollup's over the same visible components.
 */
export class AdoptionService {
  static create(options: {
    store: DoraStore;
    directory: CatalogDirectory;
    scorecards: ScorecardService;
    catalog: CatalogService;
    auth: AuthService;
  }): AdoptionService {
    return new AdoptionService(
      options.store,
      options.directory,
      options.scorecards,
      options.catalog,
      options.auth,
    );
  }

  private constructor(
    private readonly store: DoraStore,
    private readonly directory: CatalogDirectory,
    private readonly scorecards: ScorecardService,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async getAdoption(options: {
    /**
     * Default: now (a run a minute ago is counted); the outcomes' rollups
     * default to now too, reusing each unchanged service's latest snapshot.
     */
    asOf?: number;
    months?: number;
    /** The caller's: only what they may see in the catalog is counted. Default: the plugin's own. */
    credentials?: BackstageCredentials;
  }): Promise<AdoptionResponse> {
    const asOf = options.asOf ?? Date.now();
    const outcomesAsOf = options.asOf;
    const months = options.months ?? ADOPTION_DEFAULT_MONTHS;
    const range = adoptionRange({ asOf, months });
    const credentials =
      options.credentials ?? (await this.auth.getOwnServiceCredentials());
    // Read first: the outcome rollups cover only these components too.
    const visibleComponents = await readVisibleComponents(
      this.catalog,
      credentials,
    );
    const visible = this.auth.isPrincipal(credentials, 'service')
      ? ('all' as const)
      : visibleComponents;
    const [
      directory,
      scaffoldEvents,
      activeRefs,
      rollups,
      versionRollups,
      templates,
    ] = await Promise.all([
      this.directory.get(),
      this.store.listScaffoldEventsBetween({
        from: range.historyFrom,
        to: range.to,
      }),
      this.store.listActiveServices({ since: range.activeFrom, before: asOf }),
      this.scorecards.getRollups({
        groupBy: 'template',
        asOf: outcomesAsOf,
        visible,
      }),
      this.scorecards.getRollups({
        groupBy: 'template-version',
        asOf: outcomesAsOf,
        visible,
      }),
      readTemplateVersions(this.catalog, credentials),
    ]);
    const components = [...directory.services.values()].filter(s =>
      visibleComponents.has(s.ref),
    );
    // A run that created a component the caller may not see, or used a
    // template they may not see, is not counted either.
    const visibleRuns = scaffoldEvents.filter(
      e =>
        !(
          e.service &&
          directory.services.has(e.service) &&
          !visibleComponents.has(e.service)
        ) &&
        !(
          directory.templates.has(e.template) && !templates.refs.has(e.template)
        ),
    );
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
      components: components.map(s => ({
        ref: s.ref,
        owners: s.owners,
        system: s.system,
        template: s.template,
      })),
      activeRefs,
      scaffoldEvents: visibleRuns,
      templateVersions: templates.versions,
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
    // Outcomes by version: the same per-service scorecards, grouped by the
    // template version each service was created from.
    const byVersion = new Map(versionRollups.groups.map(g => [g.key, g]));
    const versionDrift = figures.versionDrift.map(t => ({
      ...t,
      versions: t.versions.map(v => {
        const group = byVersion.get(templateVersionKey(t.template, v.version));
        return group ? { ...v, outcomes: outcomeSlice(group) } : v;
      }),
    }));
    return { ...figures, versionDrift, outcomes };
  }
}
