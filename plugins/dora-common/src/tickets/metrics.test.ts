import { ScaffoldEvent, TicketEvent } from '../events/schema';
import { ev, shuffle } from '../__testUtils__/events';
import { ticketCategoryKey } from './key';
import { computeTicketMetrics } from './metrics';
import { mergeTickets } from './merge';
import { isValidTimeZone, monthIn } from './timeZone';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
const ms = (iso: string) => Date.parse(iso);

let n = 0;
const ticket = (
  ticketId: string,
  status: TicketEvent['status'],
  timestamp: string,
  extra: Record<string, unknown> = {},
) =>
  ev({
    id: `t${++n}`,
    type: 'ticket',
    service: undefined,
    ticketId,
    status,
    timestamp,
    ...extra,
  }) as TicketEvent;

const scaffold = (timestamp: string, outcome: string) =>
  ev({
    id: `s${++n}`,
    type: 'scaffold',
    template: 'db-credentials',
    outcome,
    timestamp,
  }) as ScaffoldEvent;

const db = { category: 'database-credentials' };
const gpu = { category: 'gpu-quota' };

/**
 * The hand-checked fixture (figures worked out in the comments):
 * window [2024-01-01, 2024-02-10), SLA 3 h, history from 2023-11-22.
 */
const fixture: TicketEvent[] = [
  // A0: before the window (history only): queue 6 h.
  ticket('A0', 'opened', '2023-12-20T00:00:00Z', { ...db, team: 'team-a' }),
  ticket('A0', 'acknowledged', '2023-12-20T06:00:00Z'),
  ticket('A0', 'resolved', '2023-12-21T00:00:00Z'),
  // A1: queue 2 h, resolution 6 h.
  ticket('A1', 'opened', '2024-01-02T09:00:00Z', {
    ...db,
    team: 'team-a',
    actor: 'requester-1',
  }),
  ticket('A1', 'acknowledged', '2024-01-02T11:00:00Z'),
  ticket('A1', 'resolved', '2024-01-02T15:00:00Z'),
  // A2: explicit firstResponseAt (10:00) earlier than the ack (13:00): 1 h; resolution 3 h.
  ticket('A2', 'opened', '2024-01-03T09:00:00Z', { ...db, team: 'team-a' }),
  ticket('A2', 'resolved', '2024-01-03T12:00:00Z', {
    firstResponseAt: '2024-01-03T10:00:00Z',
  }),
  ticket('A2', 'acknowledged', '2024-01-03T13:00:00Z'),
  // A3: queue 4 h; resolved, reopened, resolved again: resolution 72 h, 1 reopen.
  ticket('A3', 'opened', '2024-01-05T00:00:00Z', { ...db, team: 'team-b' }),
  ticket('A3', 'acknowledged', '2024-01-05T04:00:00Z'),
  ticket('A3', 'resolved', '2024-01-06T00:00:00Z'),
  ticket('A3', 'opened', '2024-01-07T00:00:00Z'),
  ticket('A3', 'resolved', '2024-01-08T00:00:00Z'),
  // A4: never answered, open: waiting 31 days at asOf; labelled.
  ticket('A4', 'opened', '2024-01-10T00:00:00Z', {
    ...db,
    team: 'team-b',
    labels: ['template-candidate'],
  }),
  // G1: opened 23:30 UTC on Jan 31 (Feb 1 in Berlin): queue 2 h, open.
  ticket('G1', 'opened', '2024-01-31T23:30:00Z', { ...gpu, team: 'team-a' }),
  ticket('G1', 'acknowledged', '2024-02-01T01:30:00Z'),
  // G2: queue 10 h, resolution 24 h (Jan 31 16:00 in Los Angeles).
  ticket('G2', 'opened', '2024-02-01T00:00:00Z', { ...gpu, team: 'team-a' }),
  ticket('G2', 'acknowledged', '2024-02-01T10:00:00Z'),
  ticket('G2', 'resolved', '2024-02-02T00:00:00Z'),
  // N1: no category or team; a response "before" the opening (negative,
  // excluded and counted); resolution 24 h.
  ticket('N1', 'opened', '2024-01-20T00:00:00Z'),
  ticket('N1', 'resolved', '2024-01-21T00:00:00Z', {
    firstResponseAt: '2024-01-19T00:00:00Z',
  }),
  // D1: resolved after 2 h without any response (within the SLA); labelled.
  ticket('D1', 'opened', '2024-01-15T00:00:00Z', {
    category: 'dns-record',
    labels: ['template-candidate'],
  }),
  ticket('D1', 'closed', '2024-01-15T02:00:00Z'),
  // After asOf: not known yet.
  ticket('G3', 'opened', '2024-02-11T00:00:00Z', gpu),
];

