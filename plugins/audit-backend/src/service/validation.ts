import { InputError } from '@backstage/errors';
import { describeAuditIssues } from '@goldpath/plugin-audit-common';
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
  throw new InputError(
    `Invalid ${what}: ${describeAuditIssues(result.error, what).join('; ')}`,
  );
}
