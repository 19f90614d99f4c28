import { PolicyReportFormat } from '@goldpath/plugin-policy-common';

const DAY_MS = 86_400_000;

/**
 * One upload of the demo: what `POST /api/policy/reports` would receive.
 *
 * @public
 */
export interface DemoUpload {
  /** The cluster or pipeline. */
  source: string;
  entityRef: string;
  format: PolicyReportFormat;
  body: string;
}

/**
 * One audit round of the demo: every upload received at the same time.
 *
 * @public
 */
export interface DemoAudit {
  receivedAt: Date;
  uploads: DemoUpload[];
}

/**
 * The cluster the demo's Kubernetes reports come from.
 *
 * @public
 */
export const DEMO_CLUSTER = 'prod-eu';
/**
 * The CI pipeline the demo's Conftest and SARIF results come from.
 *
 * @public
 */
export const DEMO_PIPELINE = 'github-actions';

type Outcome = 'pass' | 'fail' | 'warn' | 'skip';

interface Check {
  policy: string;
  rule: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  category: string;
  pass: string;
  fail: string;
}

/** The admission bundle's policies (resource:default/admission-policies) and the Pod Security ones. */
const CHECKS: Record<string, Check> = {
  provenance: {
    policy: 'require-image-provenance',
    rule: 'verify-signature',
    severity: 'high',
    category: 'Supply chain',
    pass: "validation rule 'verify-signature' passed.",
    fail: 'image signature verification failed: no matching signatures for the release pipeline identity',
  },
  tags: {
    policy: 'disallow-mutable-tags',
    rule: 'require-image-digest',
    severity: 'medium',
    category: 'Supply chain',
    pass: "validation rule 'require-image-digest' passed.",
    fail: 'validation error: the image uses a mutable tag; reference it by digest or a release tag. rule require-image-digest failed at path /spec/template/spec/containers/0/image/',
  },
  limits: {
    policy: 'require-resource-limits',
    rule: 'memory-limits',
    severity: 'medium',
    category: 'Best practices',
    pass: "validation rule 'memory-limits' passed.",
    fail: 'validation error: memory limits are required. rule memory-limits failed at path /spec/template/spec/containers/0/resources/limits/memory/',
  },
  privileged: {
    policy: 'disallow-privileged',
    rule: 'privileged-containers',
    severity: 'critical',
    category: 'Pod Security Standards (Baseline)',
    pass: "validation rule 'privileged-containers' passed.",
    fail: 'validation error: privileged mode is disallowed. rule privileged-containers failed at path /spec/template/spec/containers/0/securityContext/privileged/',
  },
};

/** What each service's workload reports in each audit (index 0: a week ago, 1: now). */
const WORKLOADS: Array<{
  service: string;
  namespace: string;
  format: 'wgpolicy' | 'openreports';
  audits: [Record<string, Outcome>, Record<string, Outcome>];
  /** Checks skipped by a Kyverno PolicyException, by name. */
  exceptions?: Record<string, string>;
}> = [
  {
    // The golden path: clean in both audits.
    service: 'web-shop',
    namespace: 'shop',
    format: 'wgpolicy',
    audits: [
      { provenance: 'pass', tags: 'pass', limits: 'pass', privileged: 'pass' },
      { provenance: 'pass', tags: 'pass', limits: 'pass', privileged: 'pass' },
    ],
  },
  {
    // Drift: the image is signed now, but a hotfix shipped with a mutable tag.
    service: 'checkout',
    namespace: 'shop',
    format: 'wgpolicy',
    audits: [
      { provenance: 'fail', tags: 'pass', limits: 'pass', privileged: 'pass' },
      { provenance: 'pass', tags: 'fail', limits: 'pass', privileged: 'pass' },
    ],
  },
  {
    // Open for a week and counting.
    service: 'cart',
    namespace: 'shop',
    format: 'wgpolicy',
    audits: [
      { provenance: 'pass', tags: 'fail', limits: 'fail', privileged: 'pass' },
      { provenance: 'pass', tags: 'fail', limits: 'fail', privileged: 'pass' },
    ],
  },
  {
    // Audit-mode policy: a warning, not a failure.
    service: 'search',
    namespace: 'shop',
    format: 'wgpolicy',
    audits: [
      { provenance: 'pass', tags: 'pass', limits: 'warn', privileged: 'pass' },
      { provenance: 'pass', tags: 'pass', limits: 'warn', privileged: 'pass' },
    ],
  },
  {
    service: 'payments-api',
    namespace: 'payments',
    format: 'wgpolicy',
    audits: [
      { provenance: 'pass', tags: 'pass', limits: 'pass', privileged: 'pass' },
      { provenance: 'pass', tags: 'pass', limits: 'pass', privileged: 'pass' },
    ],
  },
  {
    // A reviewed PolicyException: excepted, not a violation.
    service: 'fraud-detector',
    namespace: 'payments',
    format: 'wgpolicy',
    audits: [
      { provenance: 'pass', tags: 'pass', limits: 'pass', privileged: 'skip' },
      { provenance: 'pass', tags: 'pass', limits: 'pass', privileged: 'skip' },
    ],
    exceptions: { privileged: 'payments/gpu-driver-exception' },
  },
  {
    // Kyverno 1.15 writing OpenReports: a new finding in the second audit.
    service: 'ledger',
    namespace: 'payments',
    format: 'openreports',
    audits: [
      { provenance: 'pass', tags: 'pass', limits: 'fail', privileged: 'pass' },
      { provenance: 'fail', tags: 'pass', limits: 'fail', privileged: 'pass' },
    ],
  },
];

