import type { PolicyResult } from '../types';
import { countResults, deriveStatus, emptyCounts, isViolation } from './counts';

const r = (
  status: PolicyResult['status'],
  over: Partial<PolicyResult> = {},
): PolicyResult => ({
  policy: 'p',
  status,
  ...over,
});
const waived = { kind: 'waiver' as const, reason: 'r' };

describe('emptyCounts', () => {
  it('is all zero, and a fresh object each time', () => {
    const a = emptyCounts();
    expect(a).toEqual({
      pass: 0,
      fail: 0,
      warn: 0,
      error: 0,
      skip: 0,
      excepted: 0,
      violationsBySeverity: {
        critical: 0,
        high: 0,
        medium: 0,
        low: 0,
        info: 0,
        unknown: 0,
      },
    });
    a.violationsBySeverity.high = 3;
    expect(emptyCounts().violationsBySeverity.high).toBe(0);
  });
});

describe('isViolation', () => {
  it.each([
    ['fail', undefined, true],
    ['warn', undefined, true],
    ['error', undefined, true],
    ['pass', undefined, false],
    ['skip', undefined, false],
    ['fail', waived, false],
    ['warn', { kind: 'suppression' }, false],
    ['skip', { kind: 'policy-exception' }, false],
  ] as const)('%s with exception %j → %s', (status, exception, expected) => {
    expect(isViolation({ status, exception })).toBe(expected);
  });
});

describe('countResults', () => {
  it.each<[string, PolicyResult[], Partial<ReturnType<typeof emptyCounts>>]>([
    ['nothing', [], {}],
    [
      'one of each status',
      [r('pass'), r('fail'), r('warn'), r('error'), r('skip')],
      {
        pass: 1,
        fail: 1,
        warn: 1,
        error: 1,
        skip: 1,
        violationsBySeverity: {
          critical: 0,
          high: 0,
          medium: 0,
          low: 0,
          info: 0,
          unknown: 3,
        },
      },
    ],
    [
      'violations by severity',
      [
        r('fail', { severity: 'critical' }),
        r('warn', { severity: 'low' }),
        r('error', { severity: 'low' }),
        r('pass', { severity: 'high' }),
      ],
      {
        pass: 1,
        fail: 1,
        warn: 1,
        error: 1,
        violationsBySeverity: {
          critical: 1,
          high: 0,
          medium: 0,
          low: 2,
          info: 0,
          unknown: 0,
        },
      },
    ],
    [
      'excepted results count only as excepted',
      [
        r('fail', { exception: waived, severity: 'high' }),
        r('skip', { exception: { kind: 'policy-exception' } }),
        r('skip'),
      ],
      {
        skip: 1,
        excepted: 2,
      },
    ],
  ])('%s', (_, results, expected) => {
    expect(countResults(results)).toEqual({ ...emptyCounts(), ...expected });
  });
});

describe('deriveStatus', () => {
  it.each([
    [{}, 'pass'],
    [{ pass: 5, skip: 2, excepted: 3 }, 'pass'],
    [{ warn: 1 }, 'warn'],
    [{ warn: 1, pass: 9 }, 'warn'],
    [{ fail: 1, warn: 4 }, 'fail'],
    [{ error: 1 }, 'fail'],
  ] as const)('%j → %s', (counts, status) => {
    expect(deriveStatus({ ...emptyCounts(), ...counts })).toBe(status);
  });

  it('reads open results only: a waived failure does not fail', () => {
    expect(
      deriveStatus(countResults([r('fail', { exception: waived }), r('pass')])),
    ).toBe('pass');
  });
});
