/**
 * Whether `timeZone` is an IANA time zone name the runtime knows (`UTC`,
 * `Europe/Berlin`, `America/Los_Angeles`…).
 *
 * @public
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    // eslint-disable-next-line no-new
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The calendar month (`2024-05`) an instant falls in, in a time zone
 * (default UTC), through `Intl`.
 *
 * @public
 */
export function monthIn(epochMillis: number, timeZone = 'UTC'): string {
  let year = '';
  let month = '';
  for (const part of formatter(timeZone).formatToParts(epochMillis)) {
    if (part.type === 'year') year = part.value;
    if (part.type === 'month') month = part.value;
  }
  return `${year.padStart(4, '0')}-${month}`;
}
