/*
 * Test utility for the example templates: the checks that the generated files
 * are what their own tools accept. Each check uses the tool's own parser or
 * schema where a package exists (the YAML parser, the GitHub workflow schema,
 * Prometheus's PromQL grammar, this repository's goldpath-events CLI), and a
 * zod schema of the documented format where none does (promtool's rule file).
 */

import { validateWorkflow } from '@action-validator/core';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { DryRunResult, repoRoot } from './dryRun';

/**
 * The text of a file a dry run generated. Throws, naming the files that were
 * generated, when it was not.
 */
export function generatedFile(result: DryRunResult, name: string): string {
  const text = result.files.get(name);
  if (text === undefined) {
    throw new Error(
      `${name} was not generated; got ${[...result.files.keys()].join(', ')}`,
    );
  }
  return text;
}

/** The YAML syntax errors of every document of a (multi-document) text. */
export function yamlErrors(text: string): string[] {
  return parseAllDocuments(text).flatMap(d => d.errors.map(e => e.message));
}

/**
 * Every document of a (multi-document) YAML text, as plain values. Throws with
 * every syntax error, prefixed by `name`, when any document does not parse.
 */
export function yamlDocuments(text: string, name = 'YAML'): any[] {
  const docs = parseAllDocuments(text);
  const errors = docs.flatMap(d => d.errors.map(e => `${name}: ${e.message}`));
  if (errors.length) {
    throw new Error(errors.join('\n'));
  }
  return docs.map(d => d.toJS());
}

/** Every document of a YAML file a dry run generated (see {@link yamlDocuments}). */
export function generatedYaml(result: DryRunResult, name: string): any[] {
  return yamlDocuments(generatedFile(result, name), name);
}

/**
 * The errors of a GitHub Actions workflow against GitHub's workflow schema
 * (@action-validator/core), one line each: where, what, and the detail.
 */
export function githubWorkflowErrors(text: string): string[] {
  return validateWorkflow(text).errors.map(e => {
    const where =
      'path' in e
        ? e.path
        : `line ${e.location?.line ?? '?'}:${e.location?.column ?? '?'}`;
    return [where, e.code, e.title, e.detail].filter(Boolean).join(': ');
  });
}

/**
 * The PromQL syntax errors of an expression: the error nodes of Prometheus's
 * own grammar (@prometheus-io/lezer-promql), each with its offset and the text
 * there.
 */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  promqlParser.parse(expr).iterate({
    enter: node => {
      if (node.type.isError) {
        errors.push(
          `at ${node.from}: ${JSON.stringify(
            expr.slice(node.from, node.from + 20),
          )}`,
        );
      }
    },
  });
  return errors;
}

/**
 * A duration as the templates write it: a whole number and one unit. A
 * stricter form of Prometheus's duration (which also takes `1h30m`, `500ms`,
 * `1w`, `1y`), so that a generated rule file reads at a glance.
 */
const duration = z.string().regex(/^\d+[smhd]$/);
/** A Prometheus metric name. */
const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
/** A Prometheus label (or annotation) name; `__name__` is not a label to set. */
const labelName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)
  .refine(name => name !== '__name__', 'must not be __name__');
const labels = z.record(labelName, z.string());

/**
 * promtool's rule file (`promtool check rules`): uniquely named groups of
 * recording rules (`record`, `expr`, `labels`) and alerting rules (`alert`,
 * `expr`, `for`, `keep_firing_for`, `labels`, `annotations`), no other keys.
 */
export const promtoolRuleFileSchema = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        interval: duration.optional(),
        limit: z.number().int().min(0).optional(),
        query_offset: duration.optional(),
        labels: labels.optional(),
        rules: z
          .array(
            z.union([
              z.strictObject({
                record: metricName,
                expr: z.string().min(1),
                labels: labels.optional(),
              }),
              z.strictObject({
                alert: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/),
                expr: z.string().min(1),
                for: duration.optional(),
                keep_firing_for: duration.optional(),
                labels: labels.optional(),
                annotations: labels.optional(),
              }),
            ]),
          )
          .min(1),
      }),
    )
    .min(1)
    .refine(
      groups => new Set(groups.map(g => g.name)).size === groups.length,
      'group names must be unique',
    ),
});

export type PromtoolRuleFile = z.infer<typeof promtoolRuleFileSchema>;

/** Where a parsed rule file is not promtool's format (empty when it is). */
export function promtoolRuleFileIssues(doc: unknown): z.core.$ZodIssue[] {
  return promtoolRuleFileSchema.safeParse(doc).error?.issues ?? [];
}

/** One `goldpath-events` invocation in a shell script. */
export interface GoldpathEventsCall {
  /**
   * The whole line of the invocation, trimmed, with backslash-continued lines
   * joined: `$GOLDPATH_EVENTS build --service "$SERVICE" ...`.
   */
  line: string;
  /** The emitter's command: `build`, `change`, `deployment`, `model-health`. */
  command: string;
}

/**
 * The `goldpath-events` invocations of a shell script: through the pipelines'
 * `$GOLDPATH_EVENTS`, or the pinned package (`npx --yes @goldpath/events@1.2.3`).
 */
export function goldpathEventsCalls(script: string): GoldpathEventsCall[] {
  const invocation =
    /(?:\$GOLDPATH_EVENTS|@goldpath\/events@[\d.]+)\s+([a-z-]+)/g;
  return script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .flatMap(line =>
      [...line.matchAll(invocation)].map(m => ({
        line: line.trim(),
        command: m[1],
      })),
    );
}

/**
 * Runs a generated shell script with `goldpath-events` (both
 * `$GOLDPATH_EVENTS` and `npx --yes @goldpath/events@<version>`) replaced by
 * this repository's CLI in --dry-run mode: the real argument parsing and event
 * building, nothing sent. Returns the events of every invocation, in order.
 *
 * The script sees only `env`, and a PATH of node, /usr/bin and /bin, ahead of
 * which stand `commands` (name -> the executable's text, e.g. a stub `gh`).
 * Each of `files` (absolute path -> content) is written to a temporary folder
 * and its path in the script replaced by the written file's. `shell` is the
 * command line that runs the script (default GitHub Actions' `bash -e -c`).
 */
export function runGoldpathEventsDryRun(
  script: string,
  env: Record<string, string>,
  options: {
    files?: Record<string, string>;
    commands?: Record<string, string>;
    shell?: string[];
  } = {},
): any[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goldpath-events-'));
  try {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const cli = path.join(
      repoRoot(),
      'packages/goldpath-events/bin/goldpath-events',
    );
    const emitter = path.join(bin, 'goldpath-events');
    const executables = {
      ...options.commands,
      'goldpath-events': `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@" --dry-run\n`,
    };
    for (const [name, text] of Object.entries(executables)) {
      fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
    }
    let text = script.replace(/npx --yes @goldpath\/events@[\d.]+/g, emitter);
    for (const [name, content] of Object.entries(options.files ?? {})) {
      const file = path.join(dir, path.basename(name));
      fs.writeFileSync(file, content);
      text = text.split(name).join(file);
    }
    const [shell, ...args] = options.shell ?? ['bash', '-e', '-c'];
    const out = execFileSync(shell, [...args, text], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
        ...env,
        GOLDPATH_EVENTS: emitter,
      },
    });
    // One JSON document per invocation.
    return out
      .split(/^(?=\{)/m)
      .filter(s => s.trim())
      .flatMap(s => JSON.parse(s).events);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
