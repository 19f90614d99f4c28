import type { z } from 'zod';

/**
 * Thrown when a request body is malformed or is no known report format. The
 * message names the document (or NDJSON line) and the field, e.g.
 * `document 1: results[3].resources: expected an array, got an object`.
 *
 * @public
 */
export class PolicyReportInputError extends Error {
  name = 'PolicyReportInputError';
  // The one-argument signature is the published API (Error's is wider).
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(message: string) {
    super(message);
  }
}

/**
 * Where a document came from: `label` is `document 2` or `line 7`, `path` is
 * the prefix inside it (`items[3]` for a List item, `''` at the top).
 */
export interface DocumentContext {
  label: string;
  path: string;
}

/** Joins path segments the way the messages print them: `items[2].results[0]`. */
export function joinPath(...parts: Array<string | undefined>): string {
  let out = '';
  for (const part of parts) {
    if (!part) continue;
    out += out && !part.startsWith('[') ? `.${part}` : part;
  }
  return out;
}

/** Formats a zod issue path as `a.b[0].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** `document 1: items[2].results[0]: <message>`, or `document 1: <message>` at the top. */
export function located(
  ctx: DocumentContext,
  path: string,
  message: string,
): string {
  const where = joinPath(ctx.path, path);
  return where
    ? `${ctx.label}: ${where}: ${message}`
    : `${ctx.label}: ${message}`;
}

/** `an array`, `a string`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function article(expected: string): string {
  switch (expected) {
    case 'array':
      return 'an array';
    case 'object':
    case 'record':
      return 'an object';
    case 'int':
      return 'an integer';
    default:
      return `a ${expected}`;
  }
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function issueMessage(input: unknown, issue: z.core.$ZodIssue): string {
  const value = valueAt(input, issue.path);
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'is required';
    return `expected ${article(issue.expected)}, got ${describeValue(value)}`;
  }
  if (issue.code === 'invalid_value') {
    return `expected ${issue.values
      .map(v => JSON.stringify(v))
      .join(' or ')}, got ${
      typeof value === 'string' ? JSON.stringify(value) : describeValue(value)
    }`;
  }
  if (issue.code === 'too_small') {
    if (issue.origin === 'string' && Number(issue.minimum) === 1) {
      return 'must not be empty';
    }
    return `must be at least ${String(issue.minimum)}, got ${
      typeof value === 'number' ? value : describeValue(value)
    }`;
  }
  return issue.message;
}

/** The schema failures of one document as one message (the first three issues). */
export function schemaError(
  ctx: DocumentContext,
  input: unknown,
  issues: z.core.$ZodIssue[],
): PolicyReportInputError {
  const shown = issues.slice(0, 3).map(issue => {
    const where = joinPath(ctx.path, formatPath(issue.path));
    const message = issueMessage(input, issue);
    return where ? `${where}: ${message}` : message;
  });
  const more =
    issues.length > 3 ? ` (and ${issues.length - 3} more problems)` : '';
  return new PolicyReportInputError(`${ctx.label}: ${shown.join('; ')}${more}`);
}
