import { z } from 'zod';
import { Contract, contractSchema } from './schema';

/**
 * The answer of {@link validateContract}.
 *
 * @public
 */
export type ContractValidationResult =
  | { ok: true; contract: Contract }
  | { ok: false; problems: string[] };

type Issue = z.core.$ZodIssue;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Formats a field path the way authors write it: `inputs[2].type`,
 * `emits.labels["app.kubernetes.io/name"]`, prefixed with `prefix`.
 *
 * @public
 */
export function formatFieldPath(
  prefix: string,
  path: readonly PropertyKey[],
): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
    } else {
      const name = String(key);
      if (IDENTIFIER.test(name)) {
        out += out ? `.${name}` : name;
      } else {
        out += `[${JSON.stringify(name)}]`;
      }
    }
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'a number' : 'a decimal number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'object':
    case 'array':
      return `an ${expected}`;
    default:
      return `a ${expected}`;
  }
}

const plural = (n: number | bigint, word: string) =>
  `${n} ${word}${Number(n) === 1 ? '' : 's'}`;

/** zod's own wording starts with these; our schema's messages don't. */
const DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized)/;

/**
 * Walks the schema along a path to the object schema there, to list the
 * fields an unknown key could have been meant as.
 */
function knownFields(path: readonly PropertyKey[]): string[] | undefined {
  let schema: any = contractSchema;
  const unwrap = () => {
    for (let i = 0; i < 10; i++) {
      const def = schema?._zod?.def;
      if (!def) return;
      if (
        ['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(
          def.type,
        )
      ) {
        schema = def.innerType;
      } else if (def.type === 'pipe') {
        schema = def.in;
      } else {
        return;
      }
    }
  };
  for (const key of path) {
    unwrap();
    const def = schema?._zod?.def;
    if (!def) return undefined;
    if (def.type === 'array' && typeof key === 'number') {
      schema = def.element;
    } else if (def.type === 'object' && typeof key === 'string') {
      schema = def.shape?.[key];
    } else if (def.type === 'record') {
      schema = def.valueType;
    } else {
      return undefined;
    }
  }
  unwrap();
  const def = schema?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : undefined;
}

function describeIssue(issue: Issue, input: unknown): string {
  if (
    (issue.code === 'invalid_type' ||
      issue.code === 'invalid_value' ||
      issue.code === 'invalid_union') &&
    valueAt(input, issue.path) === undefined
  ) {
    return 'required';
  }
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      return `expected ${expectedName(issue.expected)}, got ${typeName(value)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${String(issue.values[0])}`
        : `expected one of ${issue.values.map(String).join('|')}`;
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `expected at least ${plural(min, 'item')}`;
      }
      if (issue.origin === 'string') {
        return Number(min) === 1
          ? 'must not be empty'
          : `expected at least ${plural(min, 'character')}`;
      }
      return issue.inclusive
        ? `must be at least ${min}`
        : `must be greater than ${min}`;
    }
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `expected at most ${plural(max, 'item')}`;
      }
      if (issue.origin === 'string') {
        return `expected at most ${plural(max, 'character')}`;
      }
      return issue.inclusive
        ? `must be at most ${max}`
        : `must be less than ${max}`;
    }
    case 'invalid_format':
      if (!DEFAULT_MESSAGE.test(issue.message)) return issue.message;
      if (issue.format === 'regex' && 'pattern' in issue) {
        return `expected a string matching ${String(issue.pattern)}`;
      }
      if (issue.format === 'url') return 'expected a URL';
      return `expected a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_union': {
      const expected = new Set<string>();
      for (const branch of issue.errors) {
        for (const inner of branch) {
          if (inner.code === 'invalid_type' && inner.path.length === 0) {
            expected.add(expectedName(inner.expected));
          }
        }
      }
      const list = [...expected];
      if (list.length === 0) return 'does not match any allowed form';
      const last = list.pop();
      return `expected ${list.length ? `${list.join(', ')} or ` : ''}${last}`;
    }
    case 'invalid_key':
      return 'invalid key';
    case 'invalid_element':
      return 'invalid element';
    case 'unrecognized_keys':
      return 'unknown field';
    case 'custom':
    default:
      return issue.message;
  }
}

/**
 * Validates a building-block contract. Each problem names the field the way
 * an author sees it, prefixed with `options.path`:
 * `spec.contract.inputs[2].type: expected one of string|number|...`. Unknown
 * fields are problems too (one per field, with the fields known there).
 *
 * On success, `contract` is the normalised contract: defaults applied
 * (`inputs: []`, `required: false`, ...), nothing else added.
 *
 * @public
 */
export function validateContract(
  input: unknown,
  options: { path: string },
): ContractValidationResult {
  const parsed = contractSchema.safeParse(input);
  if (parsed.success) {
    return { ok: true, contract: parsed.data };
  }
  const problems: string[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownFields(issue.path);
      for (const key of issue.keys) {
        problems.push(
          `${formatFieldPath(options.path, [
            ...issue.path,
            key,
          ])}: unknown field${known ? ` (known: ${known.join(', ')})` : ''}`,
        );
      }
      continue;
    }
    const where = formatFieldPath(options.path, issue.path) || '(contract)';
    problems.push(`${where}: ${describeIssue(issue, input)}`);
  }
  return { ok: false, problems };
}
