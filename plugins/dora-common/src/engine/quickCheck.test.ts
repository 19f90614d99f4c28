import {
  deploymentFrequencyAnswer,
  durationAnswer,
  scoreFromAnswer,
  scoreFromRatio,
} from './quickCheck';

describe('DORA Quick Check scoring', () => {
  it.each([
    [1, 0],
    [6, 10],
    [3.5, 5],
  ])('answer %s scores %s', (answer, score) => {
    expect(scoreFromAnswer(answer)).toBe(score);
  });

  it.each([
    [0, 10],
    [0.5, 5],
    [1, 0],
  ])('ratio %s scores %s', (ratio, score) => {
    expect(scoreFromRatio(ratio)).toBe(score);
  });

  const H = 3600;
  it.each([
    [0, 6],
    [H - 1, 6],
    [H, 5],
    [24 * H - 1, 5],
    [24 * H, 4],
    [7 * 24 * H, 3],
    [30 * 24 * H, 2],
    [182 * 24 * H - 1, 2],
    [182 * 24 * H, 1],
  ])('a duration of %s seconds answers %s', (seconds, answer) => {
    expect(durationAnswer(seconds)).toBe(answer);
  });

  it.each([
    ['elite', true, true, 6],
    ['elite', false, true, 5],
    ['high', false, true, 4],
    ['medium', false, true, 3],
    ['low', false, true, 2],
    ['low', false, false, 1],
  ] as const)(
    'deployment frequency %s (on demand %s, deployed in six months %s) answers %s',
    (level, onDemand, deployedInLastSixMonths, answer) => {
      expect(
        deploymentFrequencyAnswer({ level, onDemand, deployedInLastSixMonths }),
      ).toBe(answer);
    },
  );
});
