import { validateDeliveryEvent } from '../events/validate';

const now = Date.parse('2026-03-01T12:00:00Z');

const base = {
  id: 'mh-1',
  type: 'model_health',
  timestamp: '2026-03-01T10:00:00Z',
  service: 'fraud-detector',
  model: 'fraud-detector',
};

function errors(input: unknown) {
  const result = validateDeliveryEvent(input, { now });
  if (result.ok) throw new Error('expected the event to be refused');
  return result.errors;
}

describe('model_health events', () => {
  it('accepts a full event and normalises the envelope', () => {
    const result = validateDeliveryEvent(
      {
        ...base,
        modelVersion: '3',
        windowStart: '2026-03-01T09:00:00+00:00',
        dataDrift: {
          score: 0.21,
          threshold: 0.2,
          method: 'psi',
          features: { amount: 0.3, country: 0.05 },
        },
        accuracy: { value: 0.93, metric: 'auc', sampleSize: 1200 },
        latency: {
          buckets: [
            { le: 0.05, count: 10 },
            { le: 0.1, count: 40 },
            { le: '+Inf', count: 42 },
          ],
          sum: 3.1,
          count: 42,
        },
      },
      { now },
    );
    expect(result).toEqual({
      ok: true,
      event: expect.objectContaining({
        type: 'model_health',
        service: 'component:default/fraud-detector',
        timestamp: '2026-03-01T10:00:00.000Z',
        windowStart: '2026-03-01T09:00:00.000Z',
        accuracy: { value: 0.93, metric: 'auc', sampleSize: 1200 },
      }),
    });
  });

  it('invents no accuracy metric', () => {
    const result = validateDeliveryEvent(
      { ...base, accuracy: { value: 0.9 } },
      { now },
    );
    expect(result.ok && result.event).toMatchObject({
      accuracy: { value: 0.9 },
    });
    expect(result.ok && (result.event as any).accuracy.metric).toBeUndefined();
  });

  it('needs at least one of dataDrift, accuracy or latency, as a field error', () => {
    expect(errors(base)).toEqual([
      {
        path: 'dataDrift',
        message:
          'a model_health event needs at least one of dataDrift, accuracy or latency',
      },
    ]);
  });

  it('needs a model and a service', () => {
    const { model, service, ...rest } = base;
    expect(errors({ ...rest, accuracy: { value: 0.5 } })).toEqual(
      expect.arrayContaining([
        { path: 'model', message: 'is required' },
        { path: 'service', message: 'is required' },
      ]),
    );
  });

  it('refuses out-of-range numbers with field paths', () => {
    expect(
      errors({
        ...base,
        dataDrift: { score: -1, threshold: -0.1 },
        accuracy: { value: 1.2, sampleSize: 1.5 },
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'dataDrift.score', message: 'must be >= 0' },
        { path: 'dataDrift.threshold', message: 'must be >= 0' },
        { path: 'accuracy.value', message: 'must be between 0 and 1' },
        { path: 'accuracy.sampleSize', message: 'must be a whole number' },
      ]),
    );
  });

  it('refuses buckets that are not ascending', () => {
    expect(
      errors({
        ...base,
        latency: {
          buckets: [
            { le: 0.1, count: 1 },
            { le: 0.05, count: 2 },
            { le: '+Inf', count: 2 },
          ],
        },
      }),
    ).toEqual([
      {
        path: 'latency.buckets[1].le',
        message:
          "must be greater than the previous bucket's le (0.1): buckets are in ascending order",
      },
    ]);
  });

  it('refuses buckets that are not cumulative', () => {
    expect(
      errors({
        ...base,
        latency: {
          buckets: [
            { le: 0.1, count: 5 },
            { le: 0.2, count: 3 },
            { le: '+Inf', count: 8 },
          ],
        },
      }),
    ).toEqual([
      {
        path: 'latency.buckets[1].count',
        message:
          "must be at least the previous bucket's count (5): bucket counts are cumulative",
      },
    ]);
  });

  it('needs +Inf as the last bucket, and only there', () => {
    expect(
      errors({
        ...base,
        latency: { buckets: [{ le: 0.1, count: 5 }] },
      }),
    ).toEqual([
      {
        path: 'latency.buckets[0].le',
        message:
          'the last bucket must be le "+Inf" (cumulative, Prometheus style)',
      },
    ]);
    expect(
      errors({
        ...base,
        latency: {
          buckets: [
            { le: '+Inf', count: 5 },
            { le: 1, count: 5 },
          ],
        },
      }).map(e => e.path),
    ).toEqual(['latency.buckets[0].le', 'latency.buckets[1].le']);
    expect(
      errors({
        ...base,
        latency: { buckets: [{ le: 'Inf', count: 5 }] },
      }),
    ).toEqual([
      { path: 'latency.buckets[0].le', message: 'must be a number or "+Inf"' },
    ]);
  });

  it('checks count against the +Inf bucket', () => {
    expect(
      errors({
        ...base,
        latency: {
          buckets: [
            { le: 0.1, count: 5 },
            { le: '+Inf', count: 8 },
          ],
          count: 9,
        },
      }),
    ).toEqual([
      {
        path: 'latency.count',
        message: 'must equal the "+Inf" bucket\'s count (8)',
      },
    ]);
  });

  it('refuses a window that starts after it ends, and unknown fields', () => {
    expect(
      errors({
        ...base,
        accuracy: { value: 0.5 },
        windowStart: '2026-03-01T11:00:00Z',
      }),
    ).toEqual([
      {
        path: 'windowStart',
        message: 'must not be after timestamp (the end of the window)',
      },
    ]);
    expect(errors({ ...base, accuracy: { value: 0.5, auc: 0.5 } })).toEqual([
      { path: 'accuracy.auc', message: 'is not a field of this event type' },
    ]);
  });
});
