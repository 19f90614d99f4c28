import { emptyScorecard, fullScorecard } from '../__testUtils__/scorecards';
import {
  NO_DATA,
  formatCount,
  formatDecimal,
  formatDuration,
  formatPercent,
  formatPercentagePoints,
  formatShortRef,
  formatTemplate,
  formatTimestamp,
  formatWindow,
  isEmptyScorecard,
  levelColors,
  levelLabel,
} from './format';

describe('formatDuration', () => {
  it.each([
    [null, NO_DATA],
    [undefined, NO_DATA],
    [Number.NaN, NO_DATA],
    [0, '0s'],
    [0.4, '0s'],
    [45, '45s'],
    [59.6, '1m'],
    [60, '1m'],
    [90, '1m 30s'],
    [2_700, '45m'],
    [3_599.7, '1h'],
    [3_600, '1h'],
    [7_500, '2h 5m'],
    [10_800, '3h'],
    [86_340, '23h 59m'],
    [86_399, '1d'],
    [93_600, '1d 2h'],
    [172_800, '2d'],
    [3_456_000, '40d'],
    [-90, '-1m 30s'],
  ])('formats %p seconds as %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [null, NO_DATA],
    [undefined, NO_DATA],
    [0, '0%'],
    [0.0667, '6.7%'],
    [0.125, '12.5%'],
    [0.5, '50%'],
    [1, '100%'],
    [1 / 3, '33.3%'],
  ])('formats %p as %p', (ratio, expected) => {
    expect(formatPercent(ratio)).toBe(expected);
  });
});

describe('formatDecimal', () => {
  it.each([
    [null, NO_DATA],
    [0, '0.0'],
    [3.5, '3.5'],
    [8.61, '8.6'],
    [10, '10.0'],
  ])('formats %p as %p', (value, expected) => {
    expect(formatDecimal(value)).toBe(expected);
  });
});

describe('formatCount', () => {
  it.each([
    [0, 'change', undefined, '0 changes'],
    [1, 'change', undefined, '1 change'],
    [12, 'deployment', undefined, '12 deployments'],
    [2, 'failure', 'failures', '2 failures'],
  ])('formats %p %p', (count, singular, plural, expected) => {
    expect(formatCount(count, singular, plural)).toBe(expected);
  });
});

describe('formatWindow', () => {
  it.each([
    [1, 'Last day'],
    [30, 'Last 30 days'],
    [90, 'Last 90 days'],
  ])('formats %p days as %p', (days, expected) => {
    expect(formatWindow(days)).toBe(expected);
  });
});

describe('levels', () => {
  it.each([
    ['elite', 'Elite'],
    ['high', 'High'],
    ['medium', 'Medium'],
    ['low', 'Low'],
  ] as const)('labels %p as %p with its own colours', (level, label) => {
    expect(levelLabel(level)).toBe(label);
    expect(levelColors(level)).toEqual({
      background: expect.stringMatching(/^#[0-9a-f]{6}$/),
      color: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
  });

  it('gives every level a distinct background', () => {
    const backgrounds = (['elite', 'high', 'medium', 'low'] as const).map(
      l => levelColors(l).background,
    );
    expect(new Set(backgrounds).size).toBe(4);
  });
});

describe('isEmptyScorecard', () => {
  it('is true without deployments, changes or any score', () => {
    expect(isEmptyScorecard(emptyScorecard())).toBe(true);
  });

  it('is false with data', () => {
    expect(isEmptyScorecard(fullScorecard())).toBe(false);
  });

  it('is false when older deployments still give the window a score', () => {
    const quiet = emptyScorecard();
    quiet.deploymentFrequency.level = 'low';
    quiet.deploymentFrequency.score = 0;
    quiet.score = 0;
    expect(isEmptyScorecard(quiet)).toBe(false);
  });
});

describe('formatPercentagePoints', () => {
  it.each([
    [null, NO_DATA],
    [0, '0 pp'],
    [0.0167, '1.7 pp'],
    [-0.05, '-5 pp'],
  ])('formats %p as %p', (delta, expected) => {
    expect(formatPercentagePoints(delta)).toBe(expected);
  });
});

describe('formatTimestamp', () => {
  it.each([
    [null, NO_DATA],
    ['', NO_DATA],
    ['not a date', NO_DATA],
    ['2024-05-02T09:10:00.000Z', '2024-05-02 09:10 UTC'],
    ['2024-05-02T11:10:00+02:00', '2024-05-02 09:10 UTC'],
  ])('formats %p as %p', (iso, expected) => {
    expect(formatTimestamp(iso)).toBe(expected);
  });
});

describe('formatTemplate', () => {
  it.each([
    [{ ref: 'template:default/x' }, 'template:default/x'],
    [
      { ref: 'template:default/x', version: '1.4.0' },
      'template:default/x v1.4.0',
    ],
    [{ ref: 'template:default/x', version: 'v2' }, 'template:default/x v2'],
  ])('formats %p as %p', (template, expected) => {
    expect(formatTemplate(template)).toBe(expected);
  });
});

describe('formatShortRef', () => {
  it.each([
    ['component:default/checkout', 'checkout'],
    ['Component:default/checkout', 'checkout'],
    ['system:default/payments', 'system:payments'],
    ['component:team-a/checkout', 'component:team-a/checkout'],
    ['none', 'none'],
  ])('formats %p as %p', (ref, expected) => {
    expect(formatShortRef(ref)).toBe(expected);
  });
});
