import type { LevelCounts, RollupGroup } from '../api';
import type { TemplateCandidate } from '../tickets/metrics';
import type { DigestWeek } from './week';

/** The notifications topic of weekly digests. @public */
export const DIGEST_TOPIC = 'goldpath-digest';

/** The portal pages a digest links to (paths of the example app, both frontend systems). @public */
export const DIGEST_PAGES = {
  /** The fleet page grouped by team (it has no filter for one team). */
  dora: '/dora?groupBy=owner',
  adoption: '/dora/adoption',
  tickets: '/dora/tickets',
  policy: '/policy',
  requests: '/requests',
} as const;

/**
 * The notification scope of a digest: a re-run in the same week updates the
 * team's notification instead of adding another.
 *
 * @public
 */
export function digestScope(
  kind: 'team' | 'fleet',
  teamRef: string,
  week: Pick<DigestWeek, 'label'>,
): string {
  return kind === 'team'
    ? `${DIGEST_TOPIC}:${teamRef}:${week.label}`
    : `${DIGEST_TOPIC}:fleet:${teamRef}:${week.label}`;
}

/** A value now, a week earlier, and the change (`null` unless both are known). @public */
export interface DigestChange {
  now: number | null;
  previous: number | null;
  change: number | null;
}

function change(now: number | null, previous: number | null): DigestChange {
  return {
    now,
    previous,
    change: now !== null && previous !== null ? now - previous : null,
  };
}

/** A team's DORA figures in a digest (medians of per-service values). @public */
export interface DigestScorecard {
  services: number;
  deploymentsPerWeek: DigestChange;
  leadTimeSeconds: DigestChange;
  changeFailRate: DigestChange;
  recoverySeconds: DigestChange;
  /** Services at each deployment-frequency level, at the end of the week. */
  deploymentFrequencyLevels: LevelCounts;
  goldenPath: {
    /** Services created from a template, and the others. */
    golden: number;
    other: number;
    leadTimeSeconds: { golden: number | null; other: number | null };
    deploymentsPerWeek: { golden: number | null; other: number | null };
  };
}

/**
 * The scorecard part of a team's digest: its rollup at the end of the week
 * against its rollup a week earlier. Without a rollup (no measured
 * services), `null`.
 *
 * @public
 */
export function digestScorecard(
  current: RollupGroup | undefined,
  previous: RollupGroup | undefined,
): DigestScorecard | null {
  if (!current) return null;
  const m = current.metrics;
  const p = previous?.metrics;
  const gp = current.goldenPath;
  return {
    services: current.services,
    deploymentsPerWeek: change(
      m.deploymentsPerWeek.median,
      p?.deploymentsPerWeek.median ?? null,
    ),
    leadTimeSeconds: change(
      m.leadTimeSeconds.median,
      p?.leadTimeSeconds.median ?? null,
    ),
    changeFailRate: change(
      m.changeFailRate.median,
      p?.changeFailRate.median ?? null,
    ),
    recoverySeconds: change(
      m.recoverySeconds.median,
      p?.recoverySeconds.median ?? null,
    ),
    deploymentFrequencyLevels: { ...current.levels.deploymentFrequency },
    goldenPath: {
      golden: gp.golden.services,
      other: gp.other.services,
      leadTimeSeconds: {
        golden: gp.golden.metrics.leadTimeSeconds.median,
        other: gp.other.metrics.leadTimeSeconds.median,
      },
      deploymentsPerWeek: {
        golden: gp.golden.metrics.deploymentsPerWeek.median,
        other: gp.other.metrics.deploymentsPerWeek.median,
      },
    },
  };
}

/** One entity's open policy violations, as the policy summary gives them. @public */
export interface DigestPolicyEntry {
  entityRef: string;
  violationsBySeverity: Record<string, number>;
}

/** A team's open policy violations. @public */
export interface DigestPolicy {
  violations: number;
  /** Entities with at least one open violation. */
  entities: number;
  bySeverity: Record<string, number>;
}

/** Code-unit order: independent of locale and collation. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Severities, most severe first, for display. */
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info', 'unknown'];

/**
 * Sums the open violations of the team's entities (refs compared in lower
 * case, as entity refs are case-insensitive).
 *
 * @public
 */
export function digestPolicy(
  entries: readonly DigestPolicyEntry[],
  entityRefs: Iterable<string>,
): DigestPolicy {
  const own = new Set([...entityRefs].map(r => r.toLocaleLowerCase('en-US')));
  const bySeverity: Record<string, number> = {};
  let violations = 0;
  let entities = 0;
  for (const entry of entries) {
    if (!own.has(entry.entityRef.toLocaleLowerCase('en-US'))) continue;
    let count = 0;
    for (const [severity, n] of Object.entries(entry.violationsBySeverity)) {
      if (!Number.isFinite(n) || n <= 0) continue;
      bySeverity[severity] = (bySeverity[severity] ?? 0) + n;
      count += n;
    }
    if (count > 0) entities += 1;
    violations += count;
  }
  return { violations, entities, bySeverity };
}

