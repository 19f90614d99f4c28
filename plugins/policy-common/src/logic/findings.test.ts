import type { PolicyResult } from '../types';
import { applyWaivers, diffFindings, findingKey } from './findings';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  namespace: 'shop',
  name: 'cart-1',
  uid: 'u-1',
};

describe('findingKey', () => {
  it.each<[string, Parameters<typeof findingKey>[1], string]>([
    [
      'resource',
      { policy: 'require-labels', rule: 'team', resource: pod },
      'prod|require-labels|team|pod/shop/cart-1',
    ],
    ['no rule', { policy: 'p', resource: pod }, 'prod|p||pod/shop/cart-1'],
    [
      'cluster-scoped',
      { policy: 'p', resource: { kind: 'Namespace', name: 'shop' } },
      'prod|p||namespace//shop',
    ],
    [
      'file',
      { policy: 'main', rule: 'no root', file: 'deploy/app.yaml' },
      'prod|main|no%20root|file:deploy%2Fapp.yaml',
    ],
    [
      'resource wins over file',
      { policy: 'p', resource: pod, file: 'x' },
      'prod|p||pod/shop/cart-1',
    ],
    [
      'labels, sorted',
      { policy: 'p', resource: { labels: { team: 'a', app: 'cart' } } },
      'prod|p||labels:app=cart,team=a',
    ],
    ['neither', { policy: 'p' }, 'prod|p||'],
    [
      'separators are encoded',
      { policy: 'a|b', rule: 'c/d', resource: { kind: 'K', name: 'n|m' } },
      'prod|a%7Cb|c%2Fd|k//n%7Cm',
    ],
  ])('%s', (_, result, key) => {
    expect(findingKey('prod', result)).toBe(key);
  });

  it('ignores apiVersion, uid and labels of a resource and the case of its kind', () => {
    const a = findingKey('s', { policy: 'p', resource: pod });
    expect(
      findingKey('s', {
        policy: 'p',
        resource: {
          ...pod,
          apiVersion: 'v2',
          uid: 'u-2',
          kind: 'pod',
          labels: { x: 'y' },
        },
      }),
    ).toBe(a);
    expect(findingKey('other', { policy: 'p', resource: pod })).not.toBe(a);
    expect(
      findingKey('s', { policy: 'p', resource: { ...pod, namespace: 'web' } }),
    ).not.toBe(a);
  });

  it('keeps keys bounded and still distinct', () => {
    const long = 'x'.repeat(600);
    const a = findingKey('s', { policy: 'p', rule: `${long}a` });
    const b = findingKey('s', { policy: 'p', rule: `${long}b` });
    expect(a).toHaveLength(512);
    expect(b).toHaveLength(512);
    expect(a).not.toBe(b);
    expect(findingKey('s', { policy: 'p', rule: `${long}a` })).toBe(a);
  });
});

describe('diffFindings', () => {
  const f = (key: string, n = 0) => ({ key, n });
  it.each([
    [[], [], [], []],
    [[], [f('a'), f('b')], ['a', 'b'], []],
    [[f('a'), f('b')], [], [], ['a', 'b']],
    [[f('a'), f('b')], [f('b'), f('c')], ['c'], ['a']],
    [[f('a')], [f('a')], [], []],
    [[f('a'), f('a', 1)], [f('c'), f('c', 1)], ['c'], ['a']],
  ])('%j → %j', (previous, current, introduced, resolved) => {
    const diff = diffFindings(previous, current);
    expect(diff.introduced.map(x => x.key)).toEqual(introduced);
    expect(diff.resolved.map(x => x.key)).toEqual(resolved);
  });

  it('returns the items themselves, the first of each key', () => {
    const c1 = f('c', 1);
    expect(diffFindings([], [c1, f('c', 2)]).introduced[0]).toBe(c1);
  });
});

