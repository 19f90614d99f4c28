/**
 * The normalised policy model of Goldpath. Every report format (wgpolicyk8s
 * PolicyReport and ClusterPolicyReport, OpenReports Report and ClusterReport,
 * Conftest JSON, Gatekeeper constraint status and audit log lines, SARIF
 * 2.1.0) maps onto these types, so a move between formats changes nothing
 * for users.
 */

/**
 * Severities, worst first. A result without a severity has none (`undefined`), never a guessed one.
 *
 * @public
 */
export const POLICY_SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
] as const;
/** @public */
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number];

/**
 * Result statuses as the wgpolicyk8s / OpenReports model spells them.
 *
 * @public
 */
export const POLICY_RESULT_STATUSES = [
  'pass',
  'fail',
  'warn',
  'error',
  'skip',
] as const;
/** @public */
export type PolicyResultStatus = (typeof POLICY_RESULT_STATUSES)[number];

/**
 * The formats Goldpath reads.
 *
 * @public
 */
export const POLICY_REPORT_FORMATS = [
  'wgpolicy',
  'openreports',
  'conftest',
  'gatekeeper',
  'gatekeeper-audit',
  'sarif',
] as const;
/** @public */
export type PolicyReportFormat = (typeof POLICY_REPORT_FORMATS)[number];

/**
 * The status of an entity: absent (`null`) when no report names it.
 *
 * @public
 */
export type PolicyStatus = 'pass' | 'warn' | 'fail';

/**
 * A Kubernetes object a result is about.
 *
 * @public
 */
export interface PolicyResourceRef {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  /** Labels, when the report carries them (used by label-selector mapping). */
  labels?: Record<string, string>;
}

/**
 * Why a result does not count as a violation although it did not pass.
 *
 * @public
 */
export interface PolicyExceptionInfo {
  /** `policy-exception` (Kyverno), `exemption` (Gatekeeper), `suppression` (SARIF), `waiver` (recorded through Goldpath's API). */
  kind: 'policy-exception' | 'exemption' | 'suppression' | 'waiver';
  /** Who granted it, when known. */
  grantedBy?: string;
  reason?: string;
  /** ISO 8601; an expired waiver turns back into a violation. */
  expiresAt?: string;
  /** The exception object's name (e.g. the PolicyException), when known. */
  name?: string;
}

/**
 * One result of one report, normalised.
 *
 * @public
 */
export interface PolicyResult {
  /** The policy's name; never empty (a result with an empty policy is skipped by the parser). */
  policy: string;
  rule?: string;
  status: PolicyResultStatus;
  severity?: PolicySeverity;
  message?: string;
  category?: string;
  /** The Kubernetes object the result is about. */
  resource?: PolicyResourceRef;
  /** A file (Conftest, SARIF), relative to the repository root. */
  file?: string;
  /** A repository (`owner/name` or a URL), when the report names one. */
  repository?: string;
  /** Remediation text the report carries (SARIF help, properties). */
  remediation?: string;
  /** Set when the result is skipped or suppressed by an exception. */
  exception?: PolicyExceptionInfo;
  /** Extra key-value pairs of the result. */
  properties?: Record<string, string>;
  /** When the result was produced (ISO 8601), when the report says so. */
  timestamp?: string;
}

/**
 * One report, normalised. A request body can hold several.
 *
 * @public
 */
export interface ParsedPolicyReport {
  format: PolicyReportFormat;
  /** The tool that produced it (`kyverno`, `trivy`, `gatekeeper`, `conftest`, ...), when known. */
  producer?: string;
  /** When the audit ran (ISO 8601), when the report says so; the newest result timestamp otherwise. */
  auditedAt?: string;
  /** The report object's name and namespace (Kubernetes reports). */
  reportName?: string;
  reportNamespace?: string;
  /** The scope of a per-resource report: results without a resource are about it. */
  scope?: PolicyResourceRef;
  results: PolicyResult[];
  /** Results the parser left out, with the reason (e.g. `results[3]: no policy`). */
  skipped: string[];
}

/**
 * Counts of one audit or of an entity's current state.
 *
 * @public
 */
export interface PolicyCounts {
  pass: number;
  fail: number;
  warn: number;
  error: number;
  /** Skipped results without an exception. */
  skip: number;
  /** Results excepted by an exception, exemption, suppression or waiver. */
  excepted: number;
  /** Open violations (fail, warn, error, not excepted) by severity; `unknown` for those without one. */
  violationsBySeverity: Record<PolicySeverity | 'unknown', number>;
}

/**
 * An open violation of an entity.
 *
 * @public
 */
export interface PolicyViolation {
  /** A stable fingerprint of the finding: source, policy, rule, resource or file. */
  key: string;
  source: string;
  policy: string;
  rule?: string;
  status: 'fail' | 'warn' | 'error';
  severity?: PolicySeverity;
  message?: string;
  resource?: PolicyResourceRef;
  file?: string;
  remediation?: string;
  /** The policy bundle that ships the policy (a catalog entity ref), when the catalog knows it. */
  bundleRef?: string;
  /** The bundle's runbook for the policy, when its contract names one. */
  runbook?: string;
  /** When Goldpath first saw this finding open (ISO 8601). */
  firstSeen: string;
  /** The audit that last reported it. */
  lastSeen: string;
}

