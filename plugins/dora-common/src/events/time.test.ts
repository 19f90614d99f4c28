import { formatInstant, parseInstant } from './time';

describe('parseInstant', () => {
  it('reads an offset and normalises to UTC', () => {
    expect(parseInstant('2024-05-01T14:00:00+02:00')).toBe(
      Date.parse('2024-05-01T12:00:00Z'),
    );
  });

  it('keeps years below 100 as written (Date.UTC would make 0099 into 1999)', () => {
    const millis = parseInstant('0099-12-31T23:59:59.999Z')!;
    expect(formatInstant(millis)).toBe('0099-12-31T23:59:59.999Z');
    expect(millis).toBeLessThan(0);
  });

  it('refuses values without an offset and impossible dates', () => {
    expect(parseInstant('2024-05-01T12:00:00')).toBeUndefined();
    expect(parseInstant('2023-02-29T00:00:00Z')).toBeUndefined();
  });
});
