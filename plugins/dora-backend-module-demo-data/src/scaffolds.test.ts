import {
  ScaffoldEvent,
  computeAdoption,
  validateDeliveryEvents,
} from '@goldpath/plugin-dora-common';
import { generateDemoEvents } from './generator';
import { EXAMPLE_ORG_PROFILES } from './profiles';

const AS_OF = Date.UTC(2026, 10, 28, 12);

describe('the demo scaffold runs', () => {
  const events = generateDemoEvents({
    profiles: EXAMPLE_ORG_PROFILES,
    asOf: AS_OF,
    days: 90,
  });
  const scaffolds = validateDeliveryEvents(events, { now: AS_OF })
    .valid.map(v => v.event)
    .filter((e): e is ScaffoldEvent => e.type === 'scaffold');

  // asOf 2026-11-28, 90 days: deliveries from 2026-08-30; the last run five
  // days before, the others 31 days apart.
  it('have actors and fall in different months, before their delivery history', () => {
    expect(
      scaffolds.map(e => [e.service, e.actor, e.timestamp.slice(0, 10)]),
    ).toEqual([
      ['component:default/checkout', 'user:default/ada.lovelace', '2026-05-24'],
      ['component:default/web-shop', 'user:default/grace.hopper', '2026-06-24'],
      [
        'component:default/payments-api',
        'user:default/ada.lovelace',
        '2026-07-25',
      ],
      [
        'component:default/fraud-detector',
        'user:default/alan.turing',
        '2026-08-25',
      ],
    ]);
    for (const scaffold of scaffolds) {
      const firstDelivery = Math.min(
        ...events
          .filter(e => e.type !== 'scaffold' && e.service === scaffold.service)
          .map(e => Date.parse(e.timestamp)),
      );
      expect(Date.parse(scaffold.timestamp)).toBeLessThan(firstDelivery);
    }
  });

  it('show a user who comes back in a later month', () => {
    const figures = computeAdoption({
      asOf: AS_OF,
      months: 6,
      components: [],
      activeRefs: [],
      scaffoldEvents: scaffolds,
    });
    const months = figures.repeatUse[0].months.filter(m => m.runs > 0);
    expect(
      months.map(m => [m.month, m.users, m.repeatUsers, m.stickiness]),
    ).toEqual([
      ['2026-06', 1, 0, 0],
      ['2026-07', 1, 1, 1],
      ['2026-08', 1, 0, 0],
    ]);
  });
});