/**
 * A result that did not pass but is excepted.
 *
 * @public
 */
export interface PolicyExceptedResult extends Omit<PolicyViolation, 'status'> {
  status: PolicyResultStatus;
  exception: PolicyExceptionInfo;
}

/**
 * A check that passed, so a team sees what it already does right.
 *
 * @public
 */
export interface PolicyPassedCheck {
  source: string;
  policy: string;
  rule?: string;
  resource?: PolicyResourceRef;
  file?: string;
}

/**
 * The latest audit of one source (a cluster or a pipeline) for an entity.
 *
 * @public
 */
export interface PolicySourceAudit {
  source: string;
  format: PolicyReportFormat;
  producer?: string;
  lastAudit: string;
  /** The audit before, when there was one. */
  previousAudit?: string;
  counts: PolicyCounts;
}

/**
 * What changed between the previous audit of a source and its latest.
 *
 * @public
 */
export interface PolicyDrift {
  source: string;
  /** The previous audit; absent for a first audit (everything is new). */
  from?: string;
  to: string;
  introduced: PolicyViolation[];
  resolved: PolicyViolation[];
}

/**
 * One audit in the history of counts.
 *
 * @public
 */
export interface PolicyHistoryPoint {
  source: string;
  auditedAt: string;
  counts: PolicyCounts;
}

/**
 * `GET /api/policy/entities/:kind/:namespace/:name`.
 *
 * @public
 */
export interface EntityPolicyState {
  entityRef: string;
  /** `null` when no report names this entity yet. */
  status: PolicyStatus | null;
  lastAudit?: string;
  sources: PolicySourceAudit[];
  violations: PolicyViolation[];
  excepted: PolicyExceptedResult[];
  passed: PolicyPassedCheck[];
  drift: PolicyDrift[];
  history: PolicyHistoryPoint[];
}

/**
 * One entity of the compact summary the catalog processor reads.
 *
 * @public
 */
export interface PolicySummaryEntry {
  entityRef: string;
  status: PolicyStatus;
  violationsBySeverity: Record<PolicySeverity | 'unknown', number>;
  excepted: number;
  lastAudit: string;
  /** When this entry last changed; the summary's cursor moves with it. */
  updatedAt: string;
}

/**
 * `GET /api/policy/summary?since=<cursor>`: entries changed since the cursor (all without one).
 *
 * @public
 */
export interface PolicySummaryResponse {
  entries: PolicySummaryEntry[];
  /** Entities that no longer have any policy state (pruned), since the cursor. */
  removed: string[];
  /** Pass it as `since` next time. */
  cursor: string;
}

/**
 * `GET /api/policy/overview`: the platform team's view, filtered to what the user may see.
 *
 * @public
 */
export interface PolicyOverviewResponse {
  generatedAt: string;
  entities: { total: number; pass: number; warn: number; fail: number };
  violationsBySeverity: Record<PolicySeverity | 'unknown', number>;
  excepted: number;
  /** Entities with the most severe open violations first. */
  worstOffenders: Array<{
    entityRef: string;
    status: PolicyStatus;
    violationsBySeverity: Record<PolicySeverity | 'unknown', number>;
    lastAudit: string;
  }>;
  /** The violations open longest. */
  oldestOpen: Array<PolicyViolation & { entityRef: string }>;
  /** Open violations per policy. */
  byPolicy: Array<{
    policy: string;
    bundleRef?: string;
    severity?: PolicySeverity;
    violations: number;
    entities: number;
  }>;
  /** Results that name no known entity yet. */
  unmapped: number;
}

/**
 * `POST /api/policy/reports` answers this.
 *
 * @public
 */
export interface PolicyIngestResponse {
  reports: number;
  results: number;
  /** Entities whose state changed (a snapshot was stored). */
  entities: string[];
  /** Results kept unmapped until the catalog knows where they belong. */
  unmapped: number;
  skipped: string[];
}

/**
 * A waiver recorded through the API.
 *
 * @public
 */
export interface PolicyWaiver {
  id: string;
  entityRef: string;
  policy: string;
  rule?: string;
  /** Limits the waiver to one finding; absent: every finding of the policy (and rule) on the entity. */
  findingKey?: string;
  reason: string;
  grantedBy: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * A result that names no catalog entity yet (`GET /api/policy/unmapped`).
 *
 * @public
 */
export interface PolicyUnmappedResult {
  id: string;
  /** The source of the report (a cluster or a pipeline). */
  source: string;
  format: PolicyReportFormat;
  producer?: string;
  policy: string;
  rule?: string;
  status: PolicyResultStatus;
  severity?: PolicySeverity;
  message?: string;
  /** The Kubernetes object mapping looked at, when the result names one. */
  resource?: PolicyResourceRef;
  /** The file the result is about (Conftest, SARIF), when it names one. */
  file?: string;
  /** The repository mapping looked at, when known. */
  repository?: string;
  auditedAt: string;
  receivedAt: string;
}

/**
 * `GET /api/policy/unmapped?limit=`: the newest unmapped results, and how many there are.
 *
 * @public
 */
export interface PolicyUnmappedResponse {
  items: PolicyUnmappedResult[];
  total: number;
}

/**
 * `GET /api/policy/waivers?entity=`: the waivers recorded for an entity.
 *
 * @public
 */
export interface PolicyWaiversResponse {
  items: PolicyWaiver[];
}
