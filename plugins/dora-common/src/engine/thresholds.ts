import { ThresholdOverrides } from './benchmarks';
import { parseDuration } from './durations';

/**
 * The entity annotation that overrides benchmark bands for one service, e.g.
 * `changeLeadTime.elite=4h, changeFailRate.high=20%`.
 *
 * @public
 */
export const THRESHOLDS_ANNOTATION = 'goldpath.dev/dora-thresholds';

const DURATION_METRICS = ['changeLeadTime', 'failedDeploymentRecoveryTime'];
const RATIO_METRICS = ['changeFailRate', 'deploymentReworkRate'];
const BANDS = ['elite', 'high', 'medium'];
const DF_KEYS = ['eliteDaysPerWeek', 'highDaysPerWeek', 'mediumDaysPerMonth'];

function parseRatio(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]) / (m[2] ? 100 : 1);
  return value >= 0 && value <= 1 ? value : undefined;
}

/**
 * Parses threshold overrides written as `metric.band=value` pairs separated
 * by commas or semicolons: durations (`4h`, `2d`) for lead time and recovery
 * time, ratios (`0.2` or `20%`) for change fail and rework rate, numbers for
 * `deploymentFrequency.eliteDaysPerWeek|highDaysPerWeek|mediumDaysPerMonth`.
 * Throws a `TypeError` naming the first bad pair.
 *
 * @public
 */
export function parseThresholdOverrides(text: string): ThresholdOverrides {
  const out: Record<string, Record<string, number>> = {};
  for (const part of text.split(/[,;]/)) {
    if (part.trim() === '') continue;
    const m = /^\s*([A-Za-z]+)\.([A-Za-z]+)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) {
      throw new TypeError(`"${part.trim()}" is not metric.band=value`);
    }
    const [, metric, band, raw] = m;
    let value: number | undefined;
    if (DURATION_METRICS.includes(metric) && BANDS.includes(band)) {
      const ms = parseDuration(raw);
      value = ms === undefined ? undefined : ms / 1000;
    } else if (RATIO_METRICS.includes(metric) && BANDS.includes(band)) {
      value = parseRatio(raw);
    } else if (metric === 'deploymentFrequency' && DF_KEYS.includes(band)) {
      value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
    } else {
      throw new TypeError(`"${metric}.${band}" is not a threshold`);
    }
    if (value === undefined) {
      throw new TypeError(
        `"${raw}" is not a valid value for ${metric}.${band}`,
      );
    }
    (out[metric] ??= {})[band] = value;
  }
  return out as ThresholdOverrides;
}
