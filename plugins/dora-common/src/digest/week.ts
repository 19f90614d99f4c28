import {
  DAY_MS,
  WEEK_MS,
  isoWeekLabel,
  startOfIsoWeek,
} from '../engine/calendar';

/** The days a digest week may start on. @public */
export const DIGEST_WEEK_DAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/** A day a digest week starts on (UTC). @public */
export type DigestWeekDay = (typeof DIGEST_WEEK_DAYS)[number];

/**
 * The week a digest reports: `[from, to)` in epoch milliseconds (UTC), the
 * week before it (`previousFrom` to `from`), and its label.
 *
 * @public
 */
export interface DigestWeek {
  from: number;
  to: number;
  previousFrom: number;
  /**
   * ISO 8601 week label (`2026-W48`) of the week's Thursday: the ISO week
   * itself when weeks start on Monday, and one distinct label per week for
   * any other first day (every seven-day span holds exactly one Thursday).
   */
  label: string;
}

/** Start (00:00 UTC) of the week starting on `weekStartsOn` that contains `ms`. @public */
export function startOfDigestWeek(
  ms: number,
  weekStartsOn: DigestWeekDay = 'monday',
): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const first = DIGEST_WEEK_DAYS.indexOf(weekStartsOn);
  const offset = (new Date(day).getUTCDay() - first + 7) % 7;
  return day - offset * DAY_MS;
}

/**
 * The week a digest sent at `now` reports: the last full week before the
 * one `now` falls in. Every run of that week reports the same week, so a
 * re-run sends the same figures under the same label.
 *
 * @public
 */
export function digestWeek(
  now: number,
  weekStartsOn: DigestWeekDay = 'monday',
): DigestWeek {
  const to = startOfDigestWeek(now, weekStartsOn);
  const from = to - WEEK_MS;
  const thursday = from + ((4 - new Date(from).getUTCDay() + 7) % 7) * DAY_MS;
  return {
    from,
    to,
    previousFrom: from - WEEK_MS,
    label: isoWeekLabel(startOfIsoWeek(thursday)),
  };
}
