import { formatInstant, parseInstant } from '@goldpath/plugin-dora-common';
import { MalformedPayloadError } from '../types';

/**
 * GitLab's older webhook style: `2013-12-03 17:23:34 UTC` or
 * `2021-04-28 21:50:00 +0200` (space before the zone).
 */
const SPACED =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?) ?(UTC|GMT|Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Epoch milliseconds of a date-time string with an offset, or undefined. */
export function parseTimestamp(value: string): number | undefined {
  const trimmed = value.trim();
  const direct = parseInstant(trimmed);
  if (direct !== undefined) return direct;
  const m = SPACED.exec(trimmed);
  if (!m) return undefined;
  const zone = /^(utc|gmt|z)$/i.test(m[3]) ? 'Z' : m[3];
  return parseInstant(`${m[1]}T${m[2]}${zone}`);
}

/** Units of epoch numbers. */
export type EpochUnit = 'seconds' | 'milliseconds';

/**
 * A timestamp as a canonical UTC ISO string: from an ISO/GitLab-style
 * string, or from an epoch number in the given unit. Undefined if absent or
 * unreadable.
 */
export function isoTime(
  value: unknown,
  epochUnit: EpochUnit = 'milliseconds',
): string | undefined {
  if (typeof value === 'string') {
    const millis = parseTimestamp(value);
    return millis === undefined ? undefined : formatInstant(millis);
  }
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    const millis = epochUnit === 'seconds' ? value * 1000 : value;
    const date = new Date(millis);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  return undefined;
}

/** Like {@link isoTime} but throws a {@link MalformedPayloadError}. */
export function needTime(
  value: unknown,
  path: string,
  what: string,
  epochUnit: EpochUnit = 'milliseconds',
): string {
  const iso = isoTime(value, epochUnit);
  if (iso === undefined) {
    throw new MalformedPayloadError(
      value === undefined || value === null
        ? `${what} without ${path}`
        : `${what}: ${path} is not a date-time (${JSON.stringify(value)})`,
    );
  }
  return iso;
}

/** The receipt time of a delivery as a canonical ISO string. */
export function receiptTime(receivedAt: number): string {
  return formatInstant(receivedAt);
}
