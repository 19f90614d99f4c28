import {
  DeliveryEvent,
  computeScorecards,
  validateDeliveryEvents,
} from '@goldpath/plugin-dora-common';
import { generateDemoEvents } from './generator';
import { EXAMPLE_ORG_PROFILES } from './profiles';

const AS_OF = Date.UTC(2026, 10, 28, 12);

describe('generateDemoEvents', () => {
  const events = generateDemoEvents({
    profiles: EXAMPLE_ORG_PROFILES,
    asOf: AS_OF,
    days: 90,
  });

  it('produces only valid canonical events with unique ids', () => {
    const { valid, invalid } = validateDeliveryEvents(events, { now: AS_OF });
    expect(invalid).toEqual([]);
    expect(new Set(valid.map(v => v.event.id)).size).toBe(events.length);
    expect(events.length).toBeGreaterThan(2000);
  });

  it('is deterministic, and a later day reproduces the overlapping days', () => {
    const again = generateDemoEvents({
      profiles: EXAMPLE_ORG_PROFILES,
      asOf: AS_OF,
      days: 90,
    });
    expect(again).toEqual(events);
    const tomorrow = generateDemoEvents({
      profiles: EXAMPLE_ORG_PROFILES,
      asOf: AS_OF + 86_400_000,
      days: 90,
    });
    const byId = new Map(events.map(e => [e.id, e]));
    const overlap = tomorrow.filter(
      e => byId.has(e.id) && e.type !== 'scaffold',
    );
    expect(overlap.length).toBeGreaterThan(events.length * 0.95);
    expect(overlap).toEqual(overlap.map(e => byId.get(e.id)));
  });

  it('gives every example service real numbers, golden paths ahead', () => {
    const { valid } = validateDeliveryEvents(events, { now: AS_OF });
    const report = computeScorecards(
      valid.map(v => v.event as DeliveryEvent),
      { asOf: AS_OF },
    );
    expect(Object.keys(report.services)).toHaveLength(8);
    for (const card of Object.values(report.services)) {
      expect(card.deploymentFrequency.deployments).toBeGreaterThan(0);
      expect(card.changeLeadTime.medianSeconds).not.toBeNull();
      expect(card.score).not.toBeNull();
    }
    const checkout = report.services['component:default/checkout'];
    const ledger = report.services['component:default/ledger'];
    expect(checkout.deploymentFrequency.level).toBe('elite');
    expect(checkout.changeLeadTime.medianSeconds!).toBeLessThan(
      ledger.changeLeadTime.medianSeconds!,
    );
    expect(checkout.score!).toBeGreaterThan(ledger.score!);
  });
});
