import { mean, median, percentile } from './stats';

describe('percentiles', () => {
  it('interpolates like PERCENTILE_CONT', () => {
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([4, 1, 3])).toBe(3);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(percentile([7], 0.9)).toBe(7);
  });

  it('takes the lower rank in lower mode', () => {
    expect(median([1, 2, 3, 4], 'lower')).toBe(2);
    expect(percentile([10, 20, 30, 40, 50], 0.9, 'lower')).toBe(40);
  });

  it('is null for no values', () => {
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
  });
});
