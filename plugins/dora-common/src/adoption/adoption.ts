import semver from 'semver';
import type {
  AdoptionActiveCount,
  AdoptionCoverage,
  AdoptionFigures,
  AdoptionMonth,
  AdoptionTemplateMonth,
  AdoptionVersionDrift,
  AdoptionVersionGroup,
} from '../api';
import {
  DAY_MS,
  monthLabel,
  nextUtcMonth,
  startOfUtcMonth,
} from '../engine/calendar';
import type { ScaffoldEvent } from '../events/schema';
import { formatInstant, parseInstant } from '../events/time';

/** A component is active with any stored event in this many days before `asOf`. @public */
export const ADOPTION_ACTIVE_DAYS = 30;
/** Months `GET /api/dora/adoption` reports by default, and at most. @public */
export const ADOPTION_DEFAULT_MONTHS = 6;
/** @public */
export const ADOPTION_MAX_MONTHS = 24;

/** What adoption needs to know about one catalog component. @public */
export interface AdoptionComponent {
  ref: string;
  owners: readonly string[];
  system?: string;
  /** The template the component was created from (its attribution), if any. */
  template: { ref: string; version?: string } | null;
}

/**
 * The time ranges of an adoption report: `months` UTC calendar months, the
 * last being the one the instant just before `asOf` falls in, ending at
 * `asOf` (exclusive); `historyFrom` is one month earlier, so that the first
 * reported month has a previous month for repeat use and stickiness.
 *
 * @public
 */
export function adoptionRange(options: { asOf: number; months: number }): {
  historyFrom: number;
  from: number;
  to: number;
  activeFrom: number;
  /** Month starts from `historyFrom`, oldest first (`months + 1` of them). */
  monthStarts: number[];
} {
  const last = startOfUtcMonth(options.asOf - 1);
  const d = new Date(last);
  const historyFrom = Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() - options.months,
    1,
  );
  const monthStarts: number[] = [];
  for (let m = historyFrom; m <= last; m = nextUtcMonth(m)) monthStarts.push(m);
  return {
    historyFrom,
    from: monthStarts[1],
    to: options.asOf,
    activeFrom: options.asOf - ADOPTION_ACTIVE_DAYS * DAY_MS,
    monthStarts,
  };
}

const NONE = 'none';

/** Code-unit order: independent of locale and collation. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const byKey = (a: { key: string }, b: { key: string }) =>
  Number(a.key === NONE) - Number(b.key === NONE) || compareText(a.key, b.key);
const sorted = (values: Iterable<string>) =>
  [...new Set(values)].sort(compareText);

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const teamKeys = (c: AdoptionComponent) =>
  c.owners.length ? [...new Set(c.owners)] : [NONE];
const systemKeys = (c: AdoptionComponent) => [c.system ?? NONE];

/**
 * The teams of a scaffold run: the event's `attributes.team` when present
 * (the scaffolding user's owning group, as the scaffolder module records
 * it), else the owners of the created service in the catalog; none when
 * neither is known.
 */
function runTeams(
  event: ScaffoldEvent,
  components: ReadonlyMap<string, AdoptionComponent>,
): string[] {
  const team = event.attributes?.team;
  if (typeof team === 'string' && team.trim()) return [team.trim()];
  const created = event.service ? components.get(event.service) : undefined;
  return created ? [...new Set(created.owners)] : [];
}

function versionRank(
  version: string | null,
  current: string | null,
  seen: readonly string[],
): number | null {
  if (version === null || current === null) return null;
  const v = semver.valid(version, { loose: true });
  const c = semver.valid(current, { loose: true });
  if (!v || !c) return null;
  if (semver.gte(v, c)) return 0;
  const newer = new Set<string>();
  for (const s of [...seen, current]) {
    const n = semver.valid(s, { loose: true });
    if (n && semver.gt(n, v) && semver.lte(n, c)) newer.add(n);
  }
  return newer.size;
}

function highestSemver(versions: readonly string[]): string | null {
  let best: { raw: string; parsed: string } | null = null;
  for (const raw of versions) {
    const parsed = semver.valid(raw, { loose: true });
    if (parsed && (!best || semver.gt(parsed, best.parsed))) {
      best = { raw, parsed };
    }
  }
  return best?.raw ?? null;
}

