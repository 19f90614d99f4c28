import { NO_DATA } from '../../lib/format';

/** A score (accuracy, drift) with up to three decimals: `0.931`, `0.2`. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return NO_DATA;
  }
  return String(Number(value.toFixed(3)));
}

/** A latency in seconds as `130 ms` under a second, `1.25 s` above. */
export function formatLatency(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return NO_DATA;
  }
  if (seconds < 1) {
    return `${Number((seconds * 1000).toPrecision(3))} ms`;
  }
  return `${Number(seconds.toPrecision(3))} s`;
}
