import {
  isoWeekLabel,
  isoWeeksOverlapping,
  monthsOverlapping,
  startOfIsoWeek,
} from './calendar';

const utc = (s: string) => Date.parse(s);

describe('calendar', () => {
  it.each([
    ['2024-01-01T00:00:00Z', '2024-W01'], // a Monday
    ['2021-01-03T12:00:00Z', '2020-W53'], // Sunday belongs to the previous ISO year
    ['2026-12-31T23:59:59Z', '2026-W53'],
    ['2027-01-04T00:00:00Z', '2027-W01'],
  ])('%s is in ISO week %s', (instant, label) => {
    expect(isoWeekLabel(startOfIsoWeek(utc(instant)))).toBe(label);
  });

  it('starts weeks on Monday 00:00 UTC', () => {
    expect(
      new Date(startOfIsoWeek(utc('2024-05-05T23:00:00Z'))).toISOString(),
    ).toBe('2024-04-29T00:00:00.000Z');
  });

  it('lists the weeks and months overlapping a range', () => {
    const range = {
      from: utc('2024-01-31T00:00:00Z'),
      to: utc('2024-03-01T00:00:00Z'),
    };
    expect(monthsOverlapping(range)).toHaveLength(2);
    expect(isoWeeksOverlapping(range).map(w => isoWeekLabel(w.from))).toEqual([
      '2024-W05',
      '2024-W06',
      '2024-W07',
      '2024-W08',
      '2024-W09',
    ]);
  });
});
