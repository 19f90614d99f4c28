import { z } from 'zod';
import type {
  ParsedPolicyReport,
  PolicyExceptionInfo,
  PolicyReportFormat,
  PolicyResourceRef,
  PolicyResult,
} from '../types';
import { DocumentContext, joinPath, schemaError } from './errors';
import {
  compact,
  integerLike,
  isoFromProtoTimestamp,
  isoFromString,
  looseRecord,
  newest,
  normaliseProducer,
  normaliseSeverity,
  normaliseStatus,
  optionalString,
  stringProperties,
} from './values';

/**
 * The wgpolicyk8s.io Policy Report API (`PolicyReport`, `ClusterPolicyReport`;
 * v1alpha1, v1alpha2, v1beta1; also its successor group `reports.x-k8s.io`)
 * and OpenReports (`openreports.io/v1alpha1` `Report`, `ClusterReport`, and the
 * `PolicyReport` kind its own sample uses). Both share one result model, so
 * one parser reads both and only `format` differs.
 *
 * Rules (see README.md, "Edge cases"):
 * - `summary` is ignored: the results are recounted.
 * - A result without `result` (v1alpha1: `status`), with an empty or absent
 *   `policy`, or with a `result` outside pass/fail/warn/error/skip is left
 *   out, with the reason in `skipped`.
 * - A result naming several `resources` becomes one result per resource; a
 *   result naming none is about the report's scope: `scope`, else the single
 *   `metadata.ownerReferences` entry, else the `matchLabels` of
 *   `resourceSelector` / `scopeSelector` (as `resource.labels`).
 * - Unknown severities are no severity. Timestamps `{seconds, nanos}` are
 *   normalised (negative nanos borrow from the seconds; zero is no time).
 * - A `skip` caused by a Kyverno PolicyException (`properties.exceptions`, or
 *   a message naming a policy exception) carries
 *   `exception: { kind: 'policy-exception', name, reason }`.
 * - `auditedAt` is the newest result timestamp (of every result read,
 *   including those left out); `producer` is the results' most common
 *   `source`, else the report's `source`, else the labels
 *   `app.kubernetes.io/managed-by` / `policy.kubernetes.io/engine`, lower case.
 */

const objectRef = z.looseObject({
  apiVersion: optionalString,
  kind: optionalString,
  namespace: optionalString,
  name: optionalString,
  uid: optionalString,
});

const labelSelector = z
  .looseObject({
    matchLabels: z.record(z.string(), z.string()).nullish(),
  })
  .nullish();

const timestamp = z.union(
  [
    z.looseObject({ seconds: integerLike, nanos: integerLike.nullish() }),
    z.string(),
  ],
  { error: 'expected {seconds, nanos} or an RFC 3339 string' },
);

const resultSchema = z.looseObject({
  source: optionalString,
  policy: optionalString,
  rule: optionalString,
  category: optionalString,
  severity: optionalString,
  timestamp: timestamp.nullish(),
  result: optionalString,
  /** v1alpha1 spelled `result` as `status` and `properties` as `data`. */
  status: optionalString,
  resources: z.array(objectRef).nullish(),
  resourceSelector: labelSelector,
  message: optionalString,
  properties: looseRecord,
  data: looseRecord,
});

const reportSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z
    .looseObject({
      name: optionalString,
      namespace: optionalString,
      labels: z.record(z.string(), z.string()).nullish(),
      ownerReferences: z.array(objectRef).nullish(),
    })
    .nullish(),
  source: optionalString,
  scope: objectRef.nullish(),
  scopeSelector: labelSelector,
  results: z.array(resultSchema).nullish(),
});

type ObjectRef = z.infer<typeof objectRef>;
type RawResult = z.infer<typeof resultSchema>;

const WGPOLICY_GROUPS = ['wgpolicyk8s.io/', 'reports.x-k8s.io/'];
const WGPOLICY_KINDS = ['PolicyReport', 'ClusterPolicyReport'];
const OPENREPORTS_KINDS = [
  'Report',
  'ClusterReport',
  'PolicyReport',
  'ClusterPolicyReport',
];

function fieldString(doc: unknown, key: string): string | undefined {
  const value = (doc as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Why `doc` is not a wgpolicy / OpenReports report (naming the field), or undefined when it is one. */
export function mismatchPolicyReport(
  doc: unknown,
  format: 'wgpolicy' | 'openreports',
): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return 'expected a Kubernetes object';
  }
  const apiVersion = fieldString(doc, 'apiVersion');
  const kind = fieldString(doc, 'kind');
  const groups = format === 'wgpolicy' ? WGPOLICY_GROUPS : ['openreports.io/'];
  const kinds = format === 'wgpolicy' ? WGPOLICY_KINDS : OPENREPORTS_KINDS;
  if (!apiVersion || !groups.some(g => apiVersion.startsWith(g))) {
    return `apiVersion: expected ${groups
      .map(g => `${g}*`)
      .join(' or ')}, got ${
      apiVersion === undefined ? 'nothing' : JSON.stringify(apiVersion)
    }`;
  }
  if (!kind || !kinds.includes(kind)) {
    return `kind: expected ${kinds.join(' or ')}, got ${
      kind === undefined ? 'nothing' : JSON.stringify(kind)
    }`;
  }
  return undefined;
}

