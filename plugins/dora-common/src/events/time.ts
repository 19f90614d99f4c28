const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses an ISO 8601 date-time that carries an offset (`Z` or `±hh:mm`) into
 * epoch milliseconds. Returns `undefined` for anything else: date-only values
 * and local times without an offset are ambiguous, so they are refused rather
 * than guessed. Fractions beyond milliseconds are truncated.
 *
 * @public
 */
export function parseInstant(value: string): number | undefined {
  const m = ISO_DATE_TIME.exec(value);
  if (!m) {
    return undefined;
  }
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > DAYS_IN_MONTH[month - 1] ||
    (month === 2 && day === 29 && !isLeap) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  const millis = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  let offsetMinutes = 0;
  if (offset !== 'Z' && offset !== 'z') {
    const sign = offset[0] === '-' ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) {
      return undefined;
    }
    offsetMinutes = sign * (oh * 60 + om);
  }
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear does not.
  const utc = new Date(
    Date.UTC(2000, month - 1, day, hour, minute, second, millis),
  );
  utc.setUTCFullYear(year, month - 1, day);
  return utc.getTime() - offsetMinutes * 60_000;
}

/**
 * Formats epoch milliseconds as a canonical UTC ISO 8601 string.
 *
 * @public
 */
export function formatInstant(epochMillis: number): string {
  return new Date(epochMillis).toISOString();
}
