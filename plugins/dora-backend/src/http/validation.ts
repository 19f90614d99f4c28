import { InputError } from '@backstage/errors';
import { formatFieldPath } from '@goldpath/plugin-dora-common';
import { z } from 'zod';

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
    const path = formatFieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return `unknown ${what} parameter${
        issue.keys.length > 1 ? 's' : ''
      } ${issue.keys.join(', ')}`;
    }
    return `${what}${path ? `.${path}` : ''} ${issue.message}`;
  });
  throw new InputError(`Invalid ${what}: ${reasons.join('; ')}`);
}