/** A pending request as the digest lists it. @public */
export interface DigestPendingRequest {
  title: string;
  page: string;
  createdAt: string;
}

/** The content of one team's weekly digest. @public */
export interface TeamDigest {
  teamRef: string;
  week: DigestWeek;
  scorecard: DigestScorecard | null;
  policy: DigestPolicy | null;
  /** `null` when no requests source is installed. */
  pending: { count: number; oldest: DigestPendingRequest[] } | null;
  notification: DigestNotification;
}

/** What the notifications service is asked to send. @public */
export interface DigestNotification {
  title: string;
  description: string;
  link: string;
  topic: string;
  scope: string;
}

/** Formats seconds as `45 s`, `12 min`, `3.5 h` or `2.1 d`. @public */
export function formatDigestDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs < 60) return `${round(seconds, 0)} s`;
  if (abs < 3600) return `${round(seconds / 60, 0)} min`;
  if (abs < 86400) return `${round(seconds / 3600, 1)} h`;
  return `${round(seconds / 86400, 1)} d`;
}

function round(value: number, digits: number): string {
  const f = 10 ** digits;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? '0' : String(r);
}

function signed(text: string, value: number): string {
  if (value > 0) return `+${text}`;
  if (value < 0) return text.startsWith('-') ? `−${text.slice(1)}` : text;
  return '±0';
}

function describeChange(
  label: string,
  c: DigestChange,
  format: (v: number) => string,
): string | undefined {
  if (c.now === null) return undefined;
  let delta = '';
  if (c.change !== null) {
    delta = ` (${c.change === 0 ? '±0' : signed(format(c.change), c.change)})`;
  } else if (c.previous === null) {
    delta = ' (new)';
  }
  return `${label} ${format(c.now)}${delta}`;
}

const perWeek = (v: number) => `${round(v, 1)}/week`;
const percent = (v: number) => `${round(v * 100, 0)}%`;

function describeSeverities(bySeverity: Record<string, number>): string {
  const keys = Object.keys(bySeverity).sort(
    (a, b) =>
      (SEVERITY_ORDER.indexOf(a) + 1 || 99) -
        (SEVERITY_ORDER.indexOf(b) + 1 || 99) || compareText(a, b),
  );
  return keys.map(k => `${bySeverity[k]} ${k}`).join(', ');
}

/**
 * Builds one team's weekly digest: the scorecard with last week's change
 * and the golden-path slice, open policy violations, pending requests, and
 * the notification text linking to each page.
 *
 * @public
 */
export function teamDigest(options: {
  teamRef: string;
  teamTitle?: string;
  week: DigestWeek;
  current?: RollupGroup;
  previous?: RollupGroup;
  policy: DigestPolicy | null;
  pending: DigestPendingRequest[] | null;
  /** How many pending requests to name (oldest first). Default 3. */
  listPending?: number;
}): TeamDigest {
  const scorecard = digestScorecard(options.current, options.previous);
  const pendingAll = options.pending
    ? [...options.pending].sort((a, b) => compareText(a.createdAt, b.createdAt))
    : null;
  const pending = pendingAll
    ? {
        count: pendingAll.length,
        oldest: pendingAll.slice(0, options.listPending ?? 3),
      }
    : null;

  const parts: string[] = [];
  if (scorecard) {
    const figures = [
      describeChange('deployments', scorecard.deploymentsPerWeek, perWeek),
      describeChange(
        'lead time',
        scorecard.leadTimeSeconds,
        formatDigestDuration,
      ),
      describeChange('change fail rate', scorecard.changeFailRate, percent),
      describeChange(
        'recovery',
        scorecard.recoverySeconds,
        formatDigestDuration,
      ),
    ].filter((s): s is string => s !== undefined);
    parts.push(
      `DORA (${scorecard.services} service${
        scorecard.services === 1 ? '' : 's'
      }, change since last week): ${
        figures.length > 0 ? figures.join(', ') : 'no measured delivery yet'
      }.`,
    );
    const gp = scorecard.goldenPath;
    const gpLead =
      gp.leadTimeSeconds.golden !== null && gp.leadTimeSeconds.other !== null
        ? `; lead time ${formatDigestDuration(
            gp.leadTimeSeconds.golden,
          )} vs ${formatDigestDuration(gp.leadTimeSeconds.other)} elsewhere`
        : '';
    parts.push(
      `Golden path: ${gp.golden} of ${scorecard.services} service${
        scorecard.services === 1 ? '' : 's'
      }${gpLead}.`,
    );
  } else {
    parts.push('DORA: no measured services.');
  }
  if (options.policy) {
    parts.push(
      options.policy.violations === 0
        ? 'Policy: no open violations.'
        : `Policy: ${options.policy.violations} open violation${
            options.policy.violations === 1 ? '' : 's'
          } (${describeSeverities(options.policy.bySeverity)}) on ${
            options.policy.entities
          } entit${options.policy.entities === 1 ? 'y' : 'ies'}.`,
    );
  }
  if (pending) {
    parts.push(
      pending.count === 0
        ? 'Requests: none pending.'
        : `Requests: ${pending.count} pending (oldest: ${pending.oldest
            .map(r => r.title)
            .join('; ')}).`,
    );
  }
  parts.push(
    `Pages: ${DIGEST_PAGES.dora} · ${DIGEST_PAGES.policy} · ${DIGEST_PAGES.requests}`,
  );

  const name = options.teamTitle ?? options.teamRef;
  return {
    teamRef: options.teamRef,
    week: options.week,
    scorecard,
    policy: options.policy,
    pending,
    notification: {
      title: `Weekly scorecard of ${name}, ${options.week.label}`,
      description: parts.join(' '),
      link: DIGEST_PAGES.dora,
      topic: DIGEST_TOPIC,
      scope: digestScope('team', options.teamRef, options.week),
    },
  };
}

