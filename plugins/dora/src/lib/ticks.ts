const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;

const DURATION_STEPS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  90 * DAY,
  180 * DAY,
  365 * DAY,
];

const RATIO_STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5];

function ticksOf(max: number, steps: readonly number[], count: number) {
  if (!Number.isFinite(max) || max <= 0) {
    return [0];
  }
  const step =
    steps.find(s => max / s <= count) ??
    Math.ceil(max / count / steps[steps.length - 1]) * steps[steps.length - 1];
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 1e6; t += step) {
    ticks.push(Number(t.toFixed(6)));
  }
  return ticks;
}

/**
 * Axis ticks for durations in seconds that read well once formatted: whole
 * minutes, hours or days (`0s, 6h, 12h, 18h, 1d`), at most `count` steps.
 */
export function durationTicks(max: number, count = 4): number[] {
  return ticksOf(max, DURATION_STEPS, count);
}

/** Axis ticks for ratios at round percentages (`0%, 10%, 20%`). */
export function ratioTicks(max: number, count = 4): number[] {
  return ticksOf(max, RATIO_STEPS, count);
}
