import { formatFieldPath, validateContract } from './validate';

/** A contract that uses every field once. */
const valid = () => ({
  version: '2.1.0',
  description: 'A VPC with public and private subnets',
  inputs: [
    {
      name: 'cidr',
      type: 'string',
      required: true,
      description: 'The VPC range',
      constraints: { pattern: '^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$' },
    },
    {
      name: 'azCount',
      type: 'integer',
      default: 3,
      constraints: { min: 1, max: 6 },
    },
    {
      name: 'tier',
      type: 'string',
      default: 'standard',
      constraints: { enum: ['standard', 'premium'] },
    },
    { name: 'tags', type: 'map', default: { team: 'platform' } },
    { name: 'dbPassword', type: 'secret', required: true },
    {
      name: 'name',
      type: 'string',
      constraints: { minLength: 1, maxLength: 63 },
    },
  ],
  outputs: [
    { name: 'vpcId', type: 'string' },
    { name: 'kubeconfig', type: 'secret', sensitive: true },
  ],
  emits: {
    tags: { 'cost-center': 'platform' },
    labels: { 'app.kubernetes.io/managed-by': 'goldpath' },
    metadata: [
      { name: 'kubeconfig', description: 'for the cluster', format: 'yaml' },
    ],
  },
  constraints: {
    regions: ['eu-west-1', 'eu-central-1'],
    runsOn: [{ name: 'kubernetes', versions: '>=1.27 <1.31' }],
  },
  compatibility: [
    {
      version: '2.1.0',
      compatibleWith: ['^2.0.0', '1.9.x'],
      notes: 'additive',
    },
  ],
  owners: [{ ref: 'group:default/platform', role: 'maintainer' }],
  cost: {
    bucket: 'medium',
    monthlyEstimate: { amount: 120.5, currency: 'EUR', basis: '3 AZs' },
  },
  slo: { latency: { percentile: 99, thresholdMs: 250 }, availability: 99.95 },
  accessPolicy: {
    allowed: ['group:default/payments', 'any'],
    approval: 'owner',
    dataClassification: 'internal',
  },
  policies: [
    {
      name: 'require-labels',
      severity: 'high',
      remediation: 'Add the labels',
      runbook: 'https://runbooks.example.com/require-labels',
    },
  ],
  runbook: 'https://runbooks.example.com/vpc',
});

const problemsOf = (mutate: (c: any) => void) => {
  const contract: any = valid();
  mutate(contract);
  const result = validateContract(contract, { path: 'spec.contract' });
  if (result.ok) throw new Error('expected the contract to fail');
  return result.problems;
};

