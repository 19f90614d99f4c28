import {
  ModelHealthEvent,
  histogramQuantile,
  summarizeModelHealth,
  validateDeliveryEvents,
} from '@goldpath/plugin-dora-common';
import { DEMO_DRIFT_THRESHOLD, generateModelHealthEvents } from './modelHealth';

const asOf = Date.parse('2026-03-15T09:30:00Z');

describe('the demo model-health history', () => {
  const inputs = generateModelHealthEvents({ asOf, days: 30 });
  const result = validateDeliveryEvents(inputs, { now: asOf });
  const events = result.valid.map(v => v.event as ModelHealthEvent);

  it('is 30 valid daily samples of fraud-detector, none in the future', () => {
    expect(result.invalid).toEqual([]);
    expect(events).toHaveLength(30);
    expect(new Set(events.map(e => e.id)).size).toBe(30);
    expect(events[0].timestamp).toBe('2026-02-14T00:00:00.000Z');
    expect(events[29].timestamp).toBe('2026-03-15T00:00:00.000Z');
    for (const e of events) {
      expect(e.service).toBe('component:default/fraud-detector');
      expect(e.model).toBe('fraud-detector');
      expect(Date.parse(e.timestamp)).toBeLessThanOrEqual(asOf);
    }
  });

  it('is deterministic', () => {
    expect(generateModelHealthEvents({ asOf, days: 30 })).toEqual(inputs);
  });

  it('drifts past the threshold only near the end, while accuracy slowly falls', () => {
    const drift = events.map(e => e.dataDrift!.score);
    const breached = drift.map(d => d > DEMO_DRIFT_THRESHOLD);
    expect(breached.slice(0, 24).some(Boolean)).toBe(false);
    expect(breached.slice(27)).toEqual([true, true, true]);
    const accuracy = events.map(e => e.accuracy!.value);
    expect(accuracy[0]).toBeGreaterThan(0.94);
    expect(accuracy[29]).toBeLessThan(0.915);
    expect(accuracy[29]).toBeGreaterThan(0.9);
    // falling week on week
    for (let week = 1; week < 4; week++) {
      expect(accuracy[week * 7]).toBeLessThan(accuracy[(week - 1) * 7]);
    }
    const [summary] = summarizeModelHealth(events);
    expect(summary.drift).toMatchObject({ breached: true, threshold: 0.2 });
    expect(summary.latency!.p50).toBeGreaterThan(0.025);
    expect(summary.latency!.p99).toBeLessThanOrEqual(1);
    expect(
      histogramQuantile(0.95, events[29].latency!.buckets),
    ).toBeGreaterThan(histogramQuantile(0.95, events[0].latency!.buckets)!);
  });
});
