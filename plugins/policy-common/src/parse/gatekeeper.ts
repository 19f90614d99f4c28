import { z } from 'zod';
import type {
  ParsedPolicyReport,
  PolicyResourceRef,
  PolicyResult,
  PolicyResultStatus,
} from '../types';
import { DocumentContext, joinPath, schemaError } from './errors';
import {
  compact,
  isoFromEpochSeconds,
  isoFromString,
  newest,
  optionalString,
} from './values';

/**
 * OPA Gatekeeper, two shapes:
 *
 * **Constraint objects** (`constraints.gatekeeper.sh/*`, any kind such as
 * `K8sRequiredLabels`; `kubectl get constraints -o yaml`): one report per
 * constraint, audited at `status.auditTimestamp`. Each `status.violations[]`
 * entry is one result about `{group/version, kind, namespace, name}`:
 * `enforcementAction` `deny` (or absent, Gatekeeper's default) → `fail`,
 * `warn` / `dryrun` → `warn`, anything else (e.g. `scoped`) → `fail`, the
 * action kept in `properties.enforcementAction`. `policy` is the constraint's
 * `kind`, `rule` its `metadata.name`. An audited constraint with no
 * violations yields one `pass` result (no resource). A constraint without
 * `status.auditTimestamp` has not been audited: no results, a note in
 * `skipped`. When `status.totalViolations` exceeds the listed violations
 * (Gatekeeper caps the list, `--constraint-violations-limit`), the rest are
 * unknown: a note says so. `spec.match.excludedNamespaces` and the `Config`
 * resource's exemptions are not results.
 *
 * **Audit log lines** (`process: audit`, `event_type: violation_audited`;
 * JSON lines, one per violation): grouped into one report per `audit_id`
 * (audited at `audit_id`, an RFC 3339 time, else the newest `ts`); `policy`
 * `constraint_kind`, `rule` `constraint_name`, status from
 * `constraint_action` as above, resource from `resource_*`, message `msg`.
 * Other audit events (`audit_started`, ...) and other log lines of the same
 * body are not results; the first report notes how many were ignored.
 */

const violation = z.looseObject({
  enforcementAction: optionalString,
  group: optionalString,
  version: optionalString,
  kind: optionalString,
  namespace: optionalString,
  name: optionalString,
  message: optionalString,
});

const constraintSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string().min(1),
  metadata: z.looseObject({ name: z.string().min(1) }),
  status: z
    .looseObject({
      auditTimestamp: optionalString,
      totalViolations: z.number().int().nonnegative().nullish(),
      violations: z.array(violation).nullish(),
    })
    .nullish(),
});

const auditLine = z.looseObject({
  event_type: z.string(),
  audit_id: z.string().min(1),
  constraint_kind: z.string().min(1),
  constraint_name: z.string().min(1),
  constraint_action: optionalString,
  resource_group: optionalString,
  resource_api_version: optionalString,
  resource_kind: optionalString,
  resource_namespace: optionalString,
  resource_name: optionalString,
  msg: optionalString,
  ts: z.union([z.number(), z.string()]).nullish(),
});

/** Why `doc` is not a Gatekeeper constraint, or undefined when it is one. */
export function mismatchConstraint(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return 'expected a Kubernetes object';
  }
  const apiVersion = (doc as Record<string, unknown>).apiVersion;
  if (
    typeof apiVersion !== 'string' ||
    !apiVersion.startsWith('constraints.gatekeeper.sh/')
  ) {
    return `apiVersion: expected constraints.gatekeeper.sh/*, got ${
      typeof apiVersion === 'string' ? JSON.stringify(apiVersion) : 'nothing'
    }`;
  }
  return undefined;
}

/** Any line Gatekeeper's audit process logs (`process: audit`) or a violation event. */
export function isGatekeeperAuditLine(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return false;
  }
  const v = doc as Record<string, unknown>;
  return v.event_type === 'violation_audited' || v.process === 'audit';
}

/** Why `doc` is not a Gatekeeper audit log line, or undefined when it is one. */
export function mismatchAuditLine(doc: unknown): string | undefined {
  if (isGatekeeperAuditLine(doc)) return undefined;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return 'expected a JSON log line';
  }
  return 'event_type: expected "violation_audited" (a Gatekeeper audit log line)';
}

function statusOf(action: string | null | undefined): PolicyResultStatus {
  const lower = action?.trim().toLowerCase();
  return lower === 'warn' || lower === 'dryrun' ? 'warn' : 'fail';
}

function apiVersionOf(
  group: string | null | undefined,
  version: string | null | undefined,
): string | undefined {
  if (!version) return group || undefined;
  return group ? `${group}/${version}` : version;
}

