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
 * One reason per failing field of a zod error, each naming the field
 * (`body.records[0].action must be ...`), for an `InputError` message.
 *
 * @public
 */
export function describeAuditIssues(error: z.ZodError, what: string): string[] {
  return error.issues.map(issue => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return `unknown ${what}${path ? `.${path}` : ''} field${
        issue.keys.length > 1 ? 's' : ''
      } ${issue.keys.join(', ')}`;
    }
    return `${what}${path ? `.${path}` : ''} ${issue.message}`;
  });
}
