/**
 * `goldpath-events policy`: reading a pipeline's policy results (Conftest
 * JSON output or SARIF 2.1.0) from a file or standard input, refusing what
 * is obviously not such a report before anything is sent, and the lines
 * printed about it. The report is sent unchanged: the policy backend parses
 * it.
 */

import { createReadStream, promises as fs } from 'node:fs';
import { PolicyIngestResult } from './client';
import { UsageError } from './errors';

/** The formats `goldpath-events policy --format` takes. */
export const POLICY_FORMATS = ['conftest', 'sarif'] as const;
export type PolicyFormat = (typeof POLICY_FORMATS)[number];

/** The largest report sent (the policy backend's default body limit). */
export const MAX_REPORT_BYTES = 10 * 1024 * 1024;

/** How many characters of the report `--dry-run` shows. */
export const DRY_RUN_PREVIEW_CHARS = 500;

/** Standard input, as `process.stdin` is one. */
export type Stdin = AsyncIterable<Uint8Array | string> & { isTTY?: boolean };

/** A report as read: the bytes to send and where they came from. */
export interface ReportInput {
  bytes: Uint8Array;
  /** `results.json` or `standard input`, for messages. */
  name: string;
}

const MB = 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

const TOO_LARGE = `the policy backend takes at most ${
  MAX_REPORT_BYTES / MB
} MB (${MAX_REPORT_BYTES} bytes); split the report (e.g. one conftest run per folder)`;

