import { digestWeek, startOfDigestWeek } from './week';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('digestWeek', () => {
  it('reports the last full ISO week before now', () => {
    // Tuesday 1 December 2026: this week started Monday 30 November.
    const week = digestWeek(at('2026-12-01T14:00:00Z'));
    expect(iso(week.to)).toBe('2026-11-30T00:00:00.000Z');
    expect(iso(week.from)).toBe('2026-11-23T00:00:00.000Z');
    expect(iso(week.previousFrom)).toBe('2026-11-16T00:00:00.000Z');
    // 1 January 2026 is a Thursday, so ISO week 1 starts Monday 29 December
    // 2025; 23 November is 329 days = 47 weeks later: week 48.
    expect(week.label).toBe('2026-W48');
  });

  it('gives every run of a week the same week, and the next week the next one', () => {
    const monday = digestWeek(at('2026-11-30T00:00:00Z'));
    const sunday = digestWeek(at('2026-12-06T23:59:59.999Z'));
    expect(sunday).toEqual(monday);
    expect(digestWeek(at('2026-12-07T00:00:00Z')).label).toBe('2026-W49');
  });

  it('labels the last week of a 53-week ISO year', () => {
    // 2026 starts on a Thursday: it has 53 ISO weeks; the one of
    // Monday 28 December 2026 is 2026-W53 (2027-W01 starts 4 January).
    const week = digestWeek(at('2027-01-04T10:00:00Z'));
    expect(iso(week.from)).toBe('2026-12-28T00:00:00.000Z');
    expect(week.label).toBe('2026-W53');
  });

  it('starts weeks on another day and labels them by their Thursday', () => {
    // Sunday start: Tuesday 1 December is in the week of Sunday 29 November.
    expect(iso(startOfDigestWeek(at('2026-12-01T14:00:00Z'), 'sunday'))).toBe(
      '2026-11-29T00:00:00.000Z',
    );
    const week = digestWeek(at('2026-12-01T14:00:00Z'), 'sunday');
    expect(iso(week.from)).toBe('2026-11-22T00:00:00.000Z');
    expect(iso(week.to)).toBe('2026-11-29T00:00:00.000Z');
    // its Thursday is 26 November, in ISO week 48
    expect(week.label).toBe('2026-W48');
    // Friday start: 27 November to 3 December holds Thursday 3 December (W49)
    const friday = digestWeek(at('2026-12-04T00:00:00Z'), 'friday');
    expect(iso(friday.from)).toBe('2026-11-27T00:00:00.000Z');
    expect(friday.label).toBe('2026-W49');
  });
});
