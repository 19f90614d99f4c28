import { compareMetric } from './compare';

describe('compareMetric', () => {
  it('is undefined when either value has no data', () => {
    expect(compareMetric(null, 1, 'higher', 'decimal')).toBeUndefined();
    expect(compareMetric(1, null, 'higher', 'decimal')).toBeUndefined();
    expect(compareMetric(1, undefined, 'higher', 'decimal')).toBeUndefined();
    expect(compareMetric(Number.NaN, 1, 'lower', 'ratio')).toBeUndefined();
  });

  it.each([
    // current, previous, better, kind, text, improved
    [3.5, 3, 'higher', 'decimal', '▲ 0.5', true],
    [3, 3.5, 'higher', 'decimal', '▼ 0.5', false],
    [93_600, 100_800, 'lower', 'duration', '▼ 2h', true],
    [100_800, 93_600, 'lower', 'duration', '▲ 2h', false],
    [0.0667, 0.05, 'lower', 'ratio', '▲ 1.7 pp', false],
    [0.05, 0.1, 'lower', 'ratio', '▼ 5 pp', true],
  ] as const)(
    '%p vs %p (%s is better, %s) is %p',
    (current, previous, better, kind, text, improved) => {
      const change = compareMetric(current, previous, better, kind);
      expect(change?.text).toBe(text);
      expect(change?.improved).toBe(improved);
    },
  );

  it('calls differences below the display precision unchanged', () => {
    expect(compareMetric(0.125, 0.125, 'lower', 'ratio')).toMatchObject({
      direction: 'same',
      improved: null,
      text: '±0',
      description: 'Unchanged since last week',
    });
    expect(compareMetric(3.52, 3.5, 'higher', 'decimal')?.text).toBe('±0');
    expect(compareMetric(0.1001, 0.1, 'lower', 'ratio')?.text).toBe('±0');
    expect(compareMetric(3_600.2, 3_600, 'lower', 'duration')?.text).toBe('±0');
  });

  it('describes the change in words, against what is given', () => {
    expect(compareMetric(3.5, 3, 'higher', 'decimal')?.description).toBe(
      'Up 0.5 since last week (better)',
    );
    expect(
      compareMetric(-172_800, 0, 'lower', 'duration', 'on the golden path')
        ?.description,
    ).toBe('Down 2d on the golden path (better)');
  });
});
