import { z } from 'zod';
import type {
  ParsedPolicyReport,
  PolicyExceptionInfo,
  PolicyResult,
  PolicyResultStatus,
  PolicySeverity,
} from '../types';
import { DocumentContext, joinPath, schemaError } from './errors';
import {
  compact,
  isoFromString,
  looseRecord,
  normaliseProducer,
  optionalString,
} from './values';

/**
 * SARIF 2.1.0 (code scanners, Conftest `-o sarif`, Checkov, Trivy config, ...):
 * one report per `runs[]` entry that has a `results` array (a run whose
 * `results` is absent or null did not run and yields no report).
 *
 * - `producer` = `tool.driver.name` (lower case); `auditedAt` =
 *   `invocations[0].endTimeUtc`, else its `startTimeUtc`; `repository` =
 *   `versionControlProvenance[0].repositoryUri`.
 * - `policy` = the result's `ruleId` (or `rule.id`, or the id of the rule at
 *   `ruleIndex`); no `rule`. SARIF results carry no resource: `file` =
 *   `locations[0].physicalLocation.artifactLocation.uri` (percent-decoded,
 *   `./` dropped; or the `artifacts[]` entry it points to), the region's
 *   `startLine` in `properties.line`. Several results of one rule in one file
 *   are several results but one finding (same key).
 * - Status from `kind` (absent = `fail`) and `level` (absent = the rule's
 *   `defaultConfiguration.level`, else `warning`, as the spec says):
 *   `kind: pass` → pass; `notApplicable` and `informational` → skip
 *   (no problem found, nothing passed); `open` / `review` → warn (a person
 *   must decide); `fail` with level `error` → fail, `warning` → warn, `note` →
 *   warn (a minor problem is still a problem, the `low` severity below tells
 *   it apart), `none` → pass.
 * - Severity: the `security-severity` property (result, else rule) as a CVSS
 *   band: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, > 0 low, 0 info; without it, the
 *   rule's `defaultConfiguration.level`: error → high, warning → medium,
 *   note → low; otherwise none.
 * - `message.text` (or the rule's `messageStrings[message.id]` with its
 *   `{0}` arguments) → message; the rule's `help.text` (or markdown) and
 *   `helpUri` → remediation.
 * - `suppressions[]` with a suppression whose `status` is `accepted` or absent
 *   → `exception: { kind: 'suppression', reason: justification }`;
 *   `underReview` / `rejected` suppressions do not except.
 * - `baselineState: absent` results (gone since the baseline) are left out,
 *   with a note in `skipped`.
 * - Conftest's SARIF: rules `<namespace>/allow` (its exceptions, level note)
 *   become `fail` excepted by a `policy-exception`, `<namespace>/skip` skip,
 *   like its JSON output.
 */

const multiformat = z.looseObject({
  text: optionalString,
  markdown: optionalString,
});

const ruleSchema = z.looseObject({
  id: z.string(),
  shortDescription: multiformat.nullish(),
  help: multiformat.nullish(),
  helpUri: optionalString,
  defaultConfiguration: z.looseObject({ level: optionalString }).nullish(),
  properties: looseRecord,
  messageStrings: z.record(z.string(), multiformat).nullish(),
});

const toolComponent = z.looseObject({
  name: z.string(),
  rules: z.array(ruleSchema).nullish(),
});

const artifactLocation = z.looseObject({
  uri: optionalString,
  index: z.number().int().nullish(),
});

