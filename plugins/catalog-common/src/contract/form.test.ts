import {
  checkContractForm,
  contractFormDefaults,
  contractProblemField,
  contractRegionChoices,
  contractToFormSchema,
  contractVersionChoices,
} from './form';
import { checkContractValues } from './checkValues';
import { validateContract } from './validate';

function contractOf(input: unknown) {
  const result = validateContract(input, { path: 'spec.contract' });
  if (!result.ok) {
    throw new Error(`test contract is invalid: ${result.problems.join(', ')}`);
  }
  return result.contract;
}

const contract = contractOf({
  version: '3.1.0',
  inputs: [
    {
      name: 'storage_gb',
      type: 'integer',
      required: true,
      description: 'Disk size',
      constraints: { min: 20, max: 2000 },
    },
    {
      name: 'engine_version',
      type: 'string',
      default: '16',
      constraints: { enum: ['14', '15', '16'] },
    },
    { name: 'ratio', type: 'number' },
    { name: 'ha', type: 'boolean', default: false },
    {
      name: 'name',
      type: 'string',
      constraints: { pattern: '^[a-z]+$', minLength: 3, maxLength: 8 },
    },
    { name: 'zones', type: 'array', constraints: { maxLength: 2 } },
    { name: 'tags', type: 'map' },
    { name: 'settings', type: 'object' },
    { name: 'db_password', type: 'secret', required: true },
  ],
  constraints: { regions: ['eu-west-1', 'us-east-1'] },
  compatibility: [
    { version: '3.1.0', compatibleWith: ['>=3.0.0 <3.2.0'] },
    { version: '3.0.0', compatibleWith: ['>=3.0.0 <3.1.0'] },
    { version: '2.5.0', compatibleWith: ['^2.0.0'] },
    { version: '>=1.0.0 <2.0.0', compatibleWith: ['^1.0.0'] },
  ],
});

describe('contractToFormSchema', () => {
  const schema = contractToFormSchema(contract) as any;

  it('is a draft-07 object schema of version, region and values', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['version', 'region', 'values']);
    expect(schema.properties.values.additionalProperties).toBe(false);
  });

  it('maps input types, constraints, defaults and descriptions', () => {
    const p = schema.properties.values.properties;
    expect(p.storage_gb).toEqual({
      title: 'storage_gb',
      type: 'integer',
      description: 'Disk size',
      minimum: 20,
      maximum: 2000,
    });
    expect(p.engine_version).toEqual({
      title: 'engine_version',
      type: 'string',
      default: '16',
      enum: ['14', '15', '16'],
    });
    expect(p.ratio.type).toBe('number');
    expect(p.ha).toEqual({ title: 'ha', type: 'boolean', default: false });
    expect(p.name).toMatchObject({
      pattern: '^[a-z]+$',
      minLength: 3,
      maxLength: 8,
    });
    expect(p.zones).toEqual({ title: 'zones', type: 'array', maxItems: 2 });
    expect(p.tags).toEqual({
      title: 'tags',
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(p.settings.type).toBe('object');
    expect(p.db_password).toEqual({
      title: 'db_password',
      type: 'string',
      'ui:widget': 'password',
    });
  });

  it('requires the required inputs without a default', () => {
    expect(schema.properties.values.required).toEqual([
      'storage_gb',
      'db_password',
    ]);
  });

  it('offers the regions and the compatible versions', () => {
    expect(schema.properties.region.enum).toEqual(['eu-west-1', 'us-east-1']);
    expect(schema.properties.version).toMatchObject({
      enum: ['3.1.0', '3.0.0'],
      default: '3.1.0',
    });
  });

  it('takes any region when the contract lists none', () => {
    const any = contractToFormSchema(
      contractOf({ version: '1.0.0', inputs: [] }),
    ) as any;
    expect(any.properties.region).toMatchObject({ type: 'string' });
    expect(any.properties.region.enum).toBeUndefined();
    expect(any.required).toEqual(['version', 'values']);
  });
});

describe('contractVersionChoices and contractRegionChoices', () => {
  it('lists the current version alone without compatibility rows', () => {
    expect(contractVersionChoices({ version: '2.0.0' })).toEqual(['2.0.0']);
  });

  it('drops rows the current contract no longer accepts', () => {
    // 2.5.0 is a row, but no row of 3.1.0 accepts 2.x consumers.
    expect(contractVersionChoices(contract)).not.toContain('2.5.0');
  });

  it('has no regions when any is allowed', () => {
    expect(contractRegionChoices({})).toBeUndefined();
    expect(contractRegionChoices(contract)).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('contractFormDefaults', () => {
  it('starts with the defaults and the current version', () => {
    expect(contractFormDefaults(contract)).toEqual({
      version: '3.1.0',
      values: { engine_version: '16', ha: false },
    });
  });

  it('picks the only region', () => {
    expect(
      contractFormDefaults(
        contractOf({
          version: '1.0.0',
          constraints: { regions: ['eu-west-1'] },
        }),
      ).region,
    ).toBe('eu-west-1');
  });
});

describe('checkContractForm', () => {
  const good = {
    version: '3.0.0',
    region: 'eu-west-1',
    values: { storage_gb: 100, db_password: 's3cr3t' },
  };

  it('accepts values inside the contract', () => {
    expect(checkContractForm(contract, good)).toEqual([]);
  });

  it("reports violations with checkContractValues's messages", () => {
    const value = {
      ...good,
      region: 'ap-south-1',
      values: { ...good.values, storage_gb: 5, name: 'AB' },
    };
    const problems = checkContractForm(contract, value);
    expect(problems).toEqual(
      checkContractValues(contract, value.values, { region: value.region }),
    );
    expect(problems).toEqual([
      'storage_gb: must be at least 20',
      'name: must match ^[a-z]+$',
      'name: must have at least 3 characters',
      'region: must be one of eu-west-1|us-east-1',
    ]);
    expect(problems.join('\n')).not.toContain('s3cr3t');
  });

  it('reports a missing region, version and required input', () => {
    expect(checkContractForm(contract, { values: {} })).toEqual([
      'storage_gb: is required',
      'db_password: is required',
      'region: is required',
      'version: is required',
    ]);
    expect(checkContractForm(contract, undefined)).toContain(
      'version: is required',
    );
  });

  it('reports a version the contract does not accept', () => {
    expect(checkContractForm(contract, { ...good, version: '2.5.0' })).toEqual([
      'version: must be one of 3.1.0|3.0.0',
    ]);
  });

  it('names the field of a problem', () => {
    expect(contractProblemField('storage_gb: must be at least 20')).toBe(
      'storage_gb',
    );
    expect(contractProblemField('nothing')).toBe('');
  });
});
