import {
  daysSince,
  formatOpenFor,
  formatResource,
  formatShortRef,
  formatSubject,
  formatTimestamp,
  isPast,
  NO_DATA,
  severityRank,
  totalViolations,
} from './format';

const NOW = Date.parse('2024-06-01T12:00:00Z');

describe('format', () => {
  it.each([
    ['2024-06-01T11:00:00Z', 'open today'],
    ['2024-05-31T12:00:00Z', 'open 1 day'],
    ['2024-05-20T11:59:00Z', 'open 12 days'],
    // A clock ahead of ours is not "open -1 days".
    ['2024-06-02T00:00:00Z', 'open today'],
    ['not a date', NO_DATA],
  ])('formatOpenFor(%s) is %s', (firstSeen, expected) => {
    expect(formatOpenFor(firstSeen, NOW)).toBe(expected);
  });

  it('daysSince counts whole days', () => {
    expect(daysSince('2024-05-30T12:00:01Z', NOW)).toBe(1);
    expect(daysSince('nope', NOW)).toBeUndefined();
  });

  it('formats instants in UTC, and a missing one as no data', () => {
    expect(formatTimestamp('2024-05-02T11:10:00+02:00')).toBe(
      '2024-05-02 09:10 UTC',
    );
    expect(formatTimestamp(undefined)).toBe(NO_DATA);
    expect(formatTimestamp('garbage')).toBe(NO_DATA);
  });

  it('ranks severities worst first, a missing one last', () => {
    expect(severityRank('critical')).toBe(0);
    expect(severityRank('info')).toBe(4);
    expect(severityRank(undefined)).toBe(5);
  });

  it('sums violations, with unknown', () => {
    expect(totalViolations({ high: 2, unknown: 1 })).toBe(3);
    expect(totalViolations({})).toBe(0);
  });

  it('names what a result is about', () => {
    expect(
      formatResource({ kind: 'Deployment', namespace: 'ns', name: 'app' }),
    ).toBe('Deployment ns/app');
    expect(formatResource({ kind: 'Namespace', name: 'ns' })).toBe(
      'Namespace ns',
    );
    expect(formatResource({})).toBe(NO_DATA);
    expect(formatSubject({ file: 'a/b.tf' })).toBe('a/b.tf');
    expect(formatSubject({})).toBe(NO_DATA);
  });

  it('shortens refs in the default namespace', () => {
    expect(formatShortRef('component:default/checkout')).toBe('checkout');
    expect(formatShortRef('resource:default/db')).toBe('resource:db');
    expect(formatShortRef('resource:infra/db')).toBe('resource:infra/db');
  });

  it('isPast', () => {
    expect(isPast('2024-06-01T11:59:59Z', NOW)).toBe(true);
    expect(isPast('2024-06-01T12:00:01Z', NOW)).toBe(false);
    expect(isPast(undefined, NOW)).toBe(false);
  });
});
