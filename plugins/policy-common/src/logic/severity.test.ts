import {
  formatSeverityCounts,
  parseSeverityCounts,
  severityRank,
} from './severity';

describe('severityRank', () => {
  it.each([
    ['critical', 0],
    ['high', 1],
    ['medium', 2],
    ['low', 3],
    ['info', 4],
    [undefined, 5],
  ] as const)('%s → %d', (severity, rank) => {
    expect(severityRank(severity)).toBe(rank);
  });

  it('sorts worst first', () => {
    const list = [
      'low',
      undefined,
      'critical',
      'info',
      'high',
      'medium',
    ] as const;
    expect([...list].sort((a, b) => severityRank(a) - severityRank(b))).toEqual(
      ['critical', 'high', 'medium', 'low', 'info', undefined],
    );
  });
});

const counts = { critical: 0, high: 2, medium: 1, low: 0, info: 0, unknown: 0 };

describe('formatSeverityCounts / parseSeverityCounts', () => {
  it('writes every key in order', () => {
    expect(formatSeverityCounts(counts)).toBe(
      'critical:0,high:2,medium:1,low:0,info:0,unknown:0',
    );
    expect(formatSeverityCounts({ ...counts, unknown: 7, critical: 12 })).toBe(
      'critical:12,high:2,medium:1,low:0,info:0,unknown:7',
    );
  });

  it.each([-1, 1.5, NaN, undefined])('refuses to write a count of %s', n => {
    expect(() => formatSeverityCounts({ ...counts, low: n as number })).toThrow(
      `severity count low must be a non-negative integer, got ${n}`,
    );
  });

  it('reads back what it writes', () => {
    expect(parseSeverityCounts(formatSeverityCounts(counts))).toEqual(counts);
  });

  it.each([
    ['critical:0,high:2,medium:1,low:0,info:0,unknown:0', counts],
    ['unknown:0, info:0, low:0, medium:1, high:2, critical:0', counts],
    [' critical : 0 ,high:2,medium:1,low:0,info:0,unknown:0 ', counts],
    ['critical:0,high:2,medium:1,low:0,info:0', undefined], // unknown missing: not zero
    ['critical:0,high:2,medium:1,low:0,info:0,unknown:0,high:3', undefined],
    ['critical:0,high:2,medium:1,low:0,info:0,unknown:0,severe:1', undefined],
    ['critical:0,high:-2,medium:1,low:0,info:0,unknown:0', undefined],
    ['critical:0,high:2.5,medium:1,low:0,info:0,unknown:0', undefined],
    ['critical:0,high:x,medium:1,low:0,info:0,unknown:0', undefined],
    ['Critical:0,high:2,medium:1,low:0,info:0,unknown:0', undefined],
    ['', undefined],
    ['pass', undefined],
  ])('%j → %j', (text, expected) => {
    expect(parseSeverityCounts(text)).toEqual(expected);
  });
});