const resultSchema = z.looseObject({
  ruleId: optionalString,
  ruleIndex: z.number().int().nullish(),
  rule: z
    .looseObject({
      id: optionalString,
      index: z.number().int().nullish(),
      toolComponent: z
        .looseObject({ index: z.number().int().nullish() })
        .nullish(),
    })
    .nullish(),
  kind: optionalString,
  level: optionalString,
  message: z
    .looseObject({
      text: optionalString,
      id: optionalString,
      arguments: z.array(z.string()).nullish(),
    })
    .nullish(),
  locations: z
    .array(
      z.looseObject({
        physicalLocation: z
          .looseObject({
            artifactLocation: artifactLocation.nullish(),
            region: z
              .looseObject({ startLine: z.number().int().nullish() })
              .nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
  suppressions: z
    .array(
      z.looseObject({
        kind: optionalString,
        status: optionalString,
        justification: optionalString,
      }),
    )
    .nullish(),
  baselineState: optionalString,
  properties: looseRecord,
});

const runSchema = z.looseObject({
  tool: z.looseObject({
    driver: toolComponent,
    extensions: z.array(toolComponent).nullish(),
  }),
  invocations: z
    .array(
      z.looseObject({
        startTimeUtc: optionalString,
        endTimeUtc: optionalString,
      }),
    )
    .nullish(),
  results: z.array(resultSchema).nullish(),
  versionControlProvenance: z
    .array(z.looseObject({ repositoryUri: optionalString }))
    .nullish(),
  artifacts: z
    .array(z.looseObject({ location: artifactLocation.nullish() }))
    .nullish(),
});

const sarifSchema = z.looseObject({
  version: z.literal('2.1.0'),
  runs: z.array(runSchema),
});

type Rule = z.infer<typeof ruleSchema>;
type Run = z.infer<typeof runSchema>;
type RawResult = z.infer<typeof resultSchema>;

/** Why `doc` is not a SARIF 2.1.0 log, or undefined when it is one. */
export function mismatchSarif(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return 'expected a SARIF log object';
  }
  const v = doc as Record<string, unknown>;
  if (v.version !== '2.1.0') {
    return `version: expected "2.1.0" (SARIF 2.1.0), got ${
      v.version === undefined ? 'nothing' : JSON.stringify(v.version)
    }`;
  }
  if (!Array.isArray(v.runs)) return 'runs: expected an array';
  return undefined;
}

/** CVSS bands of GitHub code scanning's `security-severity`. */
export function severityFromScore(score: number): PolicySeverity | undefined {
  if (!Number.isFinite(score) || score < 0) return undefined;
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

function securitySeverity(
  properties: Record<string, unknown> | null | undefined,
): PolicySeverity | undefined {
  const raw = properties?.['security-severity'];
  if (typeof raw !== 'number' && (typeof raw !== 'string' || !raw.trim())) {
    return undefined;
  }
  return severityFromScore(Number(raw));
}

const LEVEL_SEVERITY: Record<string, PolicySeverity | undefined> = {
  error: 'high',
  warning: 'medium',
  note: 'low',
};

function decodeUri(uri: string): string {
  let out = uri;
  try {
    out = decodeURIComponent(uri);
  } catch {
    // Keep a URI that is not valid percent-encoding as it is.
  }
  return out.startsWith('./') ? out.slice(2) : out;
}

function formatMessage(
  template: string,
  args: readonly string[] | null | undefined,
): string {
  if (!args?.length) return template;
  return template.replace(/\{(\d+)\}/g, (whole, n) =>
    Number(n) < args.length ? args[Number(n)] : whole,
  );
}

function statusFor(
  kind: string,
  level: string,
): PolicyResultStatus | undefined {
  switch (kind) {
    case 'pass':
      return 'pass';
    case 'notApplicable':
    case 'informational':
      return 'skip';
    case 'open':
    case 'review':
      return 'warn';
    case 'fail':
      switch (level) {
        case 'error':
          return 'fail';
        case 'warning':
        case 'note':
          return 'warn';
        case 'none':
          return 'pass';
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

function suppressionOf(raw: RawResult): PolicyExceptionInfo | undefined {
  const accepted = (raw.suppressions ?? []).find(
    s => !s.status || s.status === 'accepted',
  );
  if (!accepted) return undefined;
  return compact({
    kind: 'suppression' as const,
    reason: accepted.justification || undefined,
    name: accepted.kind || undefined,
  });
}

function parseRun(
  run: Run,
  runIndex: number,
  ctx: DocumentContext,
): ParsedPolicyReport | undefined {
  if (!run.results) return undefined;
  const driver = run.tool.driver;
  const components = [driver, ...(run.tool.extensions ?? [])];
  const rulesById = new Map<string, Rule>();
  for (const component of components) {
    for (const rule of component.rules ?? []) {
      if (!rulesById.has(rule.id)) rulesById.set(rule.id, rule);
    }
  }
  const producer = normaliseProducer(driver.name);
  const isConftest = producer === 'conftest';
  const invocation = run.invocations?.[0];
  const auditedAt =
    isoFromString(invocation?.endTimeUtc) ??
    isoFromString(invocation?.startTimeUtc);
  const repository =
    run.versionControlProvenance?.[0]?.repositoryUri || undefined;
  const results: PolicyResult[] = [];
  const skipped: string[] = [];

  run.results.forEach((raw, index) => {
    const where = `${ctx.label}: ${joinPath(
      ctx.path,
      `runs[${runIndex}].results[${index}]`,
    )}`;
    const component = components[raw.rule?.toolComponent?.index ?? 0] ?? driver;
    const ruleIndex = raw.rule?.index ?? raw.ruleIndex ?? undefined;
    const indexed =
      ruleIndex !== undefined ? component.rules?.[ruleIndex] : undefined;
    const ruleId = raw.ruleId || raw.rule?.id || indexed?.id || undefined;
    if (!ruleId) {
      skipped.push(`${where}: left out: no ruleId`);
      return;
    }
    if (raw.baselineState === 'absent') {
      skipped.push(
        `${where}: left out: baselineState is absent (gone since the baseline)`,
      );
      return;
    }
    const rule = rulesById.get(ruleId) ?? indexed;
    const kind = raw.kind || 'fail';
    const level = raw.level || rule?.defaultConfiguration?.level || 'warning';
    let status = statusFor(kind, level);
    if (!status) {
      skipped.push(
        `${where}: left out: unknown ${
          statusFor(kind, 'error')
            ? `level ${JSON.stringify(level)}`
            : `kind ${JSON.stringify(kind)}`
        }`,
      );
      return;
    }
    let exception = suppressionOf(raw);
    if (isConftest && ruleId.endsWith('/allow')) {
      status = 'fail';
      exception ??= compact({
        kind: 'policy-exception' as const,
        reason: raw.message?.text || undefined,
      });
    } else if (isConftest && ruleId.endsWith('/skip')) {
      status = 'skip';
    }
    const severity =
      securitySeverity(raw.properties) ??
      securitySeverity(rule?.properties) ??
      LEVEL_SEVERITY[rule?.defaultConfiguration?.level ?? ''];
    const template =
      raw.message?.text ??
      (raw.message?.id
        ? rule?.messageStrings?.[raw.message.id]?.text
        : undefined);
    const location = raw.locations?.[0]?.physicalLocation;
    const artifact = location?.artifactLocation;
    const uri =
      artifact?.uri ??
      (artifact?.index !== undefined && artifact?.index !== null
        ? run.artifacts?.[artifact.index]?.location?.uri
        : undefined);
    const line = location?.region?.startLine;
    const help = rule?.help?.text || rule?.help?.markdown || undefined;
    const remediation =
      [help, rule?.helpUri || undefined].filter(Boolean).join('\n') ||
      undefined;
    results.push(
      compact({
        policy: ruleId,
        status,
        severity,
        message: template
          ? formatMessage(template, raw.message?.arguments)
          : undefined,
        file: uri ? decodeUri(uri) : undefined,
        repository,
        remediation,
        exception,
        properties:
          line !== undefined && line !== null
            ? { line: String(line) }
            : undefined,
        timestamp: auditedAt,
      }),
    );
  });

  return compact({
    format: 'sarif' as const,
    producer,
    auditedAt,
    results,
    skipped,
  });
}

/** Parses one SARIF log: one report per run that has results. */
export function parseSarif(
  doc: unknown,
  ctx: DocumentContext,
): ParsedPolicyReport[] {
  const parsed = sarifSchema.safeParse(doc);
  if (!parsed.success) throw schemaError(ctx, doc, parsed.error.issues);
  const reports: ParsedPolicyReport[] = [];
  parsed.data.runs.forEach((run, i) => {
    const report = parseRun(run, i, ctx);
    if (report) reports.push(report);
  });
  return reports;
}