/**
 * Golden-path adoption figures (METRICS.md "Adoption") from the catalog's
 * components, the components with an event in the 30 days before `asOf`,
 * and the scaffold events of the history range ({@link adoptionRange}).
 *
 * - Only scaffold runs with `outcome: success` count: a failed, cancelled,
 *   unfinished or outcome-less run is not a successful one.
 * - Repeat use looks back to the start of the history (one month before the
 *   first reported month): a user or team is a repeat one in a month when it
 *   ran the same template in an earlier month of the history and again in
 *   this month. Stickiness = repeat users ÷ users of the template in the
 *   previous month, `null` when the previous month had no users.
 * - Runs without an actor count as runs, not as users.
 *
 * @public
 */
export function computeAdoption(options: {
  asOf: number;
  months: number;
  components: readonly AdoptionComponent[];
  /** Refs of services with any stored event in the 30 days before `asOf`. */
  activeRefs: Iterable<string>;
  scaffoldEvents: readonly ScaffoldEvent[];
  /** Template ref → current version from the template entity's annotation. */
  templateVersions?: ReadonlyMap<string, string>;
  /** Entity ref → title. */
  titles?: ReadonlyMap<string, string>;
}): AdoptionFigures {
  const range = adoptionRange(options);
  const title = (key: string) =>
    key === NONE ? 'None' : options.titles?.get(key) ?? key;
  const components = new Map(options.components.map(c => [c.ref, c]));
  const allComponents = [...components.values()];

  // Active components: only catalog components count.
  const activeSet = new Set(
    [...options.activeRefs].filter(ref => components.has(ref)),
  );
  const activeCounts = (keys: (c: AdoptionComponent) => string[]) => {
    const groups = new Map<string, AdoptionComponent[]>();
    for (const c of allComponents) for (const k of keys(c)) push(groups, k, c);
    return [...groups.entries()]
      .map(
        ([key, list]): AdoptionActiveCount => ({
          key,
          title: title(key),
          active: list.filter(c => activeSet.has(c.ref)).length,
          components: list.length,
        }),
      )
      .sort(byKey);
  };

  // Coverage: components whose attribution names a template.
  const coverageOf = (
    key: string,
    list: readonly AdoptionComponent[],
  ): AdoptionCoverage => {
    const fromTemplate = list.filter(c => c.template !== null).length;
    return {
      key,
      title: key === 'fleet' ? 'All components' : title(key),
      fromTemplate,
      components: list.length,
      share: list.length ? fromTemplate / list.length : null,
    };
  };
  const coverageBy = (keys: (c: AdoptionComponent) => string[]) => {
    const groups = new Map<string, AdoptionComponent[]>();
    for (const c of allComponents) for (const k of keys(c)) push(groups, k, c);
    return [...groups.entries()]
      .map(([key, list]) => coverageOf(key, list))
      .sort(byKey);
  };

  // Successful scaffold runs per month index (0 = the history month).
  const monthIndex = (ms: number) => {
    if (ms < range.historyFrom || ms >= range.to) return -1;
    const start = startOfUtcMonth(ms);
    return range.monthStarts.indexOf(start);
  };
  interface Usage {
    runs: number;
    users: Set<string>;
    teams: Set<string>;
  }
  const usage = new Map<string, Usage[]>();
  for (const event of options.scaffoldEvents) {
    if (event.type !== 'scaffold' || event.outcome !== 'success') continue;
    const ms = parseInstant(event.timestamp);
    const i = ms === undefined ? -1 : monthIndex(ms);
    if (i < 0) continue;
    let series = usage.get(event.template);
    if (!series) {
      series = range.monthStarts.map(() => ({
        runs: 0,
        users: new Set<string>(),
        teams: new Set<string>(),
      }));
      usage.set(event.template, series);
    }
    series[i].runs++;
    if (event.actor) series[i].users.add(event.actor);
    for (const team of runTeams(event, components)) series[i].teams.add(team);
  }
  const templates = sorted(usage.keys());
  const labels = range.monthStarts.map(monthLabel);

  const templatesPerMonth: AdoptionMonth[] = labels.slice(1).map((month, j) => {
    const i = j + 1;
    const byTemplate = templates
      .filter(t => usage.get(t)![i].runs > 0)
      .map(t => ({
        template: t,
        title: title(t),
        runs: usage.get(t)![i].runs,
      }));
    return {
      month,
      templates: byTemplate.length,
      runs: byTemplate.reduce((sum, t) => sum + t.runs, 0),
      byTemplate,
    };
  });

  const repeatUse = templates
    .filter(t =>
      usage
        .get(t)!
        .slice(1)
        .some(u => u.runs > 0),
    )
    .map(template => {
      const series = usage.get(template)!;
      const months: AdoptionTemplateMonth[] = [];
      const earlierUsers = new Set(series[0].users);
      const earlierTeams = new Set(series[0].teams);
      for (let i = 1; i < series.length; i++) {
        const u = series[i];
        const repeatUsers = [...u.users].filter(x =>
          earlierUsers.has(x),
        ).length;
        const repeatTeams = [...u.teams].filter(x =>
          earlierTeams.has(x),
        ).length;
        const previousMonthUsers = series[i - 1].users.size;
        months.push({
          month: labels[i],
          runs: u.runs,
          users: u.users.size,
          teams: u.teams.size,
          repeatUsers,
          repeatTeams,
          previousMonthUsers,
          stickiness: previousMonthUsers
            ? repeatUsers / previousMonthUsers
            : null,
        });
        for (const x of u.users) earlierUsers.add(x);
        for (const x of u.teams) earlierTeams.add(x);
      }
      return { template, title: title(template), months };
    });

  // Version drift of the components created from each template.
  const byTemplate = new Map<string, AdoptionComponent[]>();
  for (const c of allComponents)
    if (c.template) push(byTemplate, c.template.ref, c);
  const versionDrift: AdoptionVersionDrift[] = sorted(byTemplate.keys()).map(
    template => {
      const list = byTemplate.get(template)!;
      const byVersion = new Map<string | null, AdoptionComponent[]>();
      for (const c of list) push(byVersion, c.template!.version ?? null, c);
      const seen = [...byVersion.keys()].filter((v): v is string => v !== null);
      const annotated = options.templateVersions?.get(template);
      const currentVersion = annotated ?? highestSemver(seen);
      const versions: AdoptionVersionGroup[] = [...byVersion.entries()]
        .map(([version, members]) => ({
          version,
          services: members.length,
          serviceRefs: sorted(members.map(m => m.ref)),
          versionsBehind: versionRank(version, currentVersion, seen),
          owners: sorted(members.flatMap(m => m.owners)),
        }))
        .sort(compareVersionGroups);
      return {
        template,
        title: title(template),
        currentVersion,
        currentVersionSource:
          annotated !== undefined ? 'annotation' : 'highest-seen',
        services: list.length,
        versions,
        outdatedOwners: sorted(
          versions
            .filter(v => (v.versionsBehind ?? 0) > 0)
            .flatMap(v => v.owners),
        ),
      };
    },
  );

  return {
    asOf: formatInstant(options.asOf),
    window: {
      from: formatInstant(range.from),
      to: formatInstant(range.to),
      history: formatInstant(range.historyFrom),
    },
    months: labels.slice(1),
    teamSource: 'attributes.team, else the created service owners',
    active: {
      from: formatInstant(range.activeFrom),
      to: formatInstant(range.to),
      count: activeSet.size,
      components: allComponents.length,
      byTeam: activeCounts(teamKeys),
      bySystem: activeCounts(systemKeys),
    },
    templatesPerMonth,
    coverage: {
      fleet: coverageOf('fleet', allComponents),
      byTeam: coverageBy(teamKeys),
      bySystem: coverageBy(systemKeys),
    },
    repeatUse,
    versionDrift,
  };
}

/** Newest semver first, then other versions by text, the unknown version last. */
function compareVersionGroups(
  a: AdoptionVersionGroup,
  b: AdoptionVersionGroup,
): number {
  if (a.version === null || b.version === null) {
    return Number(a.version === null) - Number(b.version === null);
  }
  const va = semver.valid(a.version, { loose: true });
  const vb = semver.valid(b.version, { loose: true });
  if (va && vb)
    return semver.rcompare(va, vb) || (a.version < b.version ? -1 : 1);
  if (va || vb) return va ? -1 : 1;
  return compareText(a.version, b.version);
}
