/** Milliseconds in one UTC day. @public */
export const DAY_MS = 86_400_000;
/** Milliseconds in one week. @public */
export const WEEK_MS = 7 * DAY_MS;

/** Start (00:00 UTC) of the UTC day containing the instant. @public */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Start (Monday 00:00 UTC) of the ISO week containing the instant. @public */
export function startOfIsoWeek(ms: number): number {
  const day = startOfUtcDay(ms);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - weekday * DAY_MS;
}

/** Start (the 1st, 00:00 UTC) of the calendar month containing the instant. @public */
export function startOfUtcMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the calendar month after the one starting at `monthStart`. @public */
export function nextUtcMonth(monthStart: number): number {
  const d = new Date(monthStart);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** ISO 8601 week label, e.g. `2024-W01`, of the week starting at `weekStart`. @public */
export function isoWeekLabel(weekStart: number): string {
  // The ISO year is the year of the week's Thursday.
  const thursday = new Date(weekStart + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = startOfIsoWeek(Date.UTC(year, 0, 4)) + 3 * DAY_MS;
  const week = Math.round((thursday.getTime() - firstThursday) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Month label, e.g. `2024-05`. @public */
export function monthLabel(monthStart: number): string {
  const d = new Date(monthStart);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(
    2,
    '0',
  )}`;
}

/** A half-open time range `[from, to)` in epoch milliseconds. @public */
export interface TimeRange {
  from: number;
  to: number;
}

/** The ISO weeks that overlap a range, in order. @public */
export function isoWeeksOverlapping(range: TimeRange): TimeRange[] {
  const out: TimeRange[] = [];
  for (let w = startOfIsoWeek(range.from); w < range.to; w += WEEK_MS) {
    out.push({ from: w, to: w + WEEK_MS });
  }
  return out;
}

/** The calendar months that overlap a range, in order. @public */
export function monthsOverlapping(range: TimeRange): TimeRange[] {
  const out: TimeRange[] = [];
  for (let m = startOfUtcMonth(range.from); m < range.to; m = nextUtcMonth(m)) {
    out.push({ from: m, to: nextUtcMonth(m) });
  }
  return out;
}

/** Of the given buckets, those lying wholly inside the range. @public */
export function bucketsWithin(
  buckets: TimeRange[],
  range: TimeRange,
): TimeRange[] {
  return buckets.filter(b => b.from >= range.from && b.to <= range.to);
}
