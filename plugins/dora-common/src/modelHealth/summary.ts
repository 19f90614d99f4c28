import type { ModelHealthEvent } from '../events/schema';
import { histogramQuantile } from './quantile';

/** Most accuracy samples a model's series carries (the newest are kept). @public */
export const MAX_ACCURACY_SAMPLES = 500;

/** The model-health window of `GET /model-health`: 1 to 90 days, 30 by default. @public */
export const MODEL_HEALTH_DEFAULT_DAYS = 30;
/** @public */
export const MODEL_HEALTH_MAX_DAYS = 90;

/**
 * The latest data-drift measurement of a model.
 *
 * @public
 */
export interface ModelDriftSummary {
  at: string;
  score: number;
  /** The threshold the producer sent; `null` when it sent none. */
  threshold: number | null;
  /** `score > threshold`; `null` without a threshold (never guessed). */
  breached: boolean | null;
  method: string | null;
  modelVersion: string | null;
  /** Per-feature drift scores, when sent. */
  features: Record<string, number> | null;
}

/**
 * One accuracy sample.
 *
 * @public
 */
export interface ModelAccuracySample {
  at: string;
  value: number;
  /** What the value measures, as sent (`auc`, `f1`…); `null` when not sent. */
  metric: string | null;
  sampleSize: number | null;
  modelVersion: string | null;
}

/**
 * Latency quantiles estimated from the latest histogram, in the histogram's
 * unit (seconds by convention).
 *
 * @public
 */
export interface ModelLatencySummary {
  at: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Observations in the histogram. */
  count: number;
  modelVersion: string | null;
}

/**
 * The health of one model served by an entity.
 *
 * @public
 */
export interface ModelHealthSummary {
  model: string;
  /** The modelVersion of the newest event that names one. */
  modelVersion: string | null;
  /** When the newest event of the model was measured. */
  lastReportedAt: string;
  drift: ModelDriftSummary | null;
  /** Accuracy samples, oldest first, at most {@link MAX_ACCURACY_SAMPLES}. */
  accuracy: ModelAccuracySample[];
  /** Whether older accuracy samples of the window were left out. */
  accuracyTruncated: boolean;
  latency: ModelLatencySummary | null;
}

/**
 * The answer of `GET /api/dora/model-health?entity=…&days=…`.
 *
 * @public
 */
export interface ModelHealthResponse {
  entityRef: string;
  window: { days: number; from: string; to: string };
  /** One entry per model, by name. */
  models: ModelHealthSummary[];
}

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const round = (v: number | undefined) =>
  v === undefined ? null : Math.round(v * 1e6) / 1e6;

/**
 * Summarises the `model_health` events of one entity per model: the latest
 * drift (with whether it breaches its threshold), the accuracy series, the
 * p50/p95/p99 latency of the latest histogram and the latest model version.
 * Events may come in any order; ties on the timestamp are broken by id.
 *
 * @public
 */
export function summarizeModelHealth(
  events: readonly ModelHealthEvent[],
  options: { maxAccuracySamples?: number } = {},
): ModelHealthSummary[] {
  const max = options.maxAccuracySamples ?? MAX_ACCURACY_SAMPLES;
  const sorted = [...events].sort(
    (a, b) =>
      Date.parse(a.timestamp) - Date.parse(b.timestamp) ||
      compareIds(a.id, b.id),
  );
  const byModel = new Map<string, ModelHealthEvent[]>();
  for (const event of sorted) {
    const list = byModel.get(event.model) ?? [];
    list.push(event);
    byModel.set(event.model, list);
  }
  return [...byModel.keys()].sort().map(model => {
    const list = byModel.get(model)!;
    let modelVersion: string | null = null;
    let drift: ModelDriftSummary | null = null;
    let latency: ModelLatencySummary | null = null;
    const accuracy: ModelAccuracySample[] = [];
    for (const e of list) {
      const version = e.modelVersion ?? null;
      if (version) modelVersion = version;
      if (e.dataDrift) {
        const threshold = e.dataDrift.threshold ?? null;
        drift = {
          at: e.timestamp,
          score: e.dataDrift.score,
          threshold,
          breached: threshold === null ? null : e.dataDrift.score > threshold,
          method: e.dataDrift.method ?? null,
          modelVersion: version,
          features: e.dataDrift.features ?? null,
        };
      }
      if (e.accuracy) {
        accuracy.push({
          at: e.timestamp,
          value: e.accuracy.value,
          metric: e.accuracy.metric ?? null,
          sampleSize: e.accuracy.sampleSize ?? null,
          modelVersion: version,
        });
      }
      if (e.latency) {
        const buckets = e.latency.buckets;
        latency = {
          at: e.timestamp,
          p50: round(histogramQuantile(0.5, buckets)),
          p95: round(histogramQuantile(0.95, buckets)),
          p99: round(histogramQuantile(0.99, buckets)),
          count: buckets[buckets.length - 1]?.count ?? 0,
          modelVersion: version,
        };
      }
    }
    const truncated = accuracy.length > max;
    return {
      model,
      modelVersion,
      lastReportedAt: list[list.length - 1].timestamp,
      drift,
      accuracy: truncated ? accuracy.slice(accuracy.length - max) : accuracy,
      accuracyTruncated: truncated,
      latency,
    };
  });
}
