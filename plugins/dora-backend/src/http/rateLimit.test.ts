import { RateLimiter } from './rateLimit';

describe('RateLimiter', () => {
  it('grants a burst, then one request per interval, per key', () => {
    let now = 0;
    const limiter = new RateLimiter({
      requestsPerMinute: 6,
      burst: 2,
      clock: () => now,
    });
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    // One token every 10 s.
    expect(limiter.take('a')).toBe(10);
    expect(limiter.take('b')).toBe(0);
    now = 4_000;
    expect(limiter.take('a')).toBe(6);
    now = 10_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(10);
    // Idle time refills up to the burst, never beyond.
    now = 1_000_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('forgets the longest-idle keys beyond its bound', () => {
    let now = 0;
    const limiter = new RateLimiter({
      requestsPerMinute: 1,
      burst: 1,
      clock: () => now,
      maxKeys: 2,
    });
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('b')).toBe(0);
    now = 1;
    expect(limiter.take('c')).toBe(0);
    // "a" was dropped, so it starts with a full bucket again; "c" was kept.
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('c')).toBeGreaterThan(0);
  });
});
