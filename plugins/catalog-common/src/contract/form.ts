import semver from 'semver';
import { checkContractValues } from './checkValues';
import { isVersionCompatible } from './compatibility';
import { Contract, ContractParameter } from './schema';

/**
 * A JSON Schema (draft-07) object, with the scaffolder's `ui:*` keys inline
 * the way template parameters carry them.
 *
 * @public
 */
export type ContractFormJsonSchema = {
  [key: string]: unknown;
};

/**
 * What a form built from a contract stores: the block, the contract version
 * the consumer is built against, the region it deploys to, and the values of
 * the block's inputs by name.
 *
 * @public
 */
export interface ContractFormValue {
  block?: string;
  version?: string;
  region?: string;
  values?: Record<string, unknown>;
}

/**
 * The contract versions a new consumer can be built against: the current
 * version first, then the concrete versions of `compatibility[]` rows that
 * the current contract still accepts (newest first). Ranges are not choices.
 *
 * @public
 */
export function contractVersionChoices(
  contract: Pick<Contract, 'version' | 'compatibility'>,
): string[] {
  const others = (contract.compatibility ?? [])
    .map(row => semver.valid(row.version))
    .filter((v): v is string => v !== null)
    .filter(v => v !== contract.version && isVersionCompatible(v, contract));
  const unique = [...new Set(others)].sort(semver.rcompare);
  return [contract.version, ...unique];
}

/**
 * The regions the block can run in; `undefined` when the contract allows any.
 *
 * @public
 */
export function contractRegionChoices(
  contract: Pick<Contract, 'constraints'>,
): string[] | undefined {
  const regions = contract.constraints?.regions;
  return regions && regions.length > 0 ? [...regions] : undefined;
}

const JSON_TYPES: Record<ContractParameter['type'], string> = {
  string: 'string',
  secret: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  array: 'array',
  object: 'object',
  map: 'object',
};

/**
 * The JSON Schema of one contract input.
 *
 * @public
 */
export function contractInputToJsonSchema(
  input: ContractParameter,
): ContractFormJsonSchema {
  const schema: ContractFormJsonSchema = {
    title: input.name,
    type: JSON_TYPES[input.type],
  };
  if (input.description) schema.description = input.description;
  if (input.type === 'secret') schema['ui:widget'] = 'password';
  if (input.type === 'map') schema.additionalProperties = { type: 'string' };
  if (input.default !== undefined && input.type !== 'secret') {
    schema.default = input.default;
  }
  const c = input.constraints;
  if (c) {
    if (c.enum) schema.enum = [...c.enum];
    if (c.pattern !== undefined) schema.pattern = c.pattern;
    if (c.min !== undefined) schema.minimum = c.min;
    if (c.max !== undefined) schema.maximum = c.max;
    if (input.type === 'array') {
      if (c.minLength !== undefined) schema.minItems = c.minLength;
      if (c.maxLength !== undefined) schema.maxItems = c.maxLength;
    } else {
      if (c.minLength !== undefined) schema.minLength = c.minLength;
      if (c.maxLength !== undefined) schema.maxLength = c.maxLength;
    }
  }
  return schema;
}

/**
 * The JSON Schema (draft-07) of a form built from a building block's
 * contract, for a value of the shape {@link ContractFormValue}:
 *
 * - `values`: one property per input (types mapped to JSON types, `secret`
 *   as a string with `ui:widget: password`, `enum`, `pattern`, `min`/`max`
 *   as `minimum`/`maximum`, `minLength`/`maxLength` (`minItems`/`maxItems`
 *   for arrays), defaults and descriptions), `required` listing the required
 *   inputs without a default, no other properties;
 * - `region`: an enum of `constraints.regions` (required), or a free string
 *   when the contract allows any region;
 * - `version`: an enum of {@link contractVersionChoices}, the current version
 *   as default.
 *
 * The rules are the ones {@link checkContractValues} checks, which
 * {@link checkContractForm} runs, so the form and the backend agree.
 *
 * @public
 */
export function contractToFormSchema(
  contract: Pick<
    Contract,
    'version' | 'inputs' | 'constraints' | 'compatibility'
  >,
): ContractFormJsonSchema {
  const properties: Record<string, ContractFormJsonSchema> = {};
  const required: string[] = [];
  for (const input of contract.inputs) {
    properties[input.name] = contractInputToJsonSchema(input);
    if (input.required && input.default === undefined) {
      required.push(input.name);
    }
  }
  const regions = contractRegionChoices(contract);
  const versions = contractVersionChoices(contract);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      version: {
        title: 'Contract version',
        description: 'The contract version this consumer is built against',
        type: 'string',
        enum: versions,
        default: contract.version,
      },
      region: regions
        ? {
            title: 'Region',
            description: 'The region to deploy to',
            type: 'string',
            enum: regions,
          }
        : {
            title: 'Region',
            description: 'The region to deploy to (the block runs in any)',
            type: 'string',
            minLength: 1,
          },
      values: {
        type: 'object',
        properties,
        required,
        additionalProperties: false,
      },
    },
    required: regions ? ['version', 'region', 'values'] : ['version', 'values'],
  };
}

/**
 * The values a form starts with: each input's default (never a secret's,
 * which has none), the current contract version, and the only region when
 * the block runs in exactly one.
 *
 * @public
 */
export function contractFormDefaults(
  contract: Pick<Contract, 'version' | 'inputs' | 'constraints'>,
): Required<Pick<ContractFormValue, 'version' | 'values'>> &
  Pick<ContractFormValue, 'region'> {
  const values: Record<string, unknown> = {};
  for (const input of contract.inputs) {
    if (input.default !== undefined) values[input.name] = input.default;
  }
  const regions = contractRegionChoices(contract);
  return {
    version: contract.version,
    values,
    ...(regions?.length === 1 ? { region: regions[0] } : {}),
  };
}

/**
 * Checks a form value against the contract: the values and region with
 * {@link checkContractValues} (same messages, `<parameter>: <rule>`), a
 * missing region when the contract lists regions (`region: is required`),
 * and the version against {@link contractVersionChoices}
 * (`version: must be one of 3.1.0|3.0.0`). Empty list: the value is fine.
 *
 * @public
 */
export function checkContractForm(
  contract: Pick<
    Contract,
    'version' | 'inputs' | 'constraints' | 'compatibility'
  >,
  value: ContractFormValue | undefined,
): string[] {
  const problems = checkContractValues(contract, value?.values ?? {}, {
    region: value?.region,
  });
  if (value?.region === undefined && contractRegionChoices(contract)) {
    problems.push('region: is required');
  }
  const versions = contractVersionChoices(contract);
  if (value?.version === undefined) {
    problems.push('version: is required');
  } else if (!versions.includes(value.version)) {
    problems.push(`version: must be one of ${versions.join('|')}`);
  }
  return problems;
}

/**
 * The input (or `region`/`version`) a problem of {@link checkContractForm} names.
 *
 * @public
 */
export function contractProblemField(problem: string): string {
  const i = problem.indexOf(':');
  return i < 0 ? '' : problem.slice(0, i);
}