const scaffolds = [
  scaffold('2024-01-03T00:00:00Z', 'failure'), // a failed run is no use
  scaffold('2024-01-04T12:00:00Z', 'success'), // first use
  scaffold('2024-01-20T00:00:00Z', 'success'),
  scaffold('2024-02-01T00:00:00Z', 'success'),
];

const options = {
  asOf: ms('2024-02-10T00:00:00Z'),
  from: ms('2024-01-01T00:00:00Z'),
  triageSlaMillis: 3 * HOUR_S * 1000,
  templates: [
    {
      template: 'template:default/db-credentials',
      category: 'database-credentials',
      title: 'Database credentials',
    },
  ],
  scaffoldEvents: scaffolds,
};

describe('computeTicketMetrics (hand-checked fixture)', () => {
  const m = computeTicketMetrics(fixture, options);

  it('reports queue time, resolution time and the backlog of the cohort', () => {
    expect(m.window).toEqual({
      from: '2024-01-01T00:00:00.000Z',
      to: '2024-02-10T00:00:00.000Z',
    });
    // Cohort: A1 A2 A3 A4 G1 G2 N1 D1 (A0 before, G3 after).
    expect(m.totals.tickets).toBe(8);
    // Queue [1, 2, 2, 4, 10] h: mean 3.8 h; P95 at 3.8 → 4 + 0.8 × 6 = 8.8 h.
    expect(m.totals.queueTime).toMatchObject({
      n: 5,
      meanSeconds: 3.8 * HOUR_S,
      excludedNegative: 1,
    });
    expect(m.totals.queueTime.p95Seconds).toBeCloseTo(8.8 * HOUR_S, 6);
    // A4 waits (31 days); D1 was resolved without a response: not waiting.
    expect(m.totals.waiting).toBe(1);
    expect(m.totals.oldestWaitingSeconds).toBe(31 * DAY_S);
    expect(m.waiting).toEqual([
      {
        ticketId: 'A4',
        category: 'database-credentials',
        team: 'team-b',
        openedAt: '2024-01-10T00:00:00.000Z',
        ageSeconds: 31 * DAY_S,
      },
    ]);
    // Resolution [2, 3, 6, 24, 24, 72] h: mean 131/6 h; P95 at 4.75 → 24 + 0.75 × 48 = 60 h.
    expect(m.totals.resolutionTime.n).toBe(6);
    expect(m.totals.resolutionTime.meanSeconds).toBeCloseTo(
      (131 / 6) * HOUR_S,
      6,
    );
    expect(m.totals.resolutionTime.p95Seconds).toBe(60 * HOUR_S);
    // Open at asOf: A4 (31 d) and G1 (9 d 30 min).
    const g1Age = 9 * DAY_S + 1800;
    expect(m.totals.backlog).toEqual({
      open: 2,
      meanAgeSeconds: (31 * DAY_S + g1Age) / 2,
      p95AgeSeconds: g1Age + 0.95 * (31 * DAY_S - g1Age),
      oldestAgeSeconds: 31 * DAY_S,
    });
    expect(m.totals.reopened).toBe(1);
    expect(m.totals.reopens).toBe(1);
  });

  it('counts triage SLA breaches: late answers and tickets still waiting', () => {
    expect(m.triageSlaSeconds).toBe(3 * HOUR_S);
    expect(m.totals.slaBreaches).toBe(3);
    expect(m.slaBreaches.count).toBe(3);
    expect(
      m.slaBreaches.tickets.map(b => [b.ticketId, b.kind, b.overSeconds]),
    ).toEqual([
      ['A4', 'waiting', 31 * DAY_S - 3 * HOUR_S],
      ['G2', 'late', 7 * HOUR_S],
      ['A3', 'late', 1 * HOUR_S],
    ]);
  });

  it('groups by category (none last), team and month', () => {
    expect(m.byCategory.map(g => [g.key, g.tickets])).toEqual([
      ['database-credentials', 4],
      ['dns-record', 1],
      ['gpu-quota', 2],
      ['none', 1],
    ]);
    const dbFigures = m.byCategory[0];
    // Queue [1, 2, 4] h: mean 7/3 h; P95 at 1.9 → 2 + 0.9 × 2 = 3.8 h.
    expect(dbFigures.queueTime.n).toBe(3);
    expect(dbFigures.queueTime.meanSeconds).toBeCloseTo((7 / 3) * HOUR_S, 6);
    expect(dbFigures.queueTime.p95Seconds).toBeCloseTo(3.8 * HOUR_S, 6);
    expect(dbFigures.slaBreaches).toBe(2);
    expect(dbFigures.waiting).toBe(1);
    expect(m.byTeam.map(g => [g.key, g.tickets])).toEqual([
      ['team-a', 4],
      ['team-b', 2],
      ['none', 2],
    ]);
    expect(m.byMonth.map(g => [g.key, g.tickets])).toEqual([
      ['2024-01', 7],
      ['2024-02', 1],
    ]);
  });

  it('ranks template candidates by tickets × total queue time, then labelled categories', () => {
    expect(
      m.candidates.map(c => [c.category, c.reason, c.score, c.tickets]),
    ).toEqual([
      // 4 tickets × (1 + 2 + 4) h
      ['database-credentials', 'score', 4 * 7 * HOUR_S, 4],
      // 2 tickets × (2 + 10) h
      ['gpu-quota', 'score', 2 * 12 * HOUR_S, 2],
      ['dns-record', 'label', 0, 1],
    ]);
    expect(m.candidates[0].labelledTicketIds).toEqual(['A4']);
    expect(m.candidates[0].coveredBy).toBe('template:default/db-credentials');
    expect(m.candidates[2].labelledTicketIds).toEqual(['D1']);
  });

  it("reports queue time before and after a template's first use, and its share since", () => {
    expect(m.beforeAfter).toHaveLength(1);
    const e = m.beforeAfter[0];
    expect(e.firstUsedAt).toBe('2024-01-04T12:00:00.000Z');
    // Before: A0 6 h, A1 2 h, A2 1 h: mean 3 h; P95 at 1.9 → 2 + 0.9 × 4 = 5.6 h.
    expect(e.before.n).toBe(3);
    expect(e.before.meanSeconds).toBe(3 * HOUR_S);
    expect(e.before.p95Seconds).toBeCloseTo(5.6 * HOUR_S, 6);
    expect(e.before.from).toBe('2023-11-22T00:00:00.000Z');
    // After: A3 4 h (A4 still waits).
    expect(e.after?.n).toBe(1);
    expect(e.after?.meanSeconds).toBe(4 * HOUR_S);
    expect(e.meanDeltaSeconds).toBe(1 * HOUR_S);
    expect(e.p95DeltaSeconds).toBeCloseTo(-1.6 * HOUR_S, 6);
    // 3 successful runs since the first use, 2 tickets (A3, A4): 3/5.
    expect(e.templateRuns).toBe(3);
    expect(e.ticketsSince).toBe(2);
    expect(e.templateShare).toBe(0.6);
  });

  it('does not depend on the order the events arrive in', () => {
    for (const seed of [1, 2, 3]) {
      expect(
        computeTicketMetrics(shuffle(fixture, seed), {
          ...options,
          scaffoldEvents: shuffle(scaffolds, seed),
        }),
      ).toEqual(m);
    }
  });

  it('filters by category and team', () => {
    const f = computeTicketMetrics(fixture, { ...options, team: 'team-b' });
    expect(f.totals.tickets).toBe(2);
    expect(f.byCategory.map(g => g.key)).toEqual(['database-credentials']);
    const c = computeTicketMetrics(fixture, {
      ...options,
      category: 'gpu-quota',
    });
    expect(c.totals.tickets).toBe(2);
    expect(c.beforeAfter[0].before.n).toBe(0);
  });
});