/** The content of the platform team's fleet digest. @public */
export interface FleetDigest {
  teamRef: string;
  week: DigestWeek;
  services: number;
  levels: RollupGroup['levels'] | null;
  coverage: {
    fromTemplate: number;
    components: number;
    share: number | null;
  } | null;
  /** `null` when the tickets figures were not available. */
  candidates: Array<
    Pick<
      TemplateCandidate,
      'category' | 'tickets' | 'totalQueueSeconds' | 'score' | 'reason'
    >
  > | null;
  /** Team digests of the week given up after their last attempt. */
  undelivered: string[];
  notification: DigestNotification;
}

const LEVEL_ORDER = ['elite', 'high', 'medium', 'low', 'none'] as const;

function describeLevels(counts: LevelCounts): string {
  return LEVEL_ORDER.filter(l => counts[l] > 0)
    .map(l => `${counts[l]} ${l}`)
    .join(', ');
}

/**
 * Builds the platform team's fleet digest: levels distribution, golden-path
 * coverage, the top template candidates (categories not covered yet), and
 * the team digests that could not be delivered.
 *
 * @public
 */
export function fleetDigest(options: {
  teamRef: string;
  week: DigestWeek;
  fleet?: RollupGroup;
  coverage?: { fromTemplate: number; components: number; share: number | null };
  candidates: readonly TemplateCandidate[] | null;
  undelivered?: readonly string[];
  /** How many candidates to name. Default 3. */
  topCandidates?: number;
}): FleetDigest {
  const candidates = options.candidates
    ? options.candidates
        .filter(c => c.coveredBy === null)
        .slice(0, options.topCandidates ?? 3)
        .map(c => ({
          category: c.category,
          tickets: c.tickets,
          totalQueueSeconds: c.totalQueueSeconds,
          score: c.score,
          reason: c.reason,
        }))
    : null;
  const undelivered = [...(options.undelivered ?? [])].sort();
  const services = options.fleet?.services ?? 0;
  const parts: string[] = [];
  if (options.fleet) {
    const lv = options.fleet.levels;
    parts.push(
      `${services} measured service${services === 1 ? '' : 's'}. ` +
        `Deployment frequency: ${
          describeLevels(lv.deploymentFrequency) || 'none'
        }. Lead time: ${describeLevels(lv.changeLeadTime) || 'none'}.`,
    );
  } else {
    parts.push('No measured services.');
  }
  if (options.coverage) {
    const c = options.coverage;
    parts.push(
      `Golden-path coverage: ${
        c.share === null ? 'no components' : percent(c.share)
      } (${c.fromTemplate} of ${c.components} components).`,
    );
  }
  if (candidates) {
    parts.push(
      candidates.length === 0
        ? 'Template candidates: none.'
        : `Top template candidates: ${candidates
            .map(
              c =>
                `${c.category} (${c.tickets} ticket${
                  c.tickets === 1 ? '' : 's'
                }, ${formatDigestDuration(c.totalQueueSeconds)} queued)`,
            )
            .join('; ')}.`,
    );
  } else {
    parts.push('Template candidates: not available.');
  }
  if (undelivered.length > 0) {
    parts.push(`Undelivered team digests: ${undelivered.join(', ')}.`);
  }
  parts.push(
    `Pages: ${DIGEST_PAGES.dora} · ${DIGEST_PAGES.adoption} · ${DIGEST_PAGES.tickets}`,
  );
  return {
    teamRef: options.teamRef,
    week: options.week,
    services,
    levels: options.fleet ? options.fleet.levels : null,
    coverage: options.coverage ?? null,
    candidates,
    undelivered,
    notification: {
      title: `Fleet digest, ${options.week.label}`,
      description: parts.join(' '),
      link: DIGEST_PAGES.adoption,
      topic: DIGEST_TOPIC,
      scope: digestScope('fleet', options.teamRef, options.week),
    },
  };
}
