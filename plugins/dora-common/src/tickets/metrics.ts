import type { ScaffoldEvent, TicketEvent } from '../events/schema';
import { formatInstant, parseInstant } from '../events/time';
import { PercentileMode, mean, percentile } from '../engine/stats';
import { ticketCategoryKey } from './key';
import { MergedTicket, mergeTickets } from './merge';
import { monthIn } from './timeZone';

/** The label that marks a ticket as a template candidate. @public */
export const TEMPLATE_CANDIDATE_LABEL = 'template-candidate';

/** The key of tickets without a category or team. @public */
export const TICKET_NONE = 'none';

/** The ways `GET /api/dora/tickets` groups its figures. @public */
export const TICKET_GROUP_BYS = ['category', 'team', 'month'] as const;

/** @public */
export type TicketGroupBy = (typeof TICKET_GROUP_BYS)[number];

/** Most tickets listed in `waiting`, `slaBreaches.tickets` and a candidate's labelled tickets. @public */
export const TICKET_LIST_LIMIT = 100;

/**
 * Mean and P95 of a duration, in seconds, over `n` tickets; `null` for none.
 *
 * @public
 */
export interface TicketDurationStats {
  n: number;
  meanSeconds: number | null;
  p95Seconds: number | null;
  /** Tickets whose duration came out negative (bad data): left out and counted. */
  excludedNegative: number;
}

/**
 * Figures of one group of tickets (all of them, one category, team or month).
 *
 * @public
 */
export interface TicketGroupFigures {
  /** Category, team or month (`2024-05`); `none` for tickets without one. */
  key: string;
  /** Tickets opened in the window (the cohort). */
  tickets: number;
  /** Queue time = first response − opened. */
  queueTime: TicketDurationStats;
  /** Tickets without a first response yet (not resolved either). */
  waiting: number;
  /** Age at `asOf` of the oldest waiting ticket, seconds; null without any. */
  oldestWaitingSeconds: number | null;
  /** Resolution time = (latest) resolution − opened. */
  resolutionTime: TicketDurationStats;
  /** Open backlog: tickets not resolved at `asOf`, with their age at `asOf`. */
  backlog: {
    open: number;
    meanAgeSeconds: number | null;
    p95AgeSeconds: number | null;
    oldestAgeSeconds: number | null;
  };
  /** Tickets reopened at least once, and reopenings in all. */
  reopened: number;
  reopens: number;
  /** Triage SLA breaches; null when no SLA is configured. */
  slaBreaches: number | null;
}

/**
 * A ticket still without a first response, with its age at `asOf`.
 *
 * @public
 */
export interface WaitingTicket {
  ticketId: string;
  category: string;
  team: string;
  openedAt: string;
  ageSeconds: number;
}

/**
 * A triage SLA breach: answered later than the SLA (`late`), still waiting
 * for longer than it at `asOf` (`waiting`), or resolved without any
 * response after longer than it (`unanswered`).
 *
 * @public
 */
export interface TicketSlaBreach {
  ticketId: string;
  category: string;
  team: string;
  openedAt: string;
  kind: 'late' | 'waiting' | 'unanswered';
  /** Queue time, or the time without a response so far, seconds. */
  waitedSeconds: number;
  /** By how much the SLA was exceeded, seconds. */
  overSeconds: number;
}

/**
 * A category worth a self-service template.
 *
 * @public
 */
export interface TemplateCandidate {
  category: string;
  /** Tickets of the category opened in the window. */
  tickets: number;
  /** Sum of their (non-negative) queue times, seconds. */
  totalQueueSeconds: number;
  /** tickets × totalQueueSeconds: the ranking key. */
  score: number;
  meanQueueSeconds: number | null;
  /** Tickets of the category labelled `template-candidate`, and some of their ids. */
  labelledTickets: number;
  labelledTicketIds: string[];
  /** `score` for a repeated category with queue time; `label` when listed for its labels only. */
  reason: 'score' | 'label';
  /** The template declared to cover the category already, if any. */
  coveredBy: string | null;
}

/**
 * A self-service template declared to cover a ticket category.
 *
 * @public
 */
export interface TicketTemplateCoverage {
  /** Full lower-case template entity ref. */
  template: string;
  category: string;
  title?: string;
}

/**
 * Queue time of a covered category before and after the template's first
 * use, and the share of its requests that went through the template since.
 *
 * @public
 */
