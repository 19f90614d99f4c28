import { z } from 'zod';
import type { ParsedPolicyReport, PolicyResult } from '../types';
import { DocumentContext, schemaError } from './errors';
import {
  compact,
  looseRecord,
  optionalString,
  stringProperties,
} from './values';

/**
 * Conftest's JSON output (`conftest test -o json`): an array with one entry
 * per file, `{filename, namespace?, successes, skipped[], warnings[],
 * failures[], exceptions[]}`, each result `{msg, metadata?, loc?}`.
 *
 * Mapping (one report per document, producer `conftest`, no audit time: the
 * output carries none):
 * - `failures[]` → `fail`, `warnings[]` → `warn`, `skipped[]` → `skip`,
 *   `exceptions[]` → `fail` excepted by `{ kind: 'policy-exception' }` (a rule
 *   that failed but an `exception` rule let it through).
 * - `policy` is `metadata.query` when the rule returned one, else the file's
 *   `namespace` (current Conftest versions write it), else `conftest`. Conftest
 *   names no rule, so `rule` is the result's message (`msg`), which is what
 *   tells one failure of a file from another; `file` is `filename` (`-` or
 *   empty, i.e. stdin, is no file), the rest of `metadata` and `loc.line` go to
 *   `properties`.
 * - `successes` is a number, not a list: the passing rules are not named. A
 *   file with `successes > 0` yields ONE `pass` result (policy as above, no
 *   rule) with `properties.successes` holding the number, so a file that
 *   passed is visible without inventing rule names. Counts therefore show one
 *   pass per file, not one per rule.
 */

const conftestResult = z.looseObject({
  msg: z.string(),
  metadata: looseRecord,
  loc: z
    .looseObject({
      file: optionalString,
      line: z.union([z.number(), z.string()]).nullish(),
    })
    .nullish(),
});

const conftestFile = z.looseObject({
  filename: z.string(),
  namespace: optionalString,
  successes: z.number().int().nonnegative().nullish(),
  skipped: z.array(conftestResult).nullish(),
  warnings: z.array(conftestResult).nullish(),
  failures: z.array(conftestResult).nullish(),
  exceptions: z.array(conftestResult).nullish(),
});

const conftestOutput = z.array(conftestFile);

type ConftestResult = z.infer<typeof conftestResult>;

function isConftestFile(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return (
    typeof v.filename === 'string' &&
    (typeof v.successes === 'number' ||
      ['failures', 'warnings', 'exceptions', 'skipped'].some(k =>
        Array.isArray(v[k]),
      ))
  );
}

/** Why `doc` is not Conftest JSON output, or undefined when it is. */
export function mismatchConftest(doc: unknown): string | undefined {
  if (Array.isArray(doc)) {
    if (doc.length === 0)
      return 'expected Conftest results, got an empty array';
    const bad = doc.findIndex(entry => !isConftestFile(entry));
    return bad === -1
      ? undefined
      : `[${bad}]: expected a Conftest result ({filename, successes, failures, ...})`;
  }
  return isConftestFile(doc)
    ? undefined
    : 'expected the array `conftest test -o json` writes';
}

/** Parses Conftest JSON output (an array, or one of its entries). */
export function parseConftest(
  doc: unknown,
  ctx: DocumentContext,
): ParsedPolicyReport {
  const input = Array.isArray(doc) ? doc : [doc];
  const parsed = conftestOutput.safeParse(input);
  if (!parsed.success) {
    const issues = Array.isArray(doc)
      ? parsed.error.issues
      : parsed.error.issues.map(i => ({ ...i, path: i.path.slice(1) }));
    throw schemaError(ctx, doc, issues);
  }
  const results: PolicyResult[] = [];
  for (const entry of parsed.data) {
    const file =
      entry.filename && entry.filename !== '-' ? entry.filename : undefined;
    const namespace = entry.namespace || undefined;
    const make = (
      raw: ConftestResult,
      status: PolicyResult['status'],
      excepted: boolean,
    ): PolicyResult => {
      const query =
        typeof raw.metadata?.query === 'string' && raw.metadata.query
          ? raw.metadata.query
          : undefined;
      const properties = stringProperties(
        {
          ...(raw.metadata ?? {}),
          ...(raw.loc?.line !== undefined && raw.loc?.line !== null
            ? { line: String(raw.loc.line) }
            : {}),
        },
        ['query'],
      );
      return compact({
        policy: query ?? namespace ?? 'conftest',
        rule: raw.msg || undefined,
        status,
        message: raw.msg || undefined,
        file,
        exception: excepted
          ? compact({
              kind: 'policy-exception' as const,
              reason: raw.msg || undefined,
            })
          : undefined,
        properties,
      });
    };
    for (const r of entry.failures ?? []) results.push(make(r, 'fail', false));
    for (const r of entry.warnings ?? []) results.push(make(r, 'warn', false));
    for (const r of entry.exceptions ?? []) results.push(make(r, 'fail', true));
    for (const r of entry.skipped ?? []) results.push(make(r, 'skip', false));
    if (entry.successes && entry.successes > 0) {
      results.push(
        compact({
          policy: namespace ?? 'conftest',
          status: 'pass' as const,
          file,
          properties: { successes: String(entry.successes) },
        }),
      );
    }
  }
  return { format: 'conftest', producer: 'conftest', results, skipped: [] };
}
