const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * Parses a compact duration such as `90d`, `12w`, `36h`, `15m`, `30s` or
 * `250ms` into milliseconds; `undefined` for anything else.
 *
 * @public
 */
export function parseDuration(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(value);
  if (!m) {
    return undefined;
  }
  return Number(m[1]) * UNITS[m[2]];
}

/**
 * Parses a window length (`90d`, `12w`) into whole days; `undefined` for
 * anything else, including windows that are not whole days.
 *
 * @public
 */
export function parseWindowDays(value: string): number | undefined {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0 || ms % UNITS.d !== 0) {
    return undefined;
  }
  return ms / UNITS.d;
}
