import { Contract, ContractParameter } from './schema';

/**
 * Options of {@link checkContractValues}.
 *
 * @public
 */
export interface CheckContractValuesOptions {
  /**
   * The region the values are meant for, checked against the contract's
   * `constraints.regions` (absent there: any region).
   */
  region?: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a value of `type` must be; `undefined` when the value has that type. */
function typeProblem(
  type: ContractParameter['type'],
  value: unknown,
): string | undefined {
  switch (type) {
    case 'string':
    case 'secret':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : 'must be a number';
    case 'integer':
      return Number.isInteger(value) ? undefined : 'must be an integer';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
    case 'array':
      return Array.isArray(value) ? undefined : 'must be an array';
    case 'object':
    case 'map':
      return isPlainObject(value) ? undefined : 'must be an object';
    default:
      return `has a type this check does not know (${String(type)})`;
  }
}

/** The constraint problems of a value that has its input's type. */
function constraintProblems(
  parameter: ContractParameter,
  value: unknown,
): string[] {
  const c = parameter.constraints;
  if (!c) return [];
  const problems: string[] = [];
  if (c.enum && !c.enum.some(allowed => allowed === value)) {
    problems.push(`must be one of ${c.enum.join('|')}`);
  }
  if (c.pattern !== undefined && typeof value === 'string') {
    if (!new RegExp(c.pattern).test(value)) {
      problems.push(`must match ${c.pattern}`);
    }
  }
  if (typeof value === 'number') {
    if (c.min !== undefined && value < c.min) {
      problems.push(`must be at least ${c.min}`);
    }
    if (c.max !== undefined && value > c.max) {
      problems.push(`must be at most ${c.max}`);
    }
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    const unit = typeof value === 'string' ? 'characters' : 'items';
    if (c.minLength !== undefined && value.length < c.minLength) {
      problems.push(`must have at least ${c.minLength} ${unit}`);
    }
    if (c.maxLength !== undefined && value.length > c.maxLength) {
      problems.push(`must have at most ${c.maxLength} ${unit}`);
    }
  }
  return problems;
}

/**
 * Checks parameter values (a scaffolder form's answers) against a building
 * block's contract: every input's `required`, `type` and constraints
 * (`enum`, `pattern`, `min`/`max`, `minLength`/`maxLength`), parameters the
 * contract does not declare, and `options.region` against
 * `constraints.regions`.
 *
 * Returns one problem per violation as `<parameter>: <rule>`, e.g.
 * `instance_profile_arn: must match ^arn:aws:iam::`; an empty list when the
 * values satisfy the contract. Messages never contain the values (an input
 * may be a secret). A required input with a default may be left out.
 *
 * @public
 */
export function checkContractValues(
  contract: Pick<Contract, 'inputs' | 'constraints'>,
  values: Readonly<Record<string, unknown>>,
  options: CheckContractValuesOptions = {},
): string[] {
  const problems: string[] = [];
  const known = new Set<string>();
  for (const parameter of contract.inputs) {
    known.add(parameter.name);
    const value = Object.prototype.hasOwnProperty.call(values, parameter.name)
      ? values[parameter.name]
      : undefined;
    if (value === undefined) {
      if (parameter.required && parameter.default === undefined) {
        problems.push(`${parameter.name}: is required`);
      }
      continue;
    }
    const wrongType = typeProblem(parameter.type, value);
    if (wrongType) {
      problems.push(`${parameter.name}: ${wrongType}`);
      continue;
    }
    for (const problem of constraintProblems(parameter, value)) {
      problems.push(`${parameter.name}: ${problem}`);
    }
  }
  const unknown = Object.keys(values)
    .filter(name => !known.has(name) && values[name] !== undefined)
    .sort();
  for (const name of unknown) {
    problems.push(`${name}: is not an input of the contract`);
  }
  const regions = contract.constraints?.regions;
  if (
    options.region !== undefined &&
    regions &&
    !regions.includes(options.region)
  ) {
    problems.push(`region: must be one of ${regions.join('|')}`);
  }
  return problems;
}
