import { backoffDelay, isRetryableDatabaseError, withRetry } from './retry';

const coded = (code: string) =>
  Object.assign(new Error(`failed with ${code}`), { code });

describe('isRetryableDatabaseError', () => {
  it('knows serialization failures, deadlocks and a busy SQLite', () => {
    expect(isRetryableDatabaseError(coded('40001'))).toBe(true);
    expect(isRetryableDatabaseError(coded('40P01'))).toBe(true);
    expect(isRetryableDatabaseError(coded('SQLITE_BUSY'))).toBe(true);
    expect(isRetryableDatabaseError(coded('SQLITE_BUSY_SNAPSHOT'))).toBe(true);
    expect(
      isRetryableDatabaseError(
        Object.assign(new Error('wrapped'), { cause: coded('40P01') }),
      ),
    ).toBe(true);
  });

  it('leaves every other error alone', () => {
    expect(isRetryableDatabaseError(coded('23505'))).toBe(false); // unique violation
    expect(isRetryableDatabaseError(coded('23502'))).toBe(false); // not null
    expect(isRetryableDatabaseError(coded('SQLITE_CONSTRAINT'))).toBe(false);
    expect(isRetryableDatabaseError(coded('ECONNREFUSED'))).toBe(false);
    expect(isRetryableDatabaseError(new Error('no code'))).toBe(false);
    expect(isRetryableDatabaseError(undefined)).toBe(false);
    expect(isRetryableDatabaseError('40001')).toBe(false);
    expect(isRetryableDatabaseError({ code: 40001 })).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('doubles its ceiling per attempt up to the maximum, scaled by the jitter', () => {
    const top = () => 0.999999;
    const options = { baseDelayMs: 10, maxDelayMs: 100, random: top };
    expect(
      [1, 2, 3, 4, 5, 6].map(attempt => backoffDelay(attempt, options)),
    ).toEqual([9, 19, 39, 79, 99, 99]);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(20);
  });
});

describe('withRetry', () => {
  function recorder() {
    const waits: number[] = [];
    return {
      waits,
      sleep: async (ms: number) => {
        waits.push(ms);
      },
    };
  }

  it('returns the first success without waiting', async () => {
    const { waits, sleep } = recorder();
    await expect(withRetry(async () => 'ok', { sleep })).resolves.toBe('ok');
    expect(waits).toEqual([]);
  });

  it('runs again after a deadlock or a serialization failure, with backoff', async () => {
    const { waits, sleep } = recorder();
    const failures = [coded('40P01'), coded('40001')];
    const seen: number[] = [];
    const result = await withRetry(
      async attempt => {
        seen.push(attempt);
        const failure = failures.shift();
        if (failure) throw failure;
        return attempt;
      },
      { sleep, random: () => 0.5, baseDelayMs: 10 },
    );
    expect(result).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toEqual([5, 10]);
  });

  it('gives up after the bound and throws the last error as it is', async () => {
    const { waits, sleep } = recorder();
    let calls = 0;
    const last = coded('SQLITE_BUSY');
    await expect(
      withRetry(
        async () => {
          calls++;
          throw calls === 3 ? last : coded('40P01');
        },
        { attempts: 3, sleep },
      ),
    ).rejects.toBe(last);
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('throws any other error at once', async () => {
    const { waits, sleep } = recorder();
    let calls = 0;
    const violation = coded('23502');
    await expect(
      withRetry(
        async () => {
          calls++;
          throw violation;
        },
        { sleep },
      ),
    ).rejects.toBe(violation);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('makes one attempt when told to make none', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw coded('40P01');
        },
        { attempts: 0, sleep: async () => {} },
      ),
    ).rejects.toHaveProperty('code', '40P01');
    expect(calls).toBe(1);
  });
});