async function readAll(
  stream: AsyncIterable<Uint8Array | string>,
  name: string,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.from(chunk);
    size += buffer.length;
    if (size > MAX_REPORT_BYTES) {
      // Leaving the loop closes the stream: nothing more is read.
      throw new UsageError(
        `${name} holds more than ${MAX_REPORT_BYTES / MB} MB; ${TOO_LARGE}`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

function fileError(file: string, error: unknown): UsageError {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ENOENT') {
    return new UsageError(
      `${file}: no such file (did the scan step write it?)`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new UsageError(`${file}: not allowed to read it`);
  }
  if (code === 'EISDIR') return new UsageError(`${file} is a directory`);
  return new UsageError(
    `${file}: cannot read it (${code ?? (error as Error)?.message ?? error})`,
  );
}

/**
 * Reads the report from `file`, or from `stdin` for `-`, at most
 * {@link MAX_REPORT_BYTES} (larger input is refused, and not read further).
 */
export async function readReport(
  file: string,
  stdin: Stdin | undefined,
): Promise<ReportInput> {
  if (file === '-') {
    const name = 'standard input';
    if (!stdin) throw new UsageError('there is no standard input to read');
    if (stdin.isTTY) {
      throw new UsageError(
        'standard input is a terminal: pipe the report in (conftest test -o json ... | goldpath-events policy ... -) or name its file',
      );
    }
    return { bytes: await readAll(stdin, name), name };
  }
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw fileError(file, error);
  }
  if (stat.isDirectory()) throw new UsageError(`${file} is a directory`);
  if (stat.size > MAX_REPORT_BYTES) {
    throw new UsageError(`${file} is ${megabytes(stat.size)}; ${TOO_LARGE}`);
  }
  try {
    // A stream, not readFile: a FIFO (`<(conftest ...)`) has no size to check.
    return { bytes: await readAll(createReadStream(file), file), name: file };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw fileError(file, error);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

function isSarifLike(doc: unknown): boolean {
  return (
    typeof doc === 'object' &&
    doc !== null &&
    !Array.isArray(doc) &&
    'runs' in doc &&
    'version' in doc
  );
}

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

/** The other format's report, given with the wrong `--format`. */
function otherFormat(doc: unknown, format: PolicyFormat): string | undefined {
  if (format === 'conftest' && isSarifLike(doc)) {
    return 'is a SARIF log, not Conftest JSON output: use --format sarif';
  }
  if (
    format === 'sarif' &&
    Array.isArray(doc) &&
    doc.length > 0 &&
    doc.every(isConftestFile)
  ) {
    return 'is Conftest JSON output, not a SARIF log: use --format conftest';
  }
  return undefined;
}

/** Why `doc` is not Conftest JSON output, or undefined when it is. */
function conftestMismatch(doc: unknown): string | undefined {
  if (!Array.isArray(doc)) {
    return `expected the JSON array \`conftest test -o json\` writes, got ${describe(
      doc,
    )}`;
  }
  if (doc.length === 0) {
    return 'the array is empty: conftest tested no file (check the paths given to conftest test)';
  }
  const bad = doc.findIndex(entry => !isConftestFile(entry));
  if (bad !== -1) {
    return `[${bad}]: expected a Conftest file result ({"filename", "successes", "failures", ...}), got ${describe(
      doc[bad],
    )}`;
  }
  return undefined;
}

/** Why `doc` is not a SARIF 2.1.0 log, or undefined when it is. */
function sarifMismatch(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return `expected a SARIF 2.1.0 log (an object with "version" and "runs"), got ${describe(
      doc,
    )}`;
  }
  const v = doc as Record<string, unknown>;
  if (v.version !== '2.1.0') {
    return `version: expected "2.1.0" (SARIF 2.1.0), got ${
      v.version === undefined ? 'nothing' : JSON.stringify(v.version)
    }`;
  }
  if (!Array.isArray(v.runs)) {
    return `runs: expected an array, got ${
      v.runs === undefined ? 'nothing' : describe(v.runs)
    }`;
  }
  if (v.runs.length === 0)
    return 'runs: the log has no run (the scan did not run)';
  return undefined;
}

const HOW_TO_WRITE: Record<PolicyFormat, string> = {
  conftest: 'write it with `conftest test -o json ... > conftest.json`',
  sarif:
    "write it with the scanner's SARIF output, e.g. `trivy config --format sarif --output trivy.sarif ...`",
};

/**
 * Checks that the report is UTF-8 JSON of `format` (the shape only: the
 * backend parses the rest) and returns its text; throws a
 * {@link UsageError} naming what is wrong.
 */
export function checkReport(input: ReportInput, format: PolicyFormat): string {
  const { bytes, name } = input;
  if (bytes.length === 0) {
    throw new UsageError(
      `${name} is empty: did the scan step fail before writing it? (${HOW_TO_WRITE[format]})`,
    );
  }
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) ||
      (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw new UsageError(
      `${name} is UTF-16 text (as PowerShell's \`>\` writes it); write it as UTF-8, e.g. with \`| Out-File -Encoding utf8\``,
    );
  }
  let text: string;
  try {
    // Drops a UTF-8 byte order mark (only here: the bytes are sent as read).
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${name} is not UTF-8 text`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${name} is not JSON (${firstLine((error as Error).message)}); ${
        HOW_TO_WRITE[format]
      }`,
    );
  }
  const other = otherFormat(doc, format);
  if (other) throw new UsageError(`${name} ${other}`);
  const reason =
    format === 'conftest' ? conftestMismatch(doc) : sarifMismatch(doc);
  if (reason) {
    throw new UsageError(
      `${name} is not ${
        format === 'conftest' ? 'Conftest JSON output' : 'a SARIF 2.1.0 log'
      }: ${reason}`,
    );
  }
  return text;
}

const ENTITY_PART = /^[^\s:/]+$/;

/**
 * The entity ref of `--entity`: `kind:namespace/name` as given;
 * `kind:name` and a bare `name` (a component) in the default namespace.
 */
export function policyEntityRef(value: string): string {
  const refuse = () =>
    new UsageError(
      `--entity must be an entity ref such as component:default/checkout (got "${value}")`,
    );
  const colon = value.indexOf(':');
  const kind = colon === -1 ? 'component' : value.slice(0, colon);
  const rest = colon === -1 ? value : value.slice(colon + 1);
  const slash = rest.indexOf('/');
  const namespace = slash === -1 ? 'default' : rest.slice(0, slash);
  const name = slash === -1 ? rest : rest.slice(slash + 1);
  if (![kind, namespace, name].every(part => ENTITY_PART.test(part))) {
    throw refuse();
  }
  return `${kind}:${namespace}/${name}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The line printed for an accepted report:
 * `Sent 1 report (12 results) for component:default/cart; 0 unmapped`.
 */
export function policySummary(
  result: PolicyIngestResult,
  entityRef: string,
): string {
  const whom =
    result.entities.length > 0
      ? result.entities.join(', ')
      : `${entityRef} (no change stored)`;
  return `Sent ${count(result.reports, 'report')} (${count(
    result.results,
    'result',
  )}) for ${whom}; ${result.unmapped} unmapped`;
}

/** What `--dry-run` prints: method, URL, headers, size and the start of the body. */
export function dryRunText(options: {
  url: string;
  hasToken: boolean;
  bytes: number;
  text: string;
}): string {
  let preview = options.text.slice(0, DRY_RUN_PREVIEW_CHARS);
  // Never end the preview with half a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(preview)) preview = preview.slice(0, -1);
  const rest = options.text.length - preview.length;
  const head = [
    `POST ${options.url}`,
    'Content-Type: application/json',
    `Authorization: ${
      options.hasToken ? 'Bearer ***' : '(no token: set GOLDPATH_TOKEN)'
    }`,
    `${count(options.bytes, 'byte')}${
      rest > 0 ? `, the first ${preview.length} characters` : ''
    }:`,
  ].join('\n');
  const tail = rest > 0 ? `… (${count(rest, 'more character')})\n` : '';
  return `${head}\n${preview}${preview.endsWith('\n') ? '' : '\n'}${tail}`;
}