describe('applyWaivers', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  const results: PolicyResult[] = [
    { policy: 'require-labels', rule: 'team', status: 'fail', resource: pod },
    { policy: 'require-labels', rule: 'owner', status: 'warn', resource: pod },
    {
      policy: 'require-labels',
      rule: 'team',
      status: 'fail',
      resource: { ...pod, name: 'cart-2' },
    },
    {
      policy: 'require-labels',
      rule: 'team',
      status: 'pass',
      resource: { ...pod, name: 'cart-3' },
    },
    { policy: 'no-root', status: 'error', resource: pod },
    {
      policy: 'no-root',
      status: 'fail',
      resource: pod,
      exception: { kind: 'policy-exception', name: 'legacy' },
    },
  ];
  const waiver = {
    policy: 'require-labels',
    reason: 'migration until June',
    grantedBy: 'user:default/alice',
    expiresAt: '2024-06-01T00:00:00Z',
  };
  const kinds = (out: PolicyResult[]) => out.map(x => x.exception?.kind ?? '-');

  it.each([
    [
      'a policy waiver excepts every open violation of the policy',
      [waiver],
      ['waiver', 'waiver', 'waiver', '-', '-', 'policy-exception'],
    ],
    [
      'a rule waiver only that rule',
      [{ ...waiver, rule: 'team' }],
      ['waiver', '-', 'waiver', '-', '-', 'policy-exception'],
    ],
    [
      'a finding waiver only that finding',
      [
        {
          ...waiver,
          rule: 'team',
          findingKey: 'prod|require-labels|team|pod/shop/cart-2',
        },
      ],
      ['-', '-', 'waiver', '-', '-', 'policy-exception'],
    ],
    [
      'a finding waiver of another source matches nothing',
      [
        {
          ...waiver,
          findingKey: 'staging|require-labels|team|pod/shop/cart-2',
        },
      ],
      ['-', '-', '-', '-', '-', 'policy-exception'],
    ],
    [
      'an expired waiver does nothing',
      [{ ...waiver, expiresAt: '2024-05-01T11:59:59Z' }],
      ['-', '-', '-', '-', '-', 'policy-exception'],
    ],
    [
      'a waiver expiring now has expired',
      [{ ...waiver, expiresAt: '2024-05-01T12:00:00Z' }],
      ['-', '-', '-', '-', '-', 'policy-exception'],
    ],
    [
      'a waiver whose expiry is no time is not active',
      [{ ...waiver, expiresAt: 'never' }],
      ['-', '-', '-', '-', '-', 'policy-exception'],
    ],
    [
      'an error can be waived; an existing exception stays',
      [{ ...waiver, policy: 'no-root' }],
      ['-', '-', '-', '-', 'waiver', 'policy-exception'],
    ],
    ['no waivers', [], ['-', '-', '-', '-', '-', 'policy-exception']],
  ])('%s', (_, waivers, expected) => {
    expect(
      kinds(applyWaivers(results, waivers, { source: 'prod', now })),
    ).toEqual(expected);
  });

  it('records who, why and until when; the latest-expiring waiver wins; the input is unchanged', () => {
    const copy = JSON.parse(JSON.stringify(results));
    const out = applyWaivers(
      results,
      [
        waiver,
        {
          ...waiver,
          rule: 'team',
          reason: 'longer',
          expiresAt: '2024-07-01T00:00:00+02:00',
        },
      ],
      { source: 'prod', now },
    );
    expect(out[0]).toEqual({
      ...results[0],
      exception: {
        kind: 'waiver',
        reason: 'longer',
        grantedBy: 'user:default/alice',
        expiresAt: '2024-06-30T22:00:00.000Z',
      },
    });
    expect(out[1].exception).toEqual({
      kind: 'waiver',
      reason: 'migration until June',
      grantedBy: 'user:default/alice',
      expiresAt: '2024-06-01T00:00:00.000Z',
    });
    expect(out[3]).toBe(results[3]);
    expect(results).toEqual(copy);
  });
});
