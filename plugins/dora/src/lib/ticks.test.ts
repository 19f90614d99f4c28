import { durationTicks, ratioTicks } from './ticks';

describe('durationTicks', () => {
  it.each([
    [0, [0]],
    [Number.NaN, [0]],
    [50, [0, 60]],
    [7_200, [0, 1_800, 3_600, 5_400, 7_200]],
    [120_000, [0, 43_200, 86_400, 129_600]],
    [3_000_000, [0, 1_209_600, 2_419_200, 3_628_800]],
  ])('ticks up to %p seconds at %p', (max, expected) => {
    expect(durationTicks(max)).toEqual(expected);
  });

  it('never needs more than the steps asked for', () => {
    for (const max of [1, 59, 3_601, 90_000, 700_000, 40_000_000]) {
      expect(durationTicks(max).length).toBeLessThanOrEqual(5);
      expect(durationTicks(max).at(-1)).toBeGreaterThanOrEqual(max);
    }
  });
});

describe('ratioTicks', () => {
  it.each([
    [0, [0]],
    [0.34, [0, 0.1, 0.2, 0.3, 0.4]],
    [0.04, [0, 0.01, 0.02, 0.03, 0.04]],
    [1, [0, 0.25, 0.5, 0.75, 1]],
  ])('ticks up to %p at %p', (max, expected) => {
    expect(ratioTicks(max)).toEqual(expected);
  });
});
