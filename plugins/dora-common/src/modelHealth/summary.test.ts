import { ModelHealthEvent } from '../events/schema';
import { summarizeModelHealth } from './summary';

function event(
  id: string,
  timestamp: string,
  fields: Partial<ModelHealthEvent>,
): ModelHealthEvent {
  return {
    id,
    type: 'model_health',
    timestamp,
    service: 'component:default/fraud-detector',
    model: 'fraud-detector',
    ...fields,
  } as ModelHealthEvent;
}

describe('summarizeModelHealth', () => {
  it('keeps the latest drift, version and histogram and the accuracy series', () => {
    const [summary, ...rest] = summarizeModelHealth([
      // out of order on purpose
      event('c', '2026-03-03T00:00:00.000Z', {
        dataDrift: { score: 0.25, threshold: 0.2, method: 'psi' },
        accuracy: { value: 0.9 },
      }),
      event('a', '2026-03-01T00:00:00.000Z', {
        modelVersion: '1',
        dataDrift: { score: 0.1, threshold: 0.2 },
        accuracy: { value: 0.95, metric: 'auc', sampleSize: 100 },
        latency: {
          buckets: [
            { le: 1, count: 1 },
            { le: '+Inf', count: 1 },
          ],
        },
      }),
      event('b', '2026-03-02T00:00:00.000Z', {
        modelVersion: '2',
        latency: {
          buckets: [
            { le: 0.05, count: 10 },
            { le: 0.1, count: 40 },
            { le: 0.25, count: 90 },
            { le: 0.5, count: 98 },
            { le: 1, count: 100 },
            { le: '+Inf', count: 100 },
          ],
        },
      }),
    ]);
    expect(rest).toEqual([]);
    expect(summary).toEqual({
      model: 'fraud-detector',
      modelVersion: '2',
      lastReportedAt: '2026-03-03T00:00:00.000Z',
      drift: {
        at: '2026-03-03T00:00:00.000Z',
        score: 0.25,
        threshold: 0.2,
        breached: true,
        method: 'psi',
        modelVersion: null,
        features: null,
      },
      accuracy: [
        {
          at: '2026-03-01T00:00:00.000Z',
          value: 0.95,
          metric: 'auc',
          sampleSize: 100,
          modelVersion: '1',
        },
        {
          at: '2026-03-03T00:00:00.000Z',
          value: 0.9,
          metric: null,
          sampleSize: null,
          modelVersion: null,
        },
      ],
      accuracyTruncated: false,
      latency: {
        at: '2026-03-02T00:00:00.000Z',
        p50: 0.13,
        p95: 0.40625,
        p99: 0.75,
        count: 100,
        modelVersion: '2',
      },
    });
  });

  it('does not guess a breach without a threshold', () => {
    const [summary] = summarizeModelHealth([
      event('a', '2026-03-01T00:00:00.000Z', { dataDrift: { score: 9 } }),
    ]);
    expect(summary.drift).toMatchObject({ threshold: null, breached: null });
    expect(summary.latency).toBeNull();
    expect(summary.accuracy).toEqual([]);
  });

  it('separates models and bounds the accuracy series to the newest samples', () => {
    const events = Array.from({ length: 5 }, (_, i) =>
      event(`s${i}`, `2026-03-0${i + 1}T00:00:00.000Z`, {
        accuracy: { value: i / 10 },
      }),
    );
    events.push(
      event('other', '2026-03-01T00:00:00.000Z', {
        model: 'churn',
        accuracy: { value: 0.5 },
      }),
    );
    const summaries = summarizeModelHealth(events, { maxAccuracySamples: 3 });
    expect(summaries.map(s => s.model)).toEqual(['churn', 'fraud-detector']);
    expect(summaries[1].accuracy.map(a => a.value)).toEqual([0.2, 0.3, 0.4]);
    expect(summaries[1].accuracyTruncated).toBe(true);
    expect(summaries[0].accuracyTruncated).toBe(false);
  });
});
