import { LoggerService } from '@backstage/backend-plugin-api';
import { DAY_MS, DeliveryEventInput } from '@goldpath/plugin-dora-common';
import { DoraEventSource } from '@goldpath/plugin-dora-node';
import { between, hash, poisson, random } from './random';

/**
 * The demo's self-service template that replaces a ticket category
 * (`examples/templates/dns-record/template.yaml`, annotated
 * `goldpath.dev/replaces-ticket-category: dns-record`).
 */
export const DEMO_TICKET_TEMPLATE = 'template:default/dns-record';
/** The category that template covers. */
export const DEMO_COVERED_CATEGORY = 'dns-record';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** One category of the demo's platform queue. */
interface DemoCategory {
  category: string;
  /** Mean tickets opened per weekday (weekends get a tenth). */
  perWeekday: number;
  /** Hours to the first response, min and max. */
  queueHours: [number, number];
  /** Hours from first response to resolution, min and max. */
  workHours: [number, number];
  /** Share of tickets labelled `template-candidate` by the platform team. */
  candidateShare: number;
  teams: string[];
}

const CATEGORIES: readonly DemoCategory[] = [
  {
    category: 'database-credentials',
    perWeekday: 1.4,
    queueHours: [2, 30],
    workHours: [0.5, 4],
    candidateShare: 0.15,
    teams: ['team-checkout', 'team-payments'],
  },
  {
    category: 'gpu-quota',
    perWeekday: 0.6,
    queueHours: [6, 60],
    workHours: [1, 24],
    candidateShare: 0,
    teams: ['team-payments'],
  },
  {
    category: 'new-environment',
    perWeekday: 0.35,
    queueHours: [8, 72],
    workHours: [24, 96],
    candidateShare: 0.4,
    teams: ['team-checkout', 'team-payments'],
  },
  {
    category: DEMO_COVERED_CATEGORY,
    perWeekday: 1,
    queueHours: [1, 26],
    workHours: [0.25, 2],
    candidateShare: 0,
    teams: ['team-checkout', 'team-payments', 'team-platform'],
  },
  {
    category: 'access-request',
    perWeekday: 1.1,
    queueHours: [0.5, 12],
    workHours: [0.1, 1],
    candidateShare: 0,
    teams: ['team-checkout', 'team-payments', 'team-platform'],
  },
  {
    category: 'ci-runner-quota',
    perWeekday: 0.25,
    queueHours: [3, 20],
    workHours: [0.5, 3],
    candidateShare: 0,
    teams: ['team-platform'],
  },
];

const REQUESTERS = [
  'ada.lovelace',
  'alan.turing',
  'grace.hopper',
  'katherine.johnson',
  'margaret.hamilton',
];

const iso = (ms: number) => new Date(ms).toISOString();
const pick = <T>(rng: () => number, list: readonly T[]) =>
  list[Math.floor(rng() * list.length) % list.length];

/**
 * 90 days (by default) of the example organisation's platform tickets,
 * ending before the UTC day of `asOf`, for the tickets page:
 *
 * - repeating categories (database credentials, GPU quota, new environments,
 *   DNS records, access requests, CI runner quota) with their own rates and
 *   queue times, so the template candidates are meaningful;
 * - about 8% never answered (more of them among recent tickets), about 6%
 *   reopened once, some labelled `template-candidate`;
 * - the `dns-record` self-service template (`DEMO_TICKET_TEMPLATE`) is
 *   first used half-way through: from then on most DNS requests go through
 *   it (scaffold events) and the remaining tickets are answered faster, so
 *   the before/after figures show a drop and a template share.
 *
 * Deterministic: each day is drawn from a generator seeded with the day, and
 * ids name the day, so a later run reproduces the overlapping days; events
 * after `asOf` are left out until they have happened.
 *
 * @public
 */