describe('validateContract', () => {
  it('accepts a complete contract and returns it with defaults applied', () => {
    const result = validateContract(valid(), { path: 'spec.contract' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.contract.version).toBe('2.1.0');
    expect(result.contract.inputs[1]).toEqual({
      name: 'azCount',
      type: 'integer',
      required: false,
      default: 3,
      constraints: { min: 1, max: 6 },
    });
    expect(result.contract.accessPolicy?.approval).toBe('owner');
  });

  it('leaves an access policy without approval without one (no invented "none")', () => {
    const result = validateContract(
      { version: '1.0.0', accessPolicy: { allowed: ['group:default/a'] } },
      { path: 'x' },
    );
    expect(result).toEqual({
      ok: true,
      contract: {
        version: '1.0.0',
        inputs: [],
        outputs: [],
        accessPolicy: { allowed: ['group:default/a'] },
      },
    });
  });

  it('fills only the documented defaults on a minimal contract', () => {
    expect(validateContract({ version: '1.0.0' }, { path: 'x' })).toEqual({
      ok: true,
      contract: { version: '1.0.0', inputs: [], outputs: [] },
    });
  });

  it.each([
    [
      'a string',
      'just text',
      'spec.contract: expected an object, got a string',
    ],
    ['an array', [], 'spec.contract: expected an object, got an array'],
    ['null', null, 'spec.contract: expected an object, got null'],
    ['nothing', undefined, 'spec.contract: required'],
  ])('rejects %s as the contract', (_name, input, problem) => {
    expect(validateContract(input, { path: 'spec.contract' })).toEqual({
      ok: false,
      problems: [problem],
    });
  });

  describe('types', () => {
    it.each<[string, (c: any) => void, string]>([
      [
        'input type enum',
        c => {
          c.inputs[2].type = 'text';
        },
        'spec.contract.inputs[2].type: expected one of string|number|integer|boolean|array|object|map|secret',
      ],
      [
        'output type enum',
        c => {
          c.outputs[0].type = 'uuid';
        },
        'spec.contract.outputs[0].type: expected one of string|number|integer|boolean|array|object|map|secret',
      ],
      [
        'required is a boolean',
        c => {
          c.inputs[0].required = 'yes';
        },
        'spec.contract.inputs[0].required: expected a boolean, got a string',
      ],
      [
        'inputs is an array',
        c => {
          c.inputs = { cidr: 'string' };
        },
        'spec.contract.inputs: expected an array, got an object',
      ],
      [
        'emitted tags are strings',
        c => {
          c.emits.tags['cost-center'] = 42;
        },
        'spec.contract.emits.tags.cost-center: expected a string, got a number',
      ],
      [
        'labels with dots and slashes in their keys',
        c => {
          c.emits.labels['app.kubernetes.io/managed-by'] = true;
        },
        'spec.contract.emits.labels["app.kubernetes.io/managed-by"]: expected a string, got a boolean',
      ],
      [
        'enum values are strings, numbers or booleans',
        c => {
          c.inputs[2].constraints.enum = ['standard', { a: 1 }];
        },
        'spec.contract.inputs[2].constraints.enum[1]: expected a string, a number or a boolean',
      ],
      [
        'minLength is an integer',
        c => {
          c.inputs[5].constraints.minLength = 1.5;
        },
        'spec.contract.inputs[5].constraints.minLength: expected an integer, got a decimal number',
      ],
      [
        'required fields',
        c => {
          delete c.inputs[0].type;
        },
        'spec.contract.inputs[0].type: required',
      ],
      [
        'version is required',
        c => {
          delete c.version;
        },
        'spec.contract.version: required',
      ],
      [
        'compatibility rows need compatibleWith',
        c => {
          delete c.compatibility[0].compatibleWith;
        },
        'spec.contract.compatibility[0].compatibleWith: required',
      ],
    ])('%s', (_name, mutate, problem) => {
      expect(problemsOf(mutate)).toEqual([problem]);
    });
  });

  describe('enums', () => {
    it.each<[string, (c: any) => void, string]>([
      [
        'cost bucket',
        c => {
          c.cost.bucket = 'cheap';
        },
        'spec.contract.cost.bucket: expected one of free|low|medium|high|premium',
      ],
      [
        'approval',
        c => {
          c.accessPolicy.approval = 'manager';
        },
        'spec.contract.accessPolicy.approval: expected one of none|owner|platform',
      ],
      [
        'data classification',
        c => {
          c.accessPolicy.dataClassification = 'secret';
        },
        'spec.contract.accessPolicy.dataClassification: expected one of public|internal|confidential|restricted',
      ],
      [
        'policy severity',
        c => {
          c.policies[0].severity = 'blocker';
        },
        'spec.contract.policies[0].severity: expected one of critical|high|medium|low|info',
      ],
    ])('%s', (_name, mutate, problem) => {
      expect(problemsOf(mutate)).toEqual([problem]);
    });
  });

  describe('patterns and formats', () => {
    it.each<[string, (c: any) => void, string]>([
      [
        'input names are identifiers',
        c => {
          c.inputs[0].name = '2cidr';
        },
        'spec.contract.inputs[0].name: expected an identifier',
      ],
      [
        'constraint patterns are regular expressions',
        c => {
          c.inputs[0].constraints.pattern = '([a-z';
        },
        'spec.contract.inputs[0].constraints.pattern: expected a valid regular expression',
      ],
      [
        'currency is an ISO 4217 code',
        c => {
          c.cost.monthlyEstimate.currency = 'eur';
        },
        'spec.contract.cost.monthlyEstimate.currency: expected an ISO 4217 code such as USD',
      ],
      [
        'currency has three letters',
        c => {
          c.cost.monthlyEstimate.currency = 'EURO';
        },
        'spec.contract.cost.monthlyEstimate.currency: expected an ISO 4217 code such as USD',
      ],
      [
        'runbook is a URL',
        c => {
          c.runbook = 'see the wiki';
        },
        'spec.contract.runbook: expected an http or https URL',
      ],
      [
        'runbook links cannot run script',
        c => {
          // eslint-disable-next-line no-script-url
          c.runbook = 'javascript:alert(1)';
        },
        'spec.contract.runbook: expected an http or https URL',
      ],
      [
        'policy runbooks are http(s) too',
        c => {
          c.policies[0].runbook = 'data:text/html,<b>x</b>';
        },
        'spec.contract.policies[0].runbook: expected an http or https URL',
      ],
    ])('%s', (_name, mutate, problem) => {
      expect(problemsOf(mutate)).toEqual([problem]);
    });
  });

  describe('semver', () => {
    it.each(['2.1', 'v2.1.0', '2.1.0.0', '01.2.3', 'latest', ''])(
      'rejects version %j',
      version => {
        expect(
          problemsOf(c => {
            c.version = version;
          }),
        ).toEqual([
          'spec.contract.version: expected a semantic version such as 1.4.0',
        ]);
      },
    );

    it.each(['1.0.0', '2.1.0-rc.1', '3.0.0+build.7', '10.20.30'])(
      'accepts version %j',
      version => {
        const contract = { ...valid(), version };
        expect(validateContract(contract, { path: 'p' }).ok).toBe(true);
      },
    );

    it('checks the ranges of compatibility rows', () => {
      expect(
        problemsOf(c => {
          c.compatibility = [
            { version: 'two', compatibleWith: ['^2.0.0', 'not a range!'] },
          ];
        }),
      ).toEqual([
        'spec.contract.compatibility[0].version: expected a semver range such as ^2.0.0 or >=1.2.0 <3.0.0',
        'spec.contract.compatibility[0].compatibleWith[1]: expected a semver range such as ^2.0.0 or >=1.2.0 <3.0.0',
      ]);
    });

    it('checks the ranges of what the block runs on', () => {
      expect(
        problemsOf(c => {
          c.constraints.runsOn = [{ name: 'kubernetes', versions: 'latest' }];
        }),
      ).toEqual([
        'spec.contract.constraints.runsOn[0].versions: expected a semver range such as ^2.0.0 or >=1.2.0 <3.0.0',
      ]);
    });

    it('needs at least one compatibleWith range', () => {
      expect(
        problemsOf(c => {
          c.compatibility[0].compatibleWith = [];
        }),
      ).toEqual([
        'spec.contract.compatibility[0].compatibleWith: expected at least 1 item',
      ]);
    });
  });

  describe('min and max', () => {
    it.each<[string, (c: any) => void, string]>([
      [
        'min not above max',
        c => {
          c.inputs[1].constraints = { min: 7, max: 6 };
        },
        'spec.contract.inputs[1].constraints.min: min must not be greater than max',
      ],
      [
        'minLength not above maxLength',
        c => {
          c.inputs[5].constraints = { minLength: 10, maxLength: 2 };
        },
        'spec.contract.inputs[5].constraints.minLength: minLength must not be greater than maxLength',
      ],
      [
        'lengths are not negative',
        c => {
          c.inputs[5].constraints.minLength = -1;
        },
        'spec.contract.inputs[5].constraints.minLength: must be at least 0',
      ],
      [
        'estimates are not negative',
        c => {
          c.cost.monthlyEstimate.amount = -5;
        },
        'spec.contract.cost.monthlyEstimate.amount: must be at least 0',
      ],
      [
        'percentiles above 0',
        c => {
          c.slo.latency.percentile = 0;
        },
        'spec.contract.slo.latency.percentile: must be greater than 0',
      ],
      [
        'percentiles up to 100',
        c => {
          c.slo.latency.percentile = 100.5;
        },
        'spec.contract.slo.latency.percentile: must be at most 100',
      ],
      [
        'positive thresholds',
        c => {
          c.slo.latency.thresholdMs = 0;
        },
        'spec.contract.slo.latency.thresholdMs: must be greater than 0',
      ],
      [
        'availability up to 100',
        c => {
          c.slo.availability = 101;
        },
        'spec.contract.slo.availability: must be at most 100',
      ],
      [
        'regions, when listed, are not empty',
        c => {
          c.constraints.regions = [];
        },
        'spec.contract.constraints.regions: expected at least 1 item',
      ],
      [
        'region names are not empty',
        c => {
          c.constraints.regions = ['eu-west-1', ''];
        },
        'spec.contract.constraints.regions[1]: must not be empty',
      ],
      [
        'access needs someone allowed',
        c => {
          c.accessPolicy.allowed = [];
        },
        'spec.contract.accessPolicy.allowed: expected at least 1 item',
      ],
      [
        'enum constraints are not empty',
        c => {
          c.inputs[2].constraints.enum = [];
          delete c.inputs[2].default;
        },
        'spec.contract.inputs[2].constraints.enum: expected at least 1 item',
      ],
    ])('%s', (_name, mutate, problem) => {
      expect(problemsOf(mutate)).toEqual([problem]);
    });
  });

  describe('unknown keys', () => {
    it('names each unknown field and the fields known there', () => {
      expect(
        problemsOf(c => {
          c.inputs[2].requried = true;
          c.inputs[2].label = 'Tier';
        }),
      ).toEqual([
        'spec.contract.inputs[2].requried: unknown field (known: name, type, required, default, description, constraints)',
        'spec.contract.inputs[2].label: unknown field (known: name, type, required, default, description, constraints)',
      ]);
    });

    it('at the top level and deep inside', () => {
      expect(
        problemsOf(c => {
          c.regions = ['eu-west-1'];
          c.cost.monthlyEstimate.period = 'month';
        }),
      ).toEqual([
        'spec.contract.cost.monthlyEstimate.period: unknown field (known: amount, currency, basis)',
        'spec.contract.regions: unknown field (known: version, description, inputs, outputs, emits, constraints, compatibility, owners, cost, slo, accessPolicy, policies, runbook)',
      ]);
    });
  });

  describe('rules across fields', () => {
    it.each<[string, (c: any) => void, string]>([
      [
        'duplicate input names',
        c => {
          c.inputs.push({ name: 'cidr', type: 'string' });
        },
        'spec.contract.inputs[6].name: duplicate name "cidr"',
      ],
      [
        'duplicate output names',
        c => {
          c.outputs.push({ name: 'vpcId', type: 'string' });
        },
        'spec.contract.outputs[2].name: duplicate name "vpcId"',
      ],
      [
        'a secret never has a default',
        c => {
          c.inputs[4].default = 'hunter2';
        },
        'spec.contract.inputs[4].default: a secret input cannot have a default (it would be stored in the catalog)',
      ],
      [
        'a default has the input type',
        c => {
          c.inputs[1].default = 'three';
        },
        "spec.contract.inputs[1].default: expected an integer, as the input's type is integer",
      ],
      [
        'a map default is an object',
        c => {
          c.inputs[3].default = ['team'];
        },
        "spec.contract.inputs[3].default: expected an object, as the input's type is map",
      ],
      [
        'a default is one of the enum',
        c => {
          c.inputs[2].default = 'gold';
        },
        'spec.contract.inputs[2].default: expected one of standard|premium (constraints.enum)',
      ],
    ])('%s', (_name, mutate, problem) => {
      expect(problemsOf(mutate)).toEqual([problem]);
    });
  });

  it('reports every problem of a contract at once', () => {
    const problems = problemsOf(c => {
      c.inputs[0].type = 'text';
      c.cost.bucket = 'cheap';
      c.unknown = 1;
    });
    expect(problems).toHaveLength(3);
  });

  it('uses the prefix it is given, or none', () => {
    expect(validateContract({ version: 'x' }, { path: '' })).toEqual({
      ok: false,
      problems: ['version: expected a semantic version such as 1.4.0'],
    });
  });
});

describe('formatFieldPath', () => {
  it.each<[string, PropertyKey[], string]>([
    ['spec.contract', ['inputs', 2, 'type'], 'spec.contract.inputs[2].type'],
    ['', ['inputs', 0], 'inputs[0]'],
    ['spec', ['tags', 'a b'], 'spec.tags["a b"]'],
    ['spec', ['tags', 'cost-center'], 'spec.tags.cost-center'],
    [
      'spec',
      ['labels', 'app.kubernetes.io/name'],
      'spec.labels["app.kubernetes.io/name"]',
    ],
    ['spec', [], 'spec'],
  ])('%s + %j', (prefix, path, expected) => {
    expect(formatFieldPath(prefix, path)).toBe(expected);
  });
});