describe('time zones', () => {
  it('puts tickets in the month of their opening in the given time zone', () => {
    const berlin = computeTicketMetrics(fixture, {
      ...options,
      timeZone: 'Europe/Berlin',
    });
    expect(berlin.timeZone).toBe('Europe/Berlin');
    // G1 opened 2024-02-01 00:30 in Berlin.
    expect(berlin.byMonth.map(g => [g.key, g.tickets])).toEqual([
      ['2024-01', 6],
      ['2024-02', 2],
    ]);
    expect(
      berlin.categoryMonths
        .filter(c => c.category === 'gpu-quota')
        .map(c => [c.month, c.tickets, c.queueTime.meanSeconds]),
    ).toEqual([['2024-02', 2, 6 * HOUR_S]]);
    const utc = computeTicketMetrics(fixture, options);
    expect(
      utc.categoryMonths
        .filter(c => c.category === 'gpu-quota')
        .map(c => [c.month, c.tickets]),
    ).toEqual([
      ['2024-01', 1],
      ['2024-02', 1],
    ]);
    // G2 opened 2024-01-31 16:00 in Los Angeles.
    const la = computeTicketMetrics(fixture, {
      ...options,
      timeZone: 'America/Los_Angeles',
    });
    expect(la.byMonth.map(g => [g.key, g.tickets])).toEqual([['2024-01', 8]]);
  });

  it('knows IANA names and rejects others', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(monthIn(ms('2024-12-31T23:00:00Z'), 'Asia/Tokyo')).toBe('2025-01');
  });
});

