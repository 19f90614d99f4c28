import { Entity } from '@backstage/catalog-model';
import {
  checkout,
  legacyApp,
  orders,
  policyEntities,
  unchecked,
  vpcModule,
} from '../__testUtils__/entities';
import {
  compatibilityWith,
  readCompatibilityIssues,
  readCompatibilityStatus,
} from './compatibility';
import { describeConstraints, readContract } from './contract';
import { formatMoney, formatValue } from './format';
import {
  policyStatusRank,
  readPolicyStatus,
  readPolicyViolations,
} from './policy';

function withAnnotations(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  };
}

describe('policy annotations', () => {
  it('reads the status and the counts; absent or unreadable is undefined, never zero', () => {
    const [alpha, , , delta, echo] = policyEntities();
    expect(readPolicyStatus(alpha)).toBe('fail');
    expect(readPolicyStatus(echo)).toBeUndefined();
    expect(
      readPolicyStatus(withAnnotations({ 'goldpath.dev/policy-status': 'ok' })),
    ).toBeUndefined();
    expect(readPolicyViolations(alpha)).toEqual({
      critical: 1,
      high: 2,
      medium: 0,
      low: 0,
      info: 0,
      unknown: 0,
    });
    expect(readPolicyViolations(delta)?.high).toBe(0);
    expect(readPolicyViolations(echo)).toBeUndefined();
    expect(
      readPolicyViolations(
        withAnnotations({ 'goldpath.dev/policy-violations': 'high:two' }),
      ),
    ).toBeUndefined();
    expect(
      readPolicyViolations(
        withAnnotations({ 'goldpath.dev/policy-violations': 'severe:1' }),
      ),
    ).toBeUndefined();
  });

  it('ranks fail, warn, pass, none', () => {
    expect(
      ['pass', undefined, 'fail', 'warn']
        .map(s => s as 'pass' | undefined)
        .sort((a, b) => policyStatusRank(a) - policyStatusRank(b)),
    ).toEqual(['fail', 'warn', 'pass', undefined]);
  });
});

describe('compatibility annotations', () => {
  it('reads the status, and nothing before the processor ran', () => {
    expect(readCompatibilityStatus(orders)).toBe('mismatch');
    expect(readCompatibilityStatus(checkout)).toBe('ok');
    expect(readCompatibilityStatus(unchecked)).toBeUndefined();
  });

  it('reads the issues, dropping entries of another shape and unreadable JSON', () => {
    expect(readCompatibilityIssues(legacyApp)).toHaveLength(1);
    expect(
      readCompatibilityIssues(
        withAnnotations({
          'goldpath.dev/compatibility-issues': JSON.stringify([
            { block: 'resource:default/a', kind: 'version', message: 'm' },
            { block: 'resource:default/b', kind: 'weird', message: 'm' },
            { kind: 'region', message: 'no block' },
            'text',
          ]),
        }),
      ).map(i => i.block),
    ).toEqual(['resource:default/a']);
    expect(
      readCompatibilityIssues(
        withAnnotations({ 'goldpath.dev/compatibility-issues': '{nope' }),
      ),
    ).toEqual([]);
  });

  it('decides per block', () => {
    expect(
      compatibilityWith(orders, 'resource:default/rds-module').status,
    ).toBe('mismatch');
    expect(
      compatibilityWith(orders, 'resource:default/vpc-module').status,
    ).toBe('ok');
    expect(
      compatibilityWith(unchecked, 'resource:default/vpc-module').status,
    ).toBeUndefined();
    expect(
      compatibilityWith(
        withAnnotations({
          'goldpath.dev/compatibility': 'unknown',
          'goldpath.dev/compatibility-issues': JSON.stringify([
            { block: 'resource:default/a', kind: 'no-contract', message: 'm' },
          ]),
        }),
        'resource:default/a',
      ).status,
    ).toBe('unknown');
  });
});

describe('contract', () => {
  it('reads spec.contract, defaulting the lists', () => {
    expect(readContract(vpcModule)?.version).toBe('3.0.0');
    const bare = readContract({
      ...checkout,
      spec: { contract: { version: '1.0.0' } },
    });
    expect(bare).toMatchObject({ version: '1.0.0', inputs: [], outputs: [] });
    expect(readContract(checkout)).toBeUndefined();
    expect(
      readContract({ ...checkout, spec: { contract: 'x' } }),
    ).toBeUndefined();
    expect(
      readContract({ ...checkout, spec: { contract: { inputs: [] } } }),
    ).toBeUndefined();
  });

  it('describes input constraints', () => {
    const input = (constraints: object) => ({
      name: 'n',
      type: 'string' as const,
      required: false,
      constraints,
    });
    expect(describeConstraints(input({ min: 1 }))).toEqual(['≥ 1']);
    expect(describeConstraints(input({ max: 5 }))).toEqual(['≤ 5']);
    expect(describeConstraints(input({ minLength: 3, maxLength: 8 }))).toEqual([
      'length 3–8',
    ]);
    expect(describeConstraints(input({ enum: ['a', 1, true] }))).toEqual([
      'one of a, 1, true',
    ]);
    expect(
      describeConstraints({ ...input({}), constraints: undefined }),
    ).toEqual([]);
  });

  it('formats values and money', () => {
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue('')).toBe('""');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatMoney(120, 'USD')).toBe('USD 120');
    expect(formatMoney(12.5, 'EUR')).toBe('EUR 12.50');
  });
});
