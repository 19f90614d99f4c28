import { validateDeliveryEvent, validateDeliveryEvents } from './validate';
import { parseInstant } from './time';
import { parseServiceRef } from './refs';

const NOW = Date.UTC(2024, 5, 1);
const ok = {
  id: 'gh-1',
  type: 'deployment',
  timestamp: '2024-05-01T12:00:00+02:00',
  service: 'Checkout',
  deploymentId: 42,
  environment: 'prod-eu',
  outcome: 'success',
  commitSha: 'ABCDEF1234567',
};

describe('validateDeliveryEvent', () => {
  it('normalises a valid event', () => {
    const r = validateDeliveryEvent(ok, { now: NOW });
    expect(r).toEqual({
      ok: true,
      event: {
        ...ok,
        timestamp: '2024-05-01T10:00:00.000Z',
        service: 'component:default/checkout',
        deploymentId: '42',
        commitSha: 'abcdef1234567',
      },
    });
  });

  it.each([
    [{ ...ok, type: 'deploy' }, 'type', 'must be one of'],
    [{ ...ok, type: undefined }, 'type', 'is required'],
    [{ ...ok, timestamp: '2024-05-01 12:00' }, 'timestamp', 'ISO 8601'],
    [{ ...ok, timestamp: '2024-02-30T00:00:00Z' }, 'timestamp', 'ISO 8601'],
    [{ ...ok, service: 'a b' }, 'service', 'not an entity name'],
    [{ ...ok, service: undefined }, 'service', 'is required'],
    [{ ...ok, outcome: 'ok' }, 'outcome', ''],
    [{ ...ok, environment: '' }, 'environment', ''],
    [{ ...ok, commit_sha: 'abc' }, 'commit_sha', 'is not a field'],
    [{ ...ok, commits: ['a', 7] }, 'commits[1]', ''],
    [{ ...ok, id: '' }, 'id', ''],
    [{ ...ok, id: 'a\u0000b' }, 'id', 'NUL'],
    [{ ...ok, deploymentId: 'x\u0000' }, 'deploymentId', ''],
    [
      { ...ok, service: `${'k'.repeat(64)}:default/x` },
      'service',
      'invalid kind',
    ],
    [
      { ...ok, timestamp: '2024-06-01T02:00:00Z' },
      'timestamp',
      'in the future',
    ],
  ])('refuses %j at %s', (input, path, message) => {
    expect(validateDeliveryEvent(input, { now: NOW })).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        expect.objectContaining({
          path,
          message: expect.stringContaining(message),
        }),
      ]),
    });
  });

  it('lets tickets go without a service', () => {
    const r = validateDeliveryEvent(
      {
        id: 't1',
        type: 'ticket',
        ticketId: 'PLAT-1',
        status: 'opened',
        timestamp: '2024-05-01T00:00:00Z',
      },
      { now: NOW },
    );
    expect(r.ok).toBe(true);
  });

  it('judges each event of a batch on its own', () => {
    const r = validateDeliveryEvents(
      [ok, { ...ok, id: 'x', outcome: 1 }, 'nope'],
      {
        now: NOW,
      },
    );
    expect(r.valid.map(v => v.index)).toEqual([0]);
    expect(r.invalid).toEqual([
      {
        index: 1,
        id: 'x',
        errors: [expect.objectContaining({ path: 'outcome' })],
      },
      {
        index: 2,
        errors: [{ path: '', message: 'an event must be a JSON object' }],
      },
    ]);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2024-05-01T12:00:00Z', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T12:00:00.123456789Z', Date.UTC(2024, 4, 1, 12, 0, 0, 123)],
    ['2024-05-01T12:00+0530', Date.UTC(2024, 4, 1, 6, 30)],
    ['2024-05-01T12:00:00-07:00', Date.UTC(2024, 4, 1, 19)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('%s', (input, expected) => {
    expect(parseInstant(input)).toBe(expected);
  });

  it.each([
    '2024-05-01',
    '2024-05-01T12:00:00',
    '2023-02-29T00:00:00Z',
    'yesterday',
  ])('refuses %s', input => {
    expect(parseInstant(input)).toBeUndefined();
  });
});

describe('parseServiceRef', () => {
  it.each([
    ['checkout', 'component:default/checkout'],
    ['Default/Checkout', 'component:default/checkout'],
    ['system:payments/ledger', 'system:payments/ledger'],
    ['component:checkout', 'component:default/checkout'],
  ])('%s → %s', (input, ref) => {
    expect(parseServiceRef(input)).toEqual({ ok: true, ref });
  });

  it.each(['', 'a/b/c', 'a b', ':x', '-x'])('refuses %j', input => {
    expect(parseServiceRef(input).ok).toBe(false);
  });
});

describe('field-level reasons', () => {
  it('says "is required" only for missing fields', () => {
    const r = validateDeliveryEvent(
      {
        id: 'x',
        type: 'deployment',
        timestamp: '2024-05-01T00:00:00Z',
        service: 's',
        environment: 'prod',
        outcome: 'success',
        commits: ['a', 7],
      },
      { now: NOW },
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: 'deploymentId', message: 'is required' },
        {
          path: 'commits[1]',
          message: expect.stringContaining('expected string'),
        },
      ],
    });
  });
});
