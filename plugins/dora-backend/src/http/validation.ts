import { InputError } from '@backstage/errors';
import { formatFieldPath, parseInstant } from '@goldpath/plugin-dora-common';
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

/** An optional `asOf` query parameter: an ISO 8601 instant with an offset, as epoch ms. */
export const asOfQueryParam = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const ms = parseInstant(v);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an ISO 8601 date-time with an offset',
      });
      return z.NEVER;
    }
    return ms;
  });