export interface TicketTemplateEffect {
  template: string;
  title: string | null;
  category: string;
  /** The template's first successful run; null when it never ran. */
  firstUsedAt: string | null;
  /** Tickets opened in the history window before the first use. */
  before: TicketDurationStats & { from: string; to: string };
  /** Tickets opened from the first use to `asOf`. */
  after: (TicketDurationStats & { from: string; to: string }) | null;
  /** after − before, seconds; null when either side has no figure. */
  meanDeltaSeconds: number | null;
  p95DeltaSeconds: number | null;
  /** Successful runs of the template since the first use. */
  templateRuns: number;
  /** Tickets of the category opened since the first use. */
  ticketsSince: number;
  /** templateRuns ÷ (templateRuns + ticketsSince); null when both are 0. */
  templateShare: number | null;
}

/**
 * Ticket figures for one window (`GET /api/dora/tickets`).
 *
 * @public
 */
export interface TicketMetrics {
  asOf: string;
  window: { from: string; to: string };
  timeZone: string;
  triageSlaSeconds: number | null;
  totals: TicketGroupFigures;
  byCategory: TicketGroupFigures[];
  byTeam: TicketGroupFigures[];
  byMonth: TicketGroupFigures[];
  /** Queue time per category and month (the trend). */
  categoryMonths: Array<{
    category: string;
    month: string;
    tickets: number;
    queueTime: TicketDurationStats;
  }>;
  /** Tickets without a first response, oldest first (at most {@link TICKET_LIST_LIMIT}). */
  waiting: WaitingTicket[];
  slaBreaches: {
    /** null when no SLA is configured. */
    count: number | null;
    /** Worst first (at most {@link TICKET_LIST_LIMIT}). */
    tickets: TicketSlaBreach[];
  };
  candidates: TemplateCandidate[];
  beforeAfter: TicketTemplateEffect[];
}

/** @public */
export interface TicketMetricsOptions {
  /** Epoch milliseconds. */
  asOf: number;
  /** Start of the window (the cohort: tickets opened in `[from, asOf)`). */
  from: number;
  /**
   * Earliest opening considered for "before" figures of covered categories
   * (default: one window length before `from`). The caller must pass every
   * event of each ticket opened since then.
   */
  historyFrom?: number;
  /** Triage SLA in milliseconds; undefined: no breaches are computed. */
  triageSlaMillis?: number;
  /** IANA time zone of the months; default `UTC`. */
  timeZone?: string;
  percentileMode?: PercentileMode;
  /** Only tickets of this category / team (compared by {@link ticketCategoryKey}). */
  category?: string;
  team?: string;
  /** Templates that cover a category, with their scaffold events. */
  templates?: readonly TicketTemplateCoverage[];
  scaffoldEvents?: readonly ScaffoldEvent[];
}

const seconds = (ms: number) => ms / 1000;

/** A category or team as computed with; stored events keep the text they came with. */
const ticketKey = (value: string | undefined) =>
  ticketCategoryKey(value) ?? TICKET_NONE;

