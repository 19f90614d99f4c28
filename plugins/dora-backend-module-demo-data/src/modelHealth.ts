import { LoggerService } from '@backstage/backend-plugin-api';
import { DAY_MS, DeliveryEventInput } from '@goldpath/plugin-dora-common';
import { DoraEventSource } from '@goldpath/plugin-dora-node';
import { hash } from './random';

/** The demo's served model: `goldpath.dev/model: fraud-detector` in examples/entities.yaml. */
export const DEMO_MODEL_SERVICE = 'component:default/fraud-detector';
export const DEMO_MODEL = 'fraud-detector';
/** The PSI threshold the demo's monitoring job alerts on. */
export const DEMO_DRIFT_THRESHOLD = 0.2;

/** Upper bounds of the demo's latency histogram, in seconds. */
const BOUNDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** A stable noise source per day, in [-0.5, 0.5). */
const noise = (text: string) => hash(text) / 4294967296 - 0.5;

const round = (v: number, digits = 4) =>
  Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Daily model-health samples of the demo's fraud detector over `days` days
 * ending at the UTC day of `asOf`: data drift (PSI) creeping up and passing
 * its 0.2 threshold in the last days, accuracy (AUC) slowly falling, and a
 * latency histogram of the day's requests. Deterministic, with ids keyed by
 * the day, so a restart stores nothing twice.
 */
export function generateModelHealthEvents(options: {
  asOf: number;
  days?: number;
}): DeliveryEventInput[] {
  const days = options.days ?? 30;
  const today = Math.floor(options.asOf / DAY_MS) * DAY_MS;
  const events: DeliveryEventInput[] = [];
  for (let ago = days - 1; ago >= 0; ago--) {
    const at = today - ago * DAY_MS;
    const date = new Date(at).toISOString().slice(0, 10);
    // 0 on the first day, 1 on the last
    const progress = days === 1 ? 1 : (days - 1 - ago) / (days - 1);
    const jitter = noise(date);
    // Slow drift, accelerating at the end: ~0.05 → ~0.27, past 0.2 in the last days.
    const drift = 0.05 + 0.22 * progress ** 3 + 0.01 * jitter;
    const accuracy = 0.95 - 0.04 * progress + 0.004 * jitter;
    const requests = 40_000 + Math.round(4_000 * jitter);
    // Latency shifts slightly upwards as the feature mix drifts.
    const shares = [0.2, 0.5, 0.8, 0.95, 0.99, 0.998].map((share, i) =>
      Math.min(1, Math.max(0, share - progress * 0.03 * (i < 3 ? 1 : 0.3))),
    );
    const buckets: Array<{ le: number | '+Inf'; count: number }> = [];
    let previous = 0;
    BOUNDS.forEach((le, i) => {
      previous = Math.max(previous, Math.round(requests * shares[i]));
      buckets.push({ le, count: previous });
    });
    buckets.push({ le: '+Inf', count: requests });
    events.push({
      id: `demo:${DEMO_MODEL}:model-health:${date}`,
      type: 'model_health',
      service: DEMO_MODEL_SERVICE,
      timestamp: new Date(at).toISOString(),
      windowStart: new Date(at - DAY_MS).toISOString(),
      source: 'demo',
      model: DEMO_MODEL,
      modelVersion: '7',
      dataDrift: {
        score: round(drift),
        threshold: DEMO_DRIFT_THRESHOLD,
        method: 'psi',
        features: {
          amount: round(drift * 1.4),
          merchant_country: round(drift * 0.8),
          hour_of_day: round(drift * 0.3),
        },
      },
      accuracy: { value: round(accuracy), metric: 'auc', sampleSize: 2_000 },
      latency: {
        buckets,
        sum: round(requests * (0.07 + 0.02 * progress), 2),
        count: requests,
      },
    });
  }
  return events;
}

/** The event source that loads {@link generateModelHealthEvents} (30 days). */
export function modelHealthDemoSource(logger: LoggerService): DoraEventSource {
  return {
    id: 'demo-data-model-health',
    async connect(sink) {
      const result = await sink.ingest(
        generateModelHealthEvents({ asOf: Date.now(), days: 30 }),
        { source: 'demo' },
      );
      logger.info(
        `Loaded demo model health: ${result.accepted} new events, ${result.duplicates} already stored, ${result.rejected.length} rejected`,
      );
      if (result.rejected.length > 0) {
        logger.warn(
          `Demo model-health events rejected: ${JSON.stringify(
            result.rejected.slice(0, 3),
          )}`,
        );
      }
    },
  };
}
