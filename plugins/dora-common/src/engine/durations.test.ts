import { parseDuration, parseWindowDays } from './durations';

describe('durations', () => {
  it.each([
    ['90d', 90 * 86_400_000],
    ['12w', 84 * 86_400_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('refuses what it does not know', () => {
    expect(parseDuration('90 days')).toBeUndefined();
    expect(parseDuration('-1d')).toBeUndefined();
  });

  it('reads windows as whole days', () => {
    expect(parseWindowDays('12w')).toBe(84);
    expect(parseWindowDays('36h')).toBeUndefined();
    expect(parseWindowDays('0d')).toBeUndefined();
  });
});
