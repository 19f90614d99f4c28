import { ModelHealthResponse } from '@goldpath/plugin-dora-common';

const day = (d: number) => new Date(Date.UTC(2026, 2, 1 + d)).toISOString();

/** fraud-detector's health: drift past its threshold, accuracy falling. */
export function modelHealthResponse(
  overrides: Partial<ModelHealthResponse['models'][number]> = {},
): ModelHealthResponse {
  return {
    entityRef: 'component:default/fraud-detector',
    window: { days: 30, from: day(-30), to: day(0) },
    models: [
      {
        model: 'fraud-detector',
        modelVersion: '7',
        lastReportedAt: day(4),
        drift: {
          at: day(4),
          score: 0.27,
          threshold: 0.2,
          breached: true,
          method: 'psi',
          modelVersion: '7',
          features: null,
        },
        accuracy: [0.95, 0.94, 0.93, 0.92, 0.91].map((value, i) => ({
          at: day(i),
          value,
          metric: 'auc',
          sampleSize: 2000,
          modelVersion: '7',
        })),
        accuracyTruncated: false,
        latency: {
          at: day(4),
          p50: 0.13,
          p95: 0.40625,
          p99: 1.25,
          count: 100,
          modelVersion: '7',
        },
        ...overrides,
      },
    ],
  };
}