function messageOf(check: Check, outcome: Outcome, exception?: string) {
  if (exception) {
    return `rule ${check.rule} skipped due to policy exception ${exception}`;
  }
  return outcome === 'pass' ? check.pass : check.fail;
}

const seconds = (at: number) => ({ seconds: Math.floor(at / 1000), nanos: 0 });

function kubernetesReport(
  workload: (typeof WORKLOADS)[number],
  outcomes: Record<string, Outcome>,
  at: number,
): string {
  const results = Object.entries(outcomes).map(([name, outcome]) => {
    const check = CHECKS[name];
    const exception =
      outcome === 'skip' ? workload.exceptions?.[name] : undefined;
    return {
      policy: check.policy,
      rule: check.rule,
      result: outcome,
      severity: check.severity,
      category: check.category,
      message: messageOf(check, outcome, exception),
      ...(exception ? { properties: { exceptions: exception } } : {}),
      source: 'kyverno',
      scored: true,
      timestamp: seconds(at),
    };
  });
  const count = (o: Outcome) =>
    Object.values(outcomes).filter(v => v === o).length;
  return JSON.stringify({
    apiVersion:
      workload.format === 'openreports'
        ? 'openreports.io/v1alpha1'
        : 'wgpolicyk8s.io/v1alpha2',
    kind: workload.format === 'openreports' ? 'Report' : 'PolicyReport',
    metadata: {
      name: `${workload.service}-deployment`,
      namespace: workload.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'kyverno' },
    },
    scope: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: workload.service,
      namespace: workload.namespace,
    },
    ...(workload.format === 'openreports' ? { source: 'kyverno' } : {}),
    summary: {
      pass: count('pass'),
      fail: count('fail'),
      warn: count('warn'),
      error: 0,
      skip: count('skip'),
    },
    results,
  });
}

/** `conftest test -o json --all-namespaces` of payments-api's manifests in CI. */
function conftestRun(audit: 0 | 1): string {
  const file = 'deploy/k8s/deployment.yaml';
  return JSON.stringify([
    {
      filename: file,
      namespace: 'disallow-mutable-tags',
      successes: audit === 0 ? 0 : 1,
      failures:
        audit === 0
          ? [
              {
                msg: 'container api uses image ghcr.io/acme/payments-api:latest; pin a digest or a release tag',
              },
            ]
          : [],
    },
    {
      filename: file,
      namespace: 'require-resource-limits',
      successes: 1,
      failures: [],
    },
    {
      filename: file,
      namespace: 'disallow-privileged',
      successes: 1,
      failures: [],
    },
  ]);
}

/** A SARIF 2.1.0 log of checkout's infrastructure scan in CI, with one suppressed result. */
function sarifRun(audit: 0 | 1, at: number): string {
  const result = (
    ruleId: string,
    level: 'error' | 'warning',
    uri: string,
    text: string,
    suppression?: string,
  ) => ({
    ruleId,
    level,
    message: { text },
    locations: [{ physicalLocation: { artifactLocation: { uri } } }],
    ...(suppression
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: suppression,
            },
          ],
        }
      : {}),
  });
  const results = [
    result(
      'disallow-privileged',
      'error',
      'deploy/helm/templates/deployment.yaml',
      'Container checkout-migrations runs privileged',
      'The schema migration job needs a privileged init step until the operator ships (PLAT-412).',
    ),
    ...(audit === 1
      ? [
          result(
            'require-resource-limits',
            'warning',
            'deploy/helm/templates/worker.yaml',
            'Container checkout-worker sets no memory limit',
          ),
        ]
      : []),
  ];
  return JSON.stringify({
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'kyverno-json',
            rules: [
              {
                id: 'disallow-privileged',
                shortDescription: { text: 'No privileged containers' },
              },
              {
                id: 'require-resource-limits',
                shortDescription: { text: 'Set memory limits' },
              },
            ],
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: new Date(at - 60_000).toISOString(),
            endTimeUtc: new Date(at).toISOString(),
          },
        ],
        versionControlProvenance: [
          { repositoryUri: 'https://github.com/acme/checkout' },
        ],
        results,
      },
    ],
  });
}

/**
 * The demo's two audit rounds, a week apart and ending at `now`: Kyverno
 * PolicyReports of the prod-eu cluster (one OpenReports Report among them),
 * a Conftest run and a SARIF log from the CI pipeline. Between the rounds
 * checkout resolves one violation and gains another, ledger gains one,
 * payments-api's pipeline fixes its image tag, and checkout's pipeline finds
 * a new warning; fraud-detector's privileged container is excepted by a
 * PolicyException and checkout's migration job by a SARIF suppression.
 *
 * @public
 */
export function demoAudits(now: number): DemoAudit[] {
  return ([0, 1] as const).map(audit => {
    const at = now - (1 - audit) * 7 * DAY_MS;
    const uploads: DemoUpload[] = WORKLOADS.map(workload => ({
      source: DEMO_CLUSTER,
      entityRef: `component:default/${workload.service}`,
      format: workload.format,
      body: kubernetesReport(workload, workload.audits[audit], at),
    }));
    uploads.push(
      {
        source: DEMO_PIPELINE,
        entityRef: 'component:default/payments-api',
        format: 'conftest',
        body: conftestRun(audit),
      },
      {
        source: DEMO_PIPELINE,
        entityRef: 'component:default/checkout',
        format: 'sarif',
        body: sarifRun(audit, at),
      },
    );
    return { receivedAt: new Date(at), uploads };
  });
}
