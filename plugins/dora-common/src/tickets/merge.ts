import type { TicketEvent } from '../events/schema';
import { parseInstant } from '../events/time';

/**
 * One platform ticket: the merge of every event with its `ticketId`
 * (docs/METRICS.md, "Platform tickets").
 *
 * @public
 */
export interface MergedTicket {
  ticketId: string;
  /** The earliest `openedAt` given (or, without one, the first `opened` event's or first event's timestamp). */
  openedAt: number;
  /** The earliest of an explicit `firstResponseAt` and the first `acknowledged` event; undefined without either. */
  firstResponseAt?: number;
  /** The latest resolution; undefined when never resolved or reopened since. */
  resolvedAt?: number;
  /** How often the ticket was opened again after a resolution. */
  reopenCount: number;
  /** Latest value given (undefined: never given). */
  category?: string;
  team?: string;
  labels: string[];
  /** The requester: the actor of the earliest event that names one (pseudonymised on ingest). */
  requester?: string;
  /** The status of the newest event. */
  status: TicketEvent['status'];
  source?: string;
}

/** Status order for events at the same instant: a ticket opens before it is answered and resolved. */
const STATUS_RANK: Record<TicketEvent['status'], number> = {
  opened: 0,
  acknowledged: 1,
  resolved: 2,
  closed: 3,
};

const isEnd = (status: TicketEvent['status']) =>
  status === 'resolved' || status === 'closed';

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const time = (value: string | undefined) =>
  value === undefined ? undefined : parseInstant(value);

function min(a: number | undefined, b: number | undefined) {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/**
 * Merges ticket events per `ticketId` (METRICS.md, "Platform tickets"):
 *
 * - events are read in time order; at the same instant `opened` comes
 *   before `acknowledged`, `resolved` and `closed`, then ids decide, so the
 *   answer does not depend on the order the events arrive in;
 * - the latest value of `category`, `team` and `labels` wins;
 * - `openedAt` is the earliest `openedAt` given, else the timestamp of the
 *   first `opened` event, else of the first event;
 * - first response is the earliest of any explicit `firstResponseAt` and
 *   the first `acknowledged` event;
 * - a `resolved`/`closed` event resolves the ticket at its `resolvedAt`
 *   (else its timestamp); an `opened` event after a resolution reopens it
 *   (counted once per reopening) and clears the resolution, so a ticket
 *   resolves at its latest resolution; a late `acknowledged` event after a
 *   resolution is a (late) response signal, not a reopening;
 * - events after `asOf` (and explicit instants after it) are not known yet.
 *
 * @public
 */
export function mergeTickets(
  events: readonly TicketEvent[],
  options: { asOf?: number } = {},
): MergedTicket[] {
  const asOf = options.asOf ?? Infinity;
  const known = (v: number | undefined) =>
    v !== undefined && v <= asOf ? v : undefined;
  const byTicket = new Map<string, Array<{ e: TicketEvent; t: number }>>();
  for (const e of events) {
    const t = parseInstant(e.timestamp);
    if (t === undefined || t > asOf) continue;
    const list = byTicket.get(e.ticketId);
    if (list) list.push({ e, t });
    else byTicket.set(e.ticketId, [{ e, t }]);
  }
  const out: MergedTicket[] = [];
  for (const ticketId of [...byTicket.keys()].sort(compareText)) {
    const list = byTicket
      .get(ticketId)!
      .sort(
        (a, b) =>
          a.t - b.t ||
          STATUS_RANK[a.e.status] - STATUS_RANK[b.e.status] ||
          compareText(a.e.id, b.e.id),
      );
    let explicitOpened: number | undefined;
    let firstOpenedEvent: number | undefined;
    let firstResponseAt: number | undefined;
    let resolvedAt: number | undefined;
    let resolved = false;
    let reopenCount = 0;
    let category: string | undefined;
    let team: string | undefined;
    let labels: string[] = [];
    let requester: string | undefined;
    let source: string | undefined;
    for (const { e, t } of list) {
      explicitOpened = min(explicitOpened, known(time(e.openedAt)));
      firstResponseAt = min(firstResponseAt, known(time(e.firstResponseAt)));
      if (e.status === 'opened' && firstOpenedEvent === undefined) {
        firstOpenedEvent = t;
      }
      if (e.status === 'acknowledged') {
        firstResponseAt = min(firstResponseAt, t);
      }
      if (isEnd(e.status)) {
        resolved = true;
        resolvedAt = known(time(e.resolvedAt)) ?? t;
      } else if (resolved && e.status === 'opened') {
        reopenCount++;
        resolved = false;
        resolvedAt = undefined;
      }
      if (e.category !== undefined) category = e.category;
      if (e.team !== undefined) team = e.team;
      if (e.labels !== undefined) labels = [...new Set(e.labels)].sort();
      if (requester === undefined && e.actor) requester = e.actor;
      if (e.source !== undefined) source = e.source;
    }
    out.push({
      ticketId,
      openedAt: explicitOpened ?? firstOpenedEvent ?? list[0].t,
      ...(firstResponseAt !== undefined && { firstResponseAt }),
      ...(resolvedAt !== undefined && { resolvedAt }),
      reopenCount,
      ...(category !== undefined && { category }),
      ...(team !== undefined && { team }),
      labels,
      ...(requester !== undefined && { requester }),
      status: list[list.length - 1].e.status,
      ...(source !== undefined && { source }),
    });
  }
  return out;
}