describe('mergeTickets', () => {
  it('does not count a resolution at the opening instant as a reopening (ties)', () => {
    const events = [
      ticket('X', 'resolved', '2024-01-01T00:00:00Z', { id: 'a' }),
      ticket('X', 'opened', '2024-01-01T00:00:00Z', { id: 'b' }),
    ];
    for (const list of [events, [...events].reverse()]) {
      const [x] = mergeTickets(list);
      expect(x.reopenCount).toBe(0);
      expect(x.resolvedAt).toBe(ms('2024-01-01T00:00:00Z'));
    }
  });

  it('keeps the latest field values, the earliest openedAt and the first requester', () => {
    const [x] = mergeTickets([
      ticket('X', 'opened', '2024-01-02T00:00:00Z', {
        category: 'a',
        actor: 'u1',
        openedAt: '2024-01-01T12:00:00Z',
      }),
      ticket('X', 'acknowledged', '2024-01-03T00:00:00Z', {
        category: 'b',
        team: 't',
        actor: 'u2',
        labels: ['z', 'template-candidate', 'z'],
      }),
    ]);
    expect(x).toEqual({
      ticketId: 'X',
      openedAt: ms('2024-01-01T12:00:00Z'),
      firstResponseAt: ms('2024-01-03T00:00:00Z'),
      reopenCount: 0,
      category: 'b',
      team: 't',
      labels: ['template-candidate', 'z'],
      requester: 'u1',
      status: 'acknowledged',
    });
  });

  it('a reopened ticket that is not resolved again is open; a late acknowledgement reopens nothing', () => {
    const events = [
      ticket('X', 'opened', '2024-01-01T00:00:00Z'),
      ticket('X', 'resolved', '2024-01-02T00:00:00Z'),
      ticket('X', 'opened', '2024-01-03T00:00:00Z'),
      ticket('X', 'resolved', '2024-01-04T00:00:00Z'),
      ticket('X', 'acknowledged', '2024-01-05T00:00:00Z'),
    ];
    const [resolved] = mergeTickets(events);
    expect(resolved.reopenCount).toBe(1);
    expect(resolved.resolvedAt).toBe(ms('2024-01-04T00:00:00Z'));
    const [open] = mergeTickets([
      ...events,
      ticket('X', 'opened', '2024-01-06T00:00:00Z'),
    ]);
    expect(open.reopenCount).toBe(2);
    expect(open.resolvedAt).toBeUndefined();
  });

  it('without an SLA, no breaches are computed; negative resolution times are counted', () => {
    const m = computeTicketMetrics(
      [
        ticket('X', 'opened', '2024-01-05T00:00:00Z'),
        ticket('X', 'resolved', '2024-01-06T00:00:00Z', {
          resolvedAt: '2024-01-04T00:00:00Z',
        }),
      ],
      { asOf: options.asOf, from: options.from },
    );
    expect(m.triageSlaSeconds).toBeNull();
    expect(m.slaBreaches).toEqual({ count: null, tickets: [] });
    expect(m.totals.slaBreaches).toBeNull();
    expect(m.totals.resolutionTime).toEqual({
      n: 0,
      meanSeconds: null,
      p95Seconds: null,
      excludedNegative: 1,
    });
  });

  it('breaks candidate ties by ticket count, then name', () => {
    const list: TicketEvent[] = [];
    const add = (id: string, category: string, hours: number) => {
      list.push(ticket(id, 'opened', '2024-01-10T00:00:00Z', { category }));
      list.push(
        ticket(id, 'acknowledged', `2024-01-10T0${hours}:00:00Z`, {
          category,
        }),
      );
    };
    // x: 2 tickets × 3 h = 6; y: 3 tickets × 2 h = 6; w: like x.
    add('x1', 'x', 1);
    add('x2', 'x', 2);
    add('w1', 'w', 1);
    add('w2', 'w', 2);
    add('y1', 'y', 1);
    add('y2', 'y', 1);
    add('y3', 'y', 0);
    const m = computeTicketMetrics(list, {
      asOf: options.asOf,
      from: options.from,
    });
    // y3 has 0 h: y totals 2 h → 3 × 2 h = 6 h², x and w 2 × 3 h = 6 h².
    expect(m.candidates.map(c => c.category)).toEqual(['y', 'w', 'x']);
    expect(new Set(m.candidates.map(c => c.score)).size).toBe(1);
  });
});

