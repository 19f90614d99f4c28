import {
  ScaffoldEvent,
  TicketEvent,
  computeTicketMetrics,
  validateDeliveryEvents,
} from '@goldpath/plugin-dora-common';
import {
  DEMO_COVERED_CATEGORY,
  DEMO_TICKET_TEMPLATE,
  generateDemoTickets,
} from './tickets';

const DAY = 86_400_000;
const asOf = Date.parse('2026-03-15T09:30:00Z');

describe('the demo platform tickets', () => {
  const inputs = generateDemoTickets({ asOf, days: 90 });
  const result = validateDeliveryEvents(inputs, { now: asOf });
  const events = result.valid.map(v => v.event);
  const tickets = events.filter(e => e.type === 'ticket') as TicketEvent[];
  const scaffolds = events.filter(
    e => e.type === 'scaffold',
  ) as ScaffoldEvent[];
  const metrics = computeTicketMetrics(tickets, {
    asOf,
    from: asOf - 90 * DAY,
    historyFrom: asOf - 180 * DAY,
    triageSlaMillis: 8 * 3_600_000,
    templates: [
      { template: DEMO_TICKET_TEMPLATE, category: DEMO_COVERED_CATEGORY },
    ],
    scaffoldEvents: scaffolds,
  });

  it('is valid, unique, deterministic and nothing lies after asOf', () => {
    expect(result.invalid).toEqual([]);
    expect(new Set(events.map(e => e.id)).size).toBe(events.length);
    expect(generateDemoTickets({ asOf, days: 90 })).toEqual(inputs);
    for (const e of events) {
      expect(Date.parse(e.timestamp)).toBeLessThanOrEqual(asOf);
    }
    // A later day reproduces the overlapping days.
    const tomorrow = generateDemoTickets({ asOf: asOf + DAY, days: 90 });
    const ids = new Set(tomorrow.map(e => e.id));
    const old = inputs.filter(
      e =>
        Date.parse(e.timestamp as string) >= asOf - 80 * DAY &&
        e.type === 'ticket',
    );
    expect(old.every(e => ids.has(e.id))).toBe(true);
  });

  it('has repeating categories, waiting, reopened and labelled tickets', () => {
    expect(metrics.byCategory.map(g => g.key)).toEqual([
      'access-request',
      'ci-runner-quota',
      'database-credentials',
      'dns-record',
      'gpu-quota',
      'new-environment',
    ]);
    for (const g of metrics.byCategory) {
      expect(g.tickets).toBeGreaterThanOrEqual(5);
      expect(g.queueTime.n).toBeGreaterThan(0);
    }
    expect(metrics.totals.tickets).toBeGreaterThan(200);
    expect(metrics.totals.waiting).toBeGreaterThan(0);
    expect(metrics.totals.reopened).toBeGreaterThan(0);
    expect(metrics.totals.backlog.open).toBeGreaterThan(0);
    expect(metrics.slaBreaches.count).toBeGreaterThan(0);
    expect(metrics.byTeam.map(g => g.key)).toEqual([
      'team-checkout',
      'team-payments',
      'team-platform',
    ]);
    expect(metrics.byMonth.length).toBeGreaterThanOrEqual(3);
    const labelled = metrics.candidates.filter(c => c.labelledTickets > 0);
    expect(labelled.map(c => c.category)).toEqual(
      expect.arrayContaining(['new-environment']),
    );
    // Database credentials: frequent and slow; the top candidate.
    expect(metrics.candidates[0].category).toBe('database-credentials');
  });

  it("shows the DNS template's effect: faster answers and most requests through it", () => {
    const [effect] = metrics.beforeAfter;
    expect(effect.firstUsedAt).not.toBeNull();
    expect(effect.before.n).toBeGreaterThan(10);
    expect(effect.after!.n).toBeGreaterThan(3);
    expect(effect.meanDeltaSeconds!).toBeLessThan(-3 * 3600);
    expect(effect.templateShare!).toBeGreaterThan(0.5);
  });
});
