import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

const validator = makeValidator();

/** `a.b[0].c` for a zod issue path. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * Parses request input with a zod schema; on failure throws an `InputError`
 * that names every failing field (never a raw ZodError, which would be a 500).
 */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const reasons = result.error.issues.map(issue => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return `unknown ${what} parameter${
        issue.keys.length > 1 ? 's' : ''
      } ${issue.keys.join(', ')}`;
    }
    return `${what}${path ? `.${path}` : ''} ${issue.message}`;
  });
  throw new InputError(`Invalid ${what}: ${reasons.join('; ')}`);
}

/**
 * An entity ref as Goldpath stores it: full (`kind:namespace/name`) and in
 * lower case. `kind:` defaults to `component:`, the namespace to `default`.
 * Undefined when the text is no valid ref.
 */
export function normalizeEntityRef(text: string): string | undefined {
  try {
    const ref = parseEntityRef(text.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    if (
      !validator.isValidKind(ref.kind) ||
      !validator.isValidNamespace(ref.namespace) ||
      !validator.isValidEntityName(ref.name)
    ) {
      return undefined;
    }
    return `${ref.kind}:${ref.namespace}/${ref.name}`.toLocaleLowerCase(
      'en-US',
    );
  } catch {
    return undefined;
  }
}

/** A zod string that is an entity ref, turned into its normalised form. */
export const entityRefSchema = z.string().transform((value, ctx) => {
  const ref = normalizeEntityRef(value);
  if (!ref) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be an entity ref like component:default/checkout (kind and namespace may be left out)',
    });
    return z.NEVER;
  }
  return ref;
});