function toRef(ref: ObjectRef, fallbackNamespace?: string): PolicyResourceRef {
  return compact({
    apiVersion: ref.apiVersion || undefined,
    kind: ref.kind || undefined,
    namespace: ref.namespace || fallbackNamespace || undefined,
    name: ref.name || undefined,
    uid: ref.uid || undefined,
  });
}

function selectorRef(
  selector: z.infer<typeof labelSelector>,
): PolicyResourceRef | undefined {
  const labels = selector?.matchLabels;
  return labels && Object.keys(labels).length ? { labels } : undefined;
}

const EXCEPTION_MESSAGE = /policy exceptions?[:\s]*(.*)$/i;

/** Kyverno writes `properties.exceptions` (comma-separated names) and/or a message naming the exception. */
function kyvernoException(
  raw: RawResult,
  properties: Record<string, string> | undefined,
): PolicyExceptionInfo | undefined {
  const fromProperty = properties?.exceptions?.trim();
  const match = raw.message ? EXCEPTION_MESSAGE.exec(raw.message) : null;
  if (!fromProperty && !match) return undefined;
  const name = fromProperty || match?.[1]?.trim() || undefined;
  return compact({
    kind: 'policy-exception' as const,
    name,
    reason: raw.message || undefined,
  });
}

function mostCommon(values: Array<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const value of values) {
    if (!value) continue;
    const n = (counts.get(value) ?? 0) + 1;
    counts.set(value, n);
    if (!best || n > counts.get(best)!) best = value;
  }
  return best;
}

function resultTimestamp(raw: RawResult): string | undefined {
  const ts = raw.timestamp;
  if (!ts) return undefined;
  if (typeof ts === 'string') return isoFromString(ts);
  return isoFromProtoTimestamp(ts.seconds, ts.nanos);
}

/** Parses one wgpolicyk8s.io or OpenReports report. Throws PolicyReportInputError on a schema failure. */
export function parsePolicyReport(
  doc: unknown,
  ctx: DocumentContext,
  format: Extract<PolicyReportFormat, 'wgpolicy' | 'openreports'>,
): ParsedPolicyReport {
  const parsed = reportSchema.safeParse(doc);
  if (!parsed.success) throw schemaError(ctx, doc, parsed.error.issues);
  const report = parsed.data;
  const legacy =
    report.apiVersion.endsWith('/v1alpha1') && format === 'wgpolicy';
  const metadata = report.metadata ?? {};
  const owners = metadata.ownerReferences ?? [];

  let scope: PolicyResourceRef | undefined;
  if (report.scope) scope = toRef(report.scope);
  else if (owners.length === 1)
    scope = toRef(owners[0], metadata.namespace ?? undefined);
  else scope = selectorRef(report.scopeSelector);
  if (scope && Object.keys(scope).length === 0) scope = undefined;

  const rawResults = report.results ?? [];
  const results: PolicyResult[] = [];
  const skipped: string[] = [];
  const timestamps: Array<string | undefined> = [];

  rawResults.forEach((raw, index) => {
    const where = `${ctx.label}: ${joinPath(ctx.path, `results[${index}]`)}`;
    const ts = resultTimestamp(raw);
    timestamps.push(ts);
    const statusText = raw.result ?? (legacy ? raw.status : undefined);
    const problems: string[] = [];
    if (!raw.policy?.trim()) {
      problems.push(
        raw.policy === undefined || raw.policy === null
          ? 'policy is absent'
          : 'policy is empty',
      );
    }
    const status = statusText ? normaliseStatus(statusText) : undefined;
    if (!statusText) problems.push('result is absent');
    else if (!status) {
      problems.push(
        `result ${JSON.stringify(
          statusText,
        )} is none of pass, fail, warn, error, skip`,
      );
    }
    if (problems.length || !status) {
      skipped.push(`${where}: left out: ${problems.join(', ')}`);
      return;
    }
    const properties = stringProperties(
      raw.properties ?? (legacy ? raw.data : undefined),
    );
    const exception =
      status === 'skip' ? kyvernoException(raw, properties) : undefined;
    const base: PolicyResult = compact({
      policy: raw.policy!.trim(),
      rule: raw.rule || undefined,
      status,
      severity: normaliseSeverity(raw.severity),
      message: raw.message || undefined,
      category: raw.category || undefined,
      remediation: properties?.remediation,
      exception,
      properties,
      timestamp: ts,
    });
    const resources = (raw.resources ?? []).map(r => toRef(r));
    const targets = resources.filter(r => Object.keys(r).length > 0);
    if (targets.length === 0) {
      const resource = selectorRef(raw.resourceSelector) ?? scope;
      results.push(resource ? { ...base, resource } : base);
    } else {
      for (const resource of targets) results.push({ ...base, resource });
    }
  });

  const producer =
    normaliseProducer(mostCommon(rawResults.map(r => r.source ?? undefined))) ??
    normaliseProducer(report.source) ??
    normaliseProducer(metadata.labels?.['app.kubernetes.io/managed-by']) ??
    normaliseProducer(metadata.labels?.['policy.kubernetes.io/engine']);

  return compact({
    format,
    producer,
    auditedAt: newest(timestamps),
    reportName: metadata.name || undefined,
    reportNamespace: metadata.namespace || undefined,
    scope,
    results,
    skipped,
  });
}