function resourceRef(fields: {
  group?: string | null;
  version?: string | null;
  kind?: string | null;
  namespace?: string | null;
  name?: string | null;
}): PolicyResourceRef | undefined {
  const ref = compact({
    apiVersion: apiVersionOf(fields.group, fields.version),
    kind: fields.kind || undefined,
    namespace: fields.namespace || undefined,
    name: fields.name || undefined,
  });
  return ref.kind || ref.name ? ref : undefined;
}

/** Parses one constraint object. */
export function parseConstraint(
  doc: unknown,
  ctx: DocumentContext,
): ParsedPolicyReport {
  const parsed = constraintSchema.safeParse(doc);
  if (!parsed.success) throw schemaError(ctx, doc, parsed.error.issues);
  const constraint = parsed.data;
  const policy = constraint.kind;
  const rule = constraint.metadata.name;
  const namespace =
    typeof constraint.metadata.namespace === 'string'
      ? constraint.metadata.namespace
      : undefined;
  const status = constraint.status;
  const auditedAt = isoFromString(status?.auditTimestamp);
  const skipped: string[] = [];
  const results: PolicyResult[] = [];
  const where = (path: string) => `${ctx.label}: ${joinPath(ctx.path, path)}`;

  if (!auditedAt) {
    skipped.push(
      `${where('status.auditTimestamp')}: ${
        status?.auditTimestamp ? 'not a time' : 'absent'
      }, so the constraint has not been audited yet; no results`,
    );
  } else {
    const violations = status?.violations ?? [];
    for (const v of violations) {
      const action = v.enforcementAction || undefined;
      results.push(
        compact({
          policy,
          rule,
          status: statusOf(action),
          message: v.message || undefined,
          resource: resourceRef(v),
          properties: action ? { enforcementAction: action } : undefined,
          timestamp: auditedAt,
        }),
      );
    }
    const total = status?.totalViolations ?? undefined;
    if (total !== undefined && total > violations.length) {
      skipped.push(
        `${where('status.totalViolations')}: ${total} violations, but only ${
          violations.length
        } are listed (Gatekeeper's --constraint-violations-limit); the other ${
          total - violations.length
        } are not in the report`,
      );
    }
    if (violations.length === 0 && !total) {
      results.push({ policy, rule, status: 'pass', timestamp: auditedAt });
    }
  }
  return compact({
    format: 'gatekeeper' as const,
    producer: 'gatekeeper',
    auditedAt,
    reportName: rule,
    reportNamespace: namespace,
    results,
    skipped,
  });
}

/**
 * Groups Gatekeeper audit log lines into one report per `audit_id`, in the
 * order the audits first appear.
 */
export function parseAuditLines(
  lines: ReadonlyArray<{ doc: unknown; ctx: DocumentContext }>,
): ParsedPolicyReport[] {
  const audits = new Map<
    string,
    { results: PolicyResult[]; times: Array<string | undefined> }
  >();
  let ignored = 0;
  for (const { doc, ctx } of lines) {
    const record = doc as Record<string, unknown>;
    if (record.event_type !== 'violation_audited') {
      ignored += 1;
      continue;
    }
    const parsed = auditLine.safeParse(doc);
    if (!parsed.success) throw schemaError(ctx, doc, parsed.error.issues);
    const line = parsed.data;
    const ts =
      typeof line.ts === 'number'
        ? isoFromEpochSeconds(line.ts)
        : isoFromString(line.ts);
    const audit = audits.get(line.audit_id) ?? { results: [], times: [] };
    audits.set(line.audit_id, audit);
    audit.times.push(ts);
    const action = line.constraint_action || undefined;
    audit.results.push(
      compact({
        policy: line.constraint_kind,
        rule: line.constraint_name,
        status: statusOf(action),
        message: line.msg || undefined,
        resource: resourceRef({
          group: line.resource_group,
          version: line.resource_api_version,
          kind: line.resource_kind,
          namespace: line.resource_namespace,
          name: line.resource_name,
        }),
        properties: action ? { enforcementAction: action } : undefined,
        timestamp: ts,
      }),
    );
  }
  const reports: ParsedPolicyReport[] = [];
  for (const [auditId, audit] of audits) {
    reports.push(
      compact({
        format: 'gatekeeper-audit' as const,
        producer: 'gatekeeper',
        auditedAt: isoFromString(auditId) ?? newest(audit.times),
        reportName: auditId,
        results: audit.results,
        skipped: [],
      }),
    );
  }
  if (reports.length && ignored) {
    reports[0].skipped.push(
      `${ignored} Gatekeeper log line${
        ignored === 1 ? ' is' : 's are'
      } not violation_audited events and ${
        ignored === 1 ? 'was' : 'were'
      } ignored`,
    );
  }
  return reports;
}
