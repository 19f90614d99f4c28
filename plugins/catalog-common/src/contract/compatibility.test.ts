import {
  checkCompatibility,
  compatibilityStatus,
  isVersionCompatible,
  normalizeEntityRef,
  parseBuiltAgainst,
  splitAnnotationList,
} from './compatibility';
import { Contract } from './schema';

const contract = (over: Partial<Contract> = {}): Contract => ({
  version: '3.0.0',
  inputs: [],
  outputs: [],
  ...over,
});

describe('parseBuiltAgainst', () => {
  it('reads full refs and fills the kind and the namespace', () => {
    expect(
      parseBuiltAgainst(
        'resource:default/vpc-module@2.1.0, pg@1.0.0 ,component:shared/Api-Gateway@v4.0.0-rc.1',
        { defaultNamespace: 'payments' },
      ),
    ).toEqual({
      entries: [
        { ref: 'resource:default/vpc-module', version: '2.1.0' },
        { ref: 'resource:payments/pg', version: '1.0.0' },
        { ref: 'component:shared/api-gateway', version: '4.0.0-rc.1' },
      ],
      invalid: [],
    });
  });

  it('uses the default namespace without a consumer namespace', () => {
    expect(parseBuiltAgainst('pg@1.0.0').entries).toEqual([
      { ref: 'resource:default/pg', version: '1.0.0' },
    ]);
  });

  it.each([
    [undefined, []],
    ['', []],
    [' , ,', []],
  ])('reads %j as no entries', (text, entries) => {
    expect(parseBuiltAgainst(text)).toEqual({ entries, invalid: [] });
  });

  it('keeps malformed entries apart, with the reason', () => {
    expect(
      parseBuiltAgainst(
        'pg, @1.0.0, vpc@, a:b:c@1.0.0, vpc@latest, bad name@1.0.0, ok@1.0.0',
      ),
    ).toEqual({
      entries: [{ ref: 'resource:default/ok', version: '1.0.0' }],
      invalid: [
        {
          text: 'pg',
          reason: 'expected <ref>@<version>, e.g. resource:vpc-module@2.1.0',
        },
        {
          text: '@1.0.0',
          reason: 'expected <ref>@<version>, e.g. resource:vpc-module@2.1.0',
        },
        {
          text: 'vpc@',
          reason: 'expected <ref>@<version>, e.g. resource:vpc-module@2.1.0',
        },
        { text: 'a:b:c@1.0.0', reason: 'not a valid entity ref' },
        { text: 'vpc@latest', reason: 'latest is not a semantic version' },
        { text: 'bad name@1.0.0', reason: 'not a valid entity ref' },
      ],
    });
  });

  it('reports a block listed twice with different versions, keeps the first', () => {
    expect(
      parseBuiltAgainst('vpc@1.0.0, Resource:default/VPC@2.0.0, vpc@1.0.0'),
    ).toEqual({
      entries: [{ ref: 'resource:default/vpc', version: '1.0.0' }],
      invalid: [
        {
          text: 'Resource:default/VPC@2.0.0',
          reason: 'resource:default/vpc is already listed at 1.0.0',
        },
      ],
    });
  });
});

describe('isVersionCompatible', () => {
  const block = contract({
    version: '3.1.0',
    compatibility: [
      { version: '3.1.0', compatibleWith: ['^3.0.0'] },
      { version: '>=3.0.0 <4.0.0', compatibleWith: ['2.9.x'] },
      { version: '2.0.0', compatibleWith: ['^1.0.0'] },
    ],
  });

  it.each([
    ['3.1.0', true, 'equal'],
    ['3.0.5', true, 'a row for the exact version'],
    ['2.9.4', true, 'a row whose version is a range'],
    ['2.8.0', false, 'no range accepts it'],
    ['1.5.0', false, 'only a row for another version accepts it'],
    ['3.2.0', true, "the row's range decides, even above the current version"],
    ['4.0.0', false, 'outside every range'],
    ['3.1.0+build.1', true, 'build metadata is ignored'],
    ['10.0.0', false, 'numeric, not string, comparison'],
  ])('%s: %s (%s)', (version, expected) => {
    expect(isVersionCompatible(version, block)).toBe(expected);
  });

  it('compares numerically where strings would not', () => {
    // As strings, '10.0.0' < '9.0.0'; semver knows better.
    const ten = contract({
      version: '10.0.0',
      compatibility: [{ version: '10.0.0', compatibleWith: ['>=9.0.0'] }],
    });
    expect(isVersionCompatible('9.1.0', ten)).toBe(true);
    expect(isVersionCompatible('8.0.0', ten)).toBe(false);
  });

  it('never matches a pre-release by accident', () => {
    const c = contract({
      version: '2.0.0',
      compatibility: [{ version: '2.0.0', compatibleWith: ['^1.0.0'] }],
    });
    expect(isVersionCompatible('1.5.0', c)).toBe(true);
    expect(isVersionCompatible('2.0.0-rc.1', c)).toBe(false);
  });
});

