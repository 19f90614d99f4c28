import { checkContractValues } from './checkValues';
import { validateContract } from './validate';

const result = validateContract(
  {
    version: '1.0.0',
    inputs: [
      {
        name: 'instance_profile_arn',
        type: 'string',
        required: true,
        constraints: { pattern: '^arn:aws:iam::\\d{12}:instance-profile/' },
      },
      { name: 'az_count', type: 'integer', constraints: { min: 1, max: 6 } },
      { name: 'ratio', type: 'number', constraints: { min: 0, max: 1 } },
      {
        name: 'tier',
        type: 'string',
        required: true,
        default: 'standard',
        constraints: { enum: ['standard', 'premium'] },
      },
      {
        name: 'name',
        type: 'string',
        constraints: { minLength: 3, maxLength: 8 },
      },
      { name: 'zones', type: 'array', constraints: { maxLength: 2 } },
      { name: 'public', type: 'boolean' },
      { name: 'tags', type: 'map' },
      { name: 'settings', type: 'object' },
      { name: 'db_password', type: 'secret' },
    ],
    constraints: { regions: ['eu-west-1', 'us-east-1'] },
  },
  { path: 'spec.contract' },
);
if (!result.ok) {
  throw new Error(`test contract is invalid: ${result.problems.join(', ')}`);
}
const contract = result.contract;

const ARN = 'arn:aws:iam::123456789012:instance-profile/web';

describe('checkContractValues', () => {
  it.each<[string, Record<string, unknown>, string | undefined, string[]]>([
    ['all valid', { instance_profile_arn: ARN, az_count: 3 }, 'eu-west-1', []],
    [
      'every type valid',
      {
        instance_profile_arn: ARN,
        ratio: 0.5,
        tier: 'premium',
        name: 'web',
        zones: ['a', 'b'],
        public: false,
        tags: { team: 'a' },
        settings: {},
        db_password: 'hunter2',
      },
      undefined,
      [],
    ],
    [
      'required missing',
      { az_count: 3 },
      undefined,
      ['instance_profile_arn: is required'],
    ],
    [
      'pattern',
      { instance_profile_arn: 'arn:aws:iam::1:role/x' },
      undefined,
      [
        'instance_profile_arn: must match ^arn:aws:iam::\\d{12}:instance-profile/',
      ],
    ],
    [
      'integer type',
      { instance_profile_arn: ARN, az_count: 2.5 },
      undefined,
      ['az_count: must be an integer'],
    ],
    [
      'number given as a string',
      { instance_profile_arn: ARN, ratio: '0.5' },
      undefined,
      ['ratio: must be a number'],
    ],
    [
      'min and max',
      { instance_profile_arn: ARN, az_count: 0, ratio: 2 },
      undefined,
      ['az_count: must be at least 1', 'ratio: must be at most 1'],
    ],
    [
      'enum',
      { instance_profile_arn: ARN, tier: 'gold' },
      undefined,
      ['tier: must be one of standard|premium'],
    ],
    [
      'minLength',
      { instance_profile_arn: ARN, name: 'ab' },
      undefined,
      ['name: must have at least 3 characters'],
    ],
    [
      'maxLength of a string and of an array',
      { instance_profile_arn: ARN, name: 'abcdefghi', zones: ['a', 'b', 'c'] },
      undefined,
      [
        'name: must have at most 8 characters',
        'zones: must have at most 2 items',
      ],
    ],
    [
      'boolean, map, object, array and secret types',
      {
        instance_profile_arn: ARN,
        public: 'yes',
        tags: ['a'],
        settings: null,
        zones: 'a',
        db_password: 42,
      },
      undefined,
      [
        'zones: must be an array',
        'public: must be a boolean',
        'tags: must be an object',
        'settings: must be an object',
        'db_password: must be a string',
      ],
    ],
    [
      'unknown parameters, sorted',
      { instance_profile_arn: ARN, zeta: 1, alpha: 'x' },
      undefined,
      [
        'alpha: is not an input of the contract',
        'zeta: is not an input of the contract',
      ],
    ],
    [
      'region outside constraints.regions',
      { instance_profile_arn: ARN },
      'ap-south-1',
      ['region: must be one of eu-west-1|us-east-1'],
    ],
    [
      'several violations at once',
      { az_count: 9, extra: true },
      'mars-1',
      [
        'instance_profile_arn: is required',
        'az_count: must be at most 6',
        'extra: is not an input of the contract',
        'region: must be one of eu-west-1|us-east-1',
      ],
    ],
  ])('%s', (_name, values, region, expected) => {
    expect(checkContractValues(contract, values, { region })).toEqual(expected);
  });

  it('accepts any region when the contract names none', () => {
    expect(
      checkContractValues({ inputs: [] }, {}, { region: 'anywhere-1' }),
    ).toEqual([]);
  });

  it('never puts a value into a message', () => {
    const problems = checkContractValues(contract, {
      instance_profile_arn: 'super-secret-value',
      db_password: ['super-secret-value'],
    });
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).not.toContain('super-secret-value');
  });
});