export function generateDemoTickets(options: {
  asOf: number;
  days?: number;
}): DeliveryEventInput[] {
  const days = options.days ?? 90;
  const lastDay = Math.floor(options.asOf / DAY_MS); // today is not generated
  const firstDay = lastDay - days;
  const templateDay = lastDay - Math.floor(days / 2);
  const events: DeliveryEventInput[] = [];
  const push = (event: DeliveryEventInput) => {
    if (Date.parse(event.timestamp as string) <= options.asOf) {
      events.push(event);
    }
  };
  for (let day = firstDay; day < lastDay; day++) {
    const date = iso(day * DAY_MS).slice(0, 10);
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const covered = day >= templateDay;
    for (const c of CATEGORIES) {
      const rng = random(hash(`${date}:${c.category}`));
      const self = c.category === DEMO_COVERED_CATEGORY && covered;
      const rate = c.perWeekday * (weekend ? 0.1 : 1);
      // After the template, three in four DNS requests go through it.
      const tickets = poisson(rng, self ? rate * 0.25 : rate);
      const runs = self ? poisson(rng, rate * 0.75) : 0;
      for (let i = 0; i < runs; i++) {
        const at = day * DAY_MS + between(rng, [8, 18]) * HOUR;
        push({
          id: `demo:scaffold:dns-record:${date}:${i}`,
          type: 'scaffold',
          service: 'resource:default/public-dns-zone',
          template: DEMO_TICKET_TEMPLATE,
          templateVersion: '1.0.0',
          outcome: 'success',
          source: 'scaffolder',
          actor: pick(rng, REQUESTERS),
          timestamp: iso(Math.floor(at / 1000) * 1000),
        });
      }
      for (let i = 0; i < tickets; i++) {
        const ticketId = `PLAT-${date.replace(/-/g, '')}-${c.category}-${i}`;
        const idBase = `demo:ticket:${ticketId}`;
        const opened =
          Math.floor((day * DAY_MS + between(rng, [7, 19]) * HOUR) / 1000) *
          1000;
        const team = pick(rng, c.teams);
        const requester = pick(rng, REQUESTERS);
        const labels =
          rng() < c.candidateShare
            ? ['platform', 'template-candidate']
            : ['platform'];
        const common = {
          type: 'ticket' as const,
          source: 'demo',
          ticketId,
          category: c.category,
          team,
          labels,
          openedAt: iso(opened),
        };
        push({
          ...common,
          id: `${idBase}:opened`,
          status: 'opened',
          timestamp: iso(opened),
          actor: requester,
        });
        // Recent tickets are more often still waiting.
        const age = (lastDay - day) / days;
        const unanswered = rng() < (age < 0.1 ? 0.3 : 0.05);
        const queue = between(rng, self ? [0.5, 6] : c.queueHours) * HOUR;
        const work = between(rng, c.workHours) * HOUR;
        const reopen = rng() < 0.06;
        const reopenAfter = between(rng, [4, 48]) * HOUR;
        const rework = between(rng, c.workHours) * HOUR;
        if (unanswered) continue;
        const responded = opened + Math.round(queue / MINUTE) * MINUTE;
        push({
          ...common,
          id: `${idBase}:acknowledged`,
          status: 'acknowledged',
          timestamp: iso(responded),
        });
        const resolved = responded + Math.round(work / MINUTE) * MINUTE;
        push({
          ...common,
          id: `${idBase}:resolved`,
          status: 'resolved',
          timestamp: iso(resolved),
          resolvedAt: iso(resolved),
        });
        if (reopen) {
          const again = resolved + Math.round(reopenAfter / MINUTE) * MINUTE;
          push({
            ...common,
            id: `${idBase}:reopened`,
            status: 'opened',
            timestamp: iso(again),
            actor: requester,
          });
          const final = again + Math.round(rework / MINUTE) * MINUTE;
          push({
            ...common,
            id: `${idBase}:resolved-again`,
            status: 'resolved',
            timestamp: iso(final),
            resolvedAt: iso(final),
          });
        }
      }
    }
  }
  return events;
}

/** The event source that loads {@link generateDemoTickets}. */
export function ticketsDemoSource(
  logger: LoggerService,
  days: number,
): DoraEventSource {
  return {
    id: 'demo-data-tickets',
    async connect(sink) {
      const result = await sink.ingest(
        generateDemoTickets({ asOf: Date.now(), days }),
        { source: 'demo' },
      );
      logger.info(
        `Loaded demo platform tickets: ${result.accepted} new events, ${result.duplicates} already stored, ${result.rejected.length} rejected`,
      );
      if (result.rejected.length > 0) {
        logger.warn(
          `Demo ticket events rejected: ${JSON.stringify(
            result.rejected.slice(0, 3),
          )}`,
        );
      }
    },
  };
}