describe('category and team keys', () => {
  it('group tickets, filter them and match templates as the adapters slug them', () => {
    expect(ticketCategoryKey('Database Credentials')).toBe(
      'database-credentials',
    );
    expect(ticketCategoryKey(' -- ')).toBeUndefined();
    // Before the first use (2024-01-04 12:00): 2 h; after it: 4 h.
    const list = [
      ticket('K1', 'opened', '2024-01-02T00:00:00Z', {
        category: 'Database-Credentials',
        team: 'Team A',
      }),
      ticket('K1', 'acknowledged', '2024-01-02T02:00:00Z'),
      ticket('K2', 'opened', '2024-01-05T00:00:00Z', {
        category: 'database credentials',
        team: 'team-a',
      }),
      ticket('K2', 'acknowledged', '2024-01-05T04:00:00Z'),
    ];
    const m = computeTicketMetrics(list, {
      ...options,
      category: ' DATABASE-credentials',
      templates: [
        {
          template: 'template:default/db-credentials',
          category: 'Database Credentials',
        },
      ],
    });
    expect(m.byCategory.map(g => [g.key, g.tickets])).toEqual([
      ['database-credentials', 2],
    ]);
    expect(m.byTeam.map(g => [g.key, g.tickets])).toEqual([['team-a', 2]]);
    expect(m.candidates).toEqual([
      expect.objectContaining({
        category: 'database-credentials',
        tickets: 2,
        coveredBy: 'template:default/db-credentials',
      }),
    ]);
    expect(m.beforeAfter).toEqual([
      expect.objectContaining({
        category: 'database-credentials',
        before: expect.objectContaining({ n: 1, meanSeconds: 2 * HOUR_S }),
        after: expect.objectContaining({ n: 1, meanSeconds: 4 * HOUR_S }),
      }),
    ]);
  });
});
