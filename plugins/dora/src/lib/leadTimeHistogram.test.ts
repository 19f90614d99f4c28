import { leadTimeHistogram, leadTimeSummary } from './leadTimeHistogram';

const HOUR = 3_600;
const DAY = 86_400;

describe('leadTimeHistogram', () => {
  it('counts lead times in human buckets, lower bounds included', () => {
    const buckets = leadTimeHistogram([
      0,
      HOUR - 1,
      HOUR,
      DAY - 1,
      DAY,
      7 * DAY - 1,
      7 * DAY,
      30 * DAY - 1,
      30 * DAY,
      400 * DAY,
    ]);
    expect(buckets.map(b => [b.label, b.count, b.share])).toEqual([
      ['<1h', 2, 0.2],
      ['1h–1d', 2, 0.2],
      ['1d–1w', 2, 0.2],
      ['1w–1mo', 2, 0.2],
      ['>1mo', 2, 0.2],
    ]);
  });

  it('has empty buckets without lead times', () => {
    expect(leadTimeHistogram([]).map(b => [b.key, b.count, b.share])).toEqual([
      ['under1h', 0, 0],
      ['1hTo1d', 0, 0],
      ['1dTo1w', 0, 0],
      ['1wTo1mo', 0, 0],
      ['over1mo', 0, 0],
    ]);
  });
});

describe('leadTimeSummary', () => {
  it('is the interpolated median and p90 of values in any order', () => {
    expect(leadTimeSummary([40, 10, 30, 20])).toEqual({
      median: 25,
      p90: 37,
    });
  });

  it('is null without values', () => {
    expect(leadTimeSummary([])).toEqual({ median: null, p90: null });
  });
});