describe('checkCompatibility', () => {
  const builtAgainst = parseBuiltAgainst(
    'vpc@2.1.0, pg@1.0.0, ghost@1.0.0',
  ).entries;

  it('is silent for a compatible block', () => {
    expect(
      checkCompatibility({
        consumer: { builtAgainst, regions: ['eu-west-1'] },
        block: {
          ref: 'resource:default/vpc',
          contract: contract({
            version: '2.1.0',
            constraints: { regions: ['eu-west-1', 'eu-central-1'] },
          }),
        },
      }),
    ).toEqual([]);
  });

  it('reports a version mismatch', () => {
    expect(
      checkCompatibility({
        consumer: { builtAgainst },
        block: { ref: 'Resource:default/VPC', contract: contract() },
      }),
    ).toEqual([
      {
        block: 'resource:default/vpc',
        kind: 'version',
        message:
          'built against 2.1.0, but resource:default/vpc is at contract 3.0.0, and no compatibility row for 3.0.0 accepts 2.1.0',
      },
    ]);
  });

  it('reports the regions outside what the block supports', () => {
    expect(
      checkCompatibility({
        consumer: {
          builtAgainst,
          regions: ['eu-west-1', 'US-EAST-1', 'ap-south-1'],
        },
        block: {
          ref: 'resource:default/pg',
          contract: contract({
            version: '1.0.0',
            constraints: { regions: ['eu-west-1', 'us-east-1'] },
          }),
        },
      }),
    ).toEqual([
      {
        block: 'resource:default/pg',
        kind: 'region',
        message:
          'runs in ap-south-1, but resource:default/pg supports only eu-west-1, us-east-1',
      },
    ]);
  });

  it('reports version and region together', () => {
    const issues = checkCompatibility({
      consumer: { builtAgainst, regions: ['ap-south-1'] },
      block: {
        ref: 'resource:default/pg',
        contract: contract({ constraints: { regions: ['eu-west-1'] } }),
      },
    });
    expect(issues.map(i => i.kind)).toEqual(['version', 'region']);
  });

  it('does not check regions when the block lists none or the consumer names none', () => {
    const pg = contract({ version: '1.0.0' });
    expect(
      checkCompatibility({
        consumer: { builtAgainst, regions: ['anywhere'] },
        block: { ref: 'resource:default/pg', contract: pg },
      }),
    ).toEqual([]);
    expect(
      checkCompatibility({
        consumer: { builtAgainst },
        block: {
          ref: 'resource:default/pg',
          contract: contract({
            version: '1.0.0',
            constraints: { regions: ['eu-west-1'] },
          }),
        },
      }),
    ).toEqual([]);
  });

  it('tells an unknown block from one without a contract', () => {
    expect(
      checkCompatibility({
        consumer: { builtAgainst },
        block: { ref: 'resource:default/ghost' },
      }),
    ).toEqual([
      {
        block: 'resource:default/ghost',
        kind: 'unknown-block',
        message: 'resource:default/ghost is not in the catalog',
      },
    ]);
    expect(
      checkCompatibility({
        consumer: { builtAgainst },
        block: { ref: 'resource:default/ghost', contract: null },
      }),
    ).toEqual([
      {
        block: 'resource:default/ghost',
        kind: 'no-contract',
        message: 'resource:default/ghost has no valid contract',
      },
    ]);
  });

  it('says nothing about a block the consumer does not name', () => {
    expect(
      checkCompatibility({
        consumer: { builtAgainst },
        block: { ref: 'resource:default/other', contract: contract() },
      }),
    ).toEqual([]);
  });
});

describe('compatibilityStatus', () => {
  const issue = (kind: any) => ({ block: 'b', kind, message: '' });
  it.each([
    [[], 'ok'],
    [[issue('unknown-block')], 'unknown'],
    [[issue('no-contract')], 'unknown'],
    [[issue('no-contract'), issue('version')], 'mismatch'],
    [[issue('region')], 'mismatch'],
  ])('%j → %s', (issues, status) => {
    expect(compatibilityStatus(issues)).toBe(status);
  });
});

describe('helpers', () => {
  it('splits annotation lists', () => {
    expect(splitAnnotationList(' eu-west-1,, us-east-1 ,')).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    expect(splitAnnotationList(undefined)).toEqual([]);
  });

  it('normalises refs and refuses malformed ones without throwing', () => {
    expect(normalizeEntityRef('Vpc', { defaultKind: 'resource' })).toBe(
      'resource:default/vpc',
    );
    expect(
      normalizeEntityRef('x/Vpc', {
        defaultKind: 'resource',
        defaultNamespace: 'y',
      }),
    ).toBe('resource:x/vpc');
    expect(normalizeEntityRef('', { defaultKind: 'resource' })).toBeUndefined();
    expect(
      normalizeEntityRef('a:b:c', { defaultKind: 'resource' }),
    ).toBeUndefined();
    expect(
      normalizeEntityRef('a/b/c', { defaultKind: 'resource' }),
    ).toBeUndefined();
    expect(
      normalizeEntityRef('-bad-', { defaultKind: 'resource' }),
    ).toBeUndefined();
  });
});