function stats(
  durationsMs: readonly number[],
  mode: PercentileMode,
): TicketDurationStats {
  const kept = durationsMs.filter(d => d >= 0).map(seconds);
  return {
    n: kept.length,
    meanSeconds: mean(kept),
    p95Seconds: percentile(kept, 0.95, mode),
    excludedNegative: durationsMs.length - kept.length,
  };
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const byKey = (a: { key: string }, b: { key: string }) =>
  Number(a.key === TICKET_NONE) - Number(b.key === TICKET_NONE) ||
  compareText(a.key, b.key);

interface Facts {
  ticket: MergedTicket;
  category: string;
  team: string;
  month: string;
  /** Queue time in ms (may be negative), undefined without a response. */
  queueMs?: number;
  resolutionMs?: number;
  waitingMs?: number;
  /** Open at asOf: age in ms. */
  openAgeMs?: number;
  breach?: TicketSlaBreach;
}

function factsOf(
  ticket: MergedTicket,
  asOf: number,
  slaMs: number | undefined,
  timeZone: string,
): Facts {
  const category = ticketKey(ticket.category);
  const team = ticketKey(ticket.team);
  const f: Facts = {
    ticket,
    category,
    team,
    month: monthIn(ticket.openedAt, timeZone),
  };
  if (ticket.firstResponseAt !== undefined) {
    f.queueMs = ticket.firstResponseAt - ticket.openedAt;
  } else if (ticket.resolvedAt === undefined) {
    f.waitingMs = asOf - ticket.openedAt;
  }
  if (ticket.resolvedAt !== undefined) {
    f.resolutionMs = ticket.resolvedAt - ticket.openedAt;
  } else {
    f.openAgeMs = asOf - ticket.openedAt;
  }
  if (slaMs !== undefined) {
    let kind: TicketSlaBreach['kind'] | undefined;
    let waited = 0;
    if (f.queueMs !== undefined) {
      if (f.queueMs > slaMs) {
        kind = 'late';
        waited = f.queueMs;
      }
    } else if (f.waitingMs !== undefined) {
      if (f.waitingMs > slaMs) {
        kind = 'waiting';
        waited = f.waitingMs;
      }
    } else if (f.resolutionMs !== undefined && f.resolutionMs > slaMs) {
      kind = 'unanswered';
      waited = f.resolutionMs;
    }
    if (kind) {
      f.breach = {
        ticketId: ticket.ticketId,
        category,
        team,
        openedAt: formatInstant(ticket.openedAt),
        kind,
        waitedSeconds: seconds(waited),
        overSeconds: seconds(waited - slaMs),
      };
    }
  }
  return f;
}

function group(
  key: string,
  facts: readonly Facts[],
  mode: PercentileMode,
  hasSla: boolean,
): TicketGroupFigures {
  const queue: number[] = [];
  const resolution: number[] = [];
  const ages: number[] = [];
  let waiting = 0;
  let oldestWaiting: number | null = null;
  let reopened = 0;
  let reopens = 0;
  let breaches = 0;
  for (const f of facts) {
    if (f.queueMs !== undefined) queue.push(f.queueMs);
    if (f.resolutionMs !== undefined) resolution.push(f.resolutionMs);
    if (f.waitingMs !== undefined) {
      waiting++;
      oldestWaiting = Math.max(oldestWaiting ?? 0, seconds(f.waitingMs));
    }
    if (f.openAgeMs !== undefined) ages.push(seconds(f.openAgeMs));
    if (f.ticket.reopenCount > 0) reopened++;
    reopens += f.ticket.reopenCount;
    if (f.breach) breaches++;
  }
  return {
    key,
    tickets: facts.length,
    queueTime: stats(queue, mode),
    waiting,
    oldestWaitingSeconds: oldestWaiting,
    resolutionTime: stats(resolution, mode),
    backlog: {
      open: ages.length,
      meanAgeSeconds: mean(ages),
      p95AgeSeconds: percentile(ages, 0.95, mode),
      oldestAgeSeconds: ages.length ? Math.max(...ages) : null,
    },
    reopened,
    reopens,
    slaBreaches: hasSla ? breaches : null,
  };
}

function groupBy(
  facts: readonly Facts[],
  keyOf: (f: Facts) => string,
  mode: PercentileMode,
  hasSla: boolean,
): TicketGroupFigures[] {
  const map = new Map<string, Facts[]>();
  for (const f of facts) {
    const key = keyOf(f);
    const list = map.get(key);
    if (list) list.push(f);
    else map.set(key, [f]);
  }
  return [...map.entries()]
    .map(([key, list]) => group(key, list, mode, hasSla))
    .sort(byKey);
}

function candidatesOf(
  cohort: readonly Facts[],
  coveredBy: ReadonlyMap<string, string>,
): TemplateCandidate[] {
  const byCategory = new Map<string, Facts[]>();
  for (const f of cohort) {
    const list = byCategory.get(f.category);
    if (list) list.push(f);
    else byCategory.set(f.category, [f]);
  }
  const scored: TemplateCandidate[] = [];
  const labelled: TemplateCandidate[] = [];
  for (const [category, list] of byCategory) {
    const queue = list
      .map(f => f.queueMs)
      .filter((q): q is number => q !== undefined && q >= 0)
      .map(seconds);
    const total = queue.reduce((s, q) => s + q, 0);
    const labelledIds = list
      .filter(f => f.ticket.labels.includes(TEMPLATE_CANDIDATE_LABEL))
      .map(f => f.ticket.ticketId)
      .sort(compareText);
    const candidate: TemplateCandidate = {
      category,
      tickets: list.length,
      totalQueueSeconds: total,
      score: list.length * total,
      meanQueueSeconds: mean(queue),
      labelledTickets: labelledIds.length,
      labelledTicketIds: labelledIds.slice(0, TICKET_LIST_LIMIT),
      reason: 'score',
      coveredBy: coveredBy.get(category) ?? null,
    };
    // A category repeats with two tickets or more; "none" is no category.
    if (category !== TICKET_NONE && list.length >= 2 && total > 0) {
      scored.push(candidate);
    } else if (labelledIds.length > 0) {
      labelled.push({ ...candidate, reason: 'label' });
    }
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      b.tickets - a.tickets ||
      compareText(a.category, b.category),
  );
  labelled.sort(
    (a, b) =>
      b.labelledTickets - a.labelledTickets ||
      Number(a.category === TICKET_NONE) - Number(b.category === TICKET_NONE) ||
      compareText(a.category, b.category),
  );
  return [...scored, ...labelled];
}

function effects(
  all: readonly Facts[],
  options: TicketMetricsOptions,
  historyFrom: number,
  mode: PercentileMode,
): TicketTemplateEffect[] {
  const { asOf } = options;
  const runs = (options.scaffoldEvents ?? [])
    .filter(e => e.outcome === 'success')
    .map(e => ({ template: e.template, t: parseInstant(e.timestamp)! }))
    .filter(r => r.t <= asOf);
  return (options.templates ?? [])
    .map(t => ({ ...t, category: ticketKey(t.category) }))
    .sort(
      (a, b) =>
        compareText(a.category, b.category) ||
        compareText(a.template, b.template),
    )
    .map(coverage => {
      const own = runs
        .filter(r => r.template === coverage.template)
        .map(r => r.t)
        .sort((a, b) => a - b);
      const firstUse = own.length ? own[0] : undefined;
      const ofCategory = all.filter(f => f.category === coverage.category);
      const queueOf = (list: Facts[]) =>
        list.map(f => f.queueMs).filter((q): q is number => q !== undefined);
      const beforeTo = firstUse ?? asOf;
      const beforeFrom = Math.min(historyFrom, beforeTo);
      const beforeList = ofCategory.filter(
        f => f.ticket.openedAt >= beforeFrom && f.ticket.openedAt < beforeTo,
      );
      const before = {
        ...stats(queueOf(beforeList), mode),
        from: formatInstant(beforeFrom),
        to: formatInstant(beforeTo),
      };
      if (firstUse === undefined) {
        return {
          template: coverage.template,
          title: coverage.title ?? null,
          category: coverage.category,
          firstUsedAt: null,
          before,
          after: null,
          meanDeltaSeconds: null,
          p95DeltaSeconds: null,
          templateRuns: 0,
          ticketsSince: 0,
          templateShare: null,
        };
      }
      const afterList = ofCategory.filter(
        f => f.ticket.openedAt >= firstUse && f.ticket.openedAt < asOf,
      );
      const after = {
        ...stats(queueOf(afterList), mode),
        from: formatInstant(firstUse),
        to: formatInstant(asOf),
      };
      const delta = (a: number | null, b: number | null) =>
        a === null || b === null ? null : a - b;
      const templateRuns = own.filter(t => t >= firstUse && t < asOf).length;
      const ticketsSince = afterList.length;
      return {
        template: coverage.template,
        title: coverage.title ?? null,
        category: coverage.category,
        firstUsedAt: formatInstant(firstUse),
        before,
        after,
        meanDeltaSeconds: delta(after.meanSeconds, before.meanSeconds),
        p95DeltaSeconds: delta(after.p95Seconds, before.p95Seconds),
        templateRuns,
        ticketsSince,
        templateShare:
          templateRuns + ticketsSince === 0
            ? null
            : templateRuns / (templateRuns + ticketsSince),
      };
    });
}

/**
 * Platform-ticket figures (METRICS.md, "Platform tickets") from ticket
 * events (any order; every event of each ticket) and, for categories a
 * self-service template covers, that template's scaffold events:
 *
 * - categories and teams (of tickets, filters and templates) are compared
 *   and reported by {@link ticketCategoryKey}, `none` without one;
 * - the cohort is the tickets **opened** in `[from, asOf)` (months by
 *   opening, in `timeZone`), of `category` / `team` when given;
 * - queue time = first response − opened, resolution time = latest
 *   resolution − opened; mean and P95 (the engine's interpolated
 *   percentile) over the tickets that have one; negative values are left
 *   out and counted; `n` is always reported;
 * - tickets without a first response that are not resolved are waiting,
 *   with their age at `asOf`; unresolved ones are the open backlog;
 * - SLA breach: queue time above the SLA, or waiting longer than it at
 *   `asOf`, or resolved without any response after longer than it;
 * - template candidates: categories with at least two tickets ranked by
 *   tickets × total queue time (ties: more tickets, then name), then the
 *   categories listed for their `template-candidate` labels only;
 * - before/after per covered category: queue time of its tickets opened
 *   in `[historyFrom, first use)` and in `[first use, asOf)`, and the share
 *   of template runs among runs plus tickets since the first use.
 *
 * @public
 */
export function computeTicketMetrics(
  events: readonly TicketEvent[],
  options: TicketMetricsOptions,
): TicketMetrics {
  const { asOf, from } = options;
  const mode = options.percentileMode ?? 'interpolated';
  const timeZone = options.timeZone ?? 'UTC';
  const slaMs = options.triageSlaMillis;
  const hasSla = slaMs !== undefined;
  const historyFrom = options.historyFrom ?? from - (asOf - from);
  const category =
    options.category === undefined ? undefined : ticketKey(options.category);
  const team = options.team === undefined ? undefined : ticketKey(options.team);
  const matches = (f: Facts) =>
    (category === undefined || f.category === category) &&
    (team === undefined || f.team === team);
  const all = mergeTickets(events, { asOf })
    .filter(t => t.openedAt < asOf)
    .map(t => factsOf(t, asOf, slaMs, timeZone))
    .filter(matches);
  const cohort = all.filter(f => f.ticket.openedAt >= from);

  const cells = new Map<string, Facts[]>();
  for (const f of cohort) {
    const key = `${f.category}\u0000${f.month}`;
    const list = cells.get(key);
    if (list) list.push(f);
    else cells.set(key, [f]);
  }
  const categoryMonths = [...cells.entries()]
    .map(([key, list]) => {
      const [cellCategory, month] = key.split('\u0000');
      return {
        category: cellCategory,
        month,
        tickets: list.length,
        queueTime: stats(
          list.map(f => f.queueMs).filter((q): q is number => q !== undefined),
          mode,
        ),
      };
    })
    .sort(
      (a, b) =>
        byKey({ key: a.category }, { key: b.category }) ||
        compareText(a.month, b.month),
    );

  const waiting = cohort
    .filter(f => f.waitingMs !== undefined)
    .sort(
      (a, b) =>
        b.waitingMs! - a.waitingMs! ||
        compareText(a.ticket.ticketId, b.ticket.ticketId),
    )
    .slice(0, TICKET_LIST_LIMIT)
    .map(f => ({
      ticketId: f.ticket.ticketId,
      category: f.category,
      team: f.team,
      openedAt: formatInstant(f.ticket.openedAt),
      ageSeconds: seconds(f.waitingMs!),
    }));

  const breaches = cohort
    .flatMap(f => (f.breach ? [f.breach] : []))
    .sort(
      (a, b) =>
        b.overSeconds - a.overSeconds || compareText(a.ticketId, b.ticketId),
    );

  const coveredBy = new Map<string, string>();
  for (const t of [...(options.templates ?? [])].sort((a, b) =>
    compareText(a.template, b.template),
  )) {
    const key = ticketKey(t.category);
    if (!coveredBy.has(key)) coveredBy.set(key, t.template);
  }

  return {
    asOf: formatInstant(asOf),
    window: { from: formatInstant(from), to: formatInstant(asOf) },
    timeZone,
    triageSlaSeconds: hasSla ? seconds(slaMs) : null,
    totals: group('all', cohort, mode, hasSla),
    byCategory: groupBy(cohort, f => f.category, mode, hasSla),
    byTeam: groupBy(cohort, f => f.team, mode, hasSla),
    byMonth: groupBy(cohort, f => f.month, mode, hasSla),
    categoryMonths,
    waiting,
    slaBreaches: {
      count: hasSla ? breaches.length : null,
      tickets: breaches.slice(0, TICKET_LIST_LIMIT),
    },
    candidates: candidatesOf(cohort, coveredBy),
    beforeAfter: effects(all, options, historyFrom, mode),
  };
}

/**
 * The answer of `GET /api/dora/tickets`: the figures, with the groups the
 * query asked for under `groups`.
 *
 * @public
 */
export interface TicketsResponse extends Omit<TicketMetrics, 'window'> {
  window: { from: string; to: string; days: number };
  groupBy: TicketGroupBy;
  groups: TicketGroupFigures[];
  /** The filters applied, as {@link ticketCategoryKey}s. */
  filters: { category: string | null; team: string | null };
}
