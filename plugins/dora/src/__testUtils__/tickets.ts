import {
  DeliveryEvent,
  ScaffoldEvent,
  TicketEvent,
  TicketsResponse,
  computeTicketMetrics,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';

export const TICKETS_AS_OF = '2024-07-01T00:00:00.000Z';
const HOUR = 3_600_000;

let n = 0;
function event(input: Record<string, unknown>): DeliveryEvent {
  const r = validateDeliveryEvent(
    { id: `fe-${++n}`, ...input },
    { now: Date.parse(TICKETS_AS_OF) },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.event;
}

/** A ticket opened at `opened`, answered `queueHours` later (never when null). */
function ticket(
  id: string,
  category: string,
  team: string,
  opened: string,
  queueHours: number | null,
  labels: string[] = [],
): TicketEvent[] {
  const out = [
    event({
      type: 'ticket',
      ticketId: id,
      status: 'opened',
      category,
      team,
      labels,
      timestamp: opened,
    }),
  ];
  if (queueHours !== null) {
    out.push(
      event({
        type: 'ticket',
        ticketId: id,
        status: 'acknowledged',
        timestamp: new Date(
          Date.parse(opened) + queueHours * HOUR,
        ).toISOString(),
      }),
    );
  }
  return out as TicketEvent[];
}

/**
 * The answer of `GET /tickets` for a small queue, computed by the real
 * engine: database credentials (3 tickets, 2 h, 10 h, waiting) in May and
 * June, GPU quota (2 tickets, 1 h and 3 h, one labelled) in June; the
 * `db-credentials` template first ran on 2024-05-15. SLA 8 h.
 */
export function ticketsResponse(
  overrides: Partial<TicketsResponse> = {},
): TicketsResponse {
  const events = [
    ...ticket(
      'DB-1',
      'database-credentials',
      'team-a',
      '2024-05-02T09:00:00Z',
      2,
    ),
    ...ticket(
      'DB-2',
      'database-credentials',
      'team-b',
      '2024-06-03T09:00:00Z',
      10,
    ),
    ...ticket(
      'DB-3',
      'database-credentials',
      'team-b',
      '2024-06-20T09:00:00Z',
      null,
    ),
    ...ticket('GPU-1', 'gpu-quota', 'team-a', '2024-06-05T09:00:00Z', 1),
    ...ticket('GPU-2', 'gpu-quota', 'team-a', '2024-06-06T09:00:00Z', 3, [
      'template-candidate',
    ]),
  ];
  const scaffolds = [
    event({
      type: 'scaffold',
      template: 'db-credentials',
      service: 'db-grant',
      outcome: 'success',
      timestamp: '2024-05-15T00:00:00Z',
    }) as ScaffoldEvent,
  ];
  const asOf = Date.parse(TICKETS_AS_OF);
  const from = asOf - 90 * 24 * HOUR;
  const metrics = computeTicketMetrics(events, {
    asOf,
    from,
    triageSlaMillis: 8 * HOUR,
    templates: [
      {
        template: 'template:default/db-credentials',
        category: 'database-credentials',
        title: 'Database credentials',
      },
    ],
    scaffoldEvents: scaffolds,
  });
  return {
    ...metrics,
    window: { ...metrics.window, days: 90 },
    groupBy: 'category',
    groups: metrics.byCategory,
    filters: { category: null, team: null },
    ...overrides,
  };
}

/** No tickets at all. */
export function emptyTicketsResponse(): TicketsResponse {
  const asOf = Date.parse(TICKETS_AS_OF);
  const metrics = computeTicketMetrics([], {
    asOf,
    from: asOf - 90 * 24 * HOUR,
  });
  return {
    ...metrics,
    window: { ...metrics.window, days: 90 },
    groupBy: 'category',
    groups: [],
    filters: { category: null, team: null },
  };
}
