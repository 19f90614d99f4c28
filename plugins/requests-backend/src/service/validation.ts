import { InputError } from '@backstage/errors';
import { z } from 'zod';

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
      return `unknown ${what} field${issue.keys.length > 1 ? 's' : ''} ${
        path ? `${path}.` : ''
      }${issue.keys.join(', ')}`;
    }
    return `${what}${path ? `.${path}` : ''} ${issue.message}`;
  });
  throw new InputError(`Invalid ${what}: ${reasons.join('; ')}`);
}
