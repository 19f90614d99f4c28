import { ResponseError } from '@backstage/errors';
import type {
  EntityPolicyState,
  PolicyCounts,
  PolicyOverviewResponse,
  PolicySeverity,
  PolicyViolation,
  PolicyWaiver,
} from '@goldpath/plugin-policy-common';
import { PolicyApi, PolicyUnmappedResponse } from '../api';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An instant `ms` before now, ISO 8601. */
export function ago(ms: number): string {
  return new Date(Date.now() - ms).toISOString();
}

/** An instant `ms` after now, ISO 8601. */
export function fromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

export { DAY, HOUR };

export function bySeverity(
  values: Partial<Record<PolicySeverity | 'unknown', number>> = {},
): Record<PolicySeverity | 'unknown', number> {
  return {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    info: 0,
    unknown: 0,
    ...values,
  };
}

export function counts(
  extra: Partial<Omit<PolicyCounts, 'violationsBySeverity'>> & {
    violationsBySeverity?: Partial<Record<PolicySeverity | 'unknown', number>>;
  } = {},
): PolicyCounts {
  return {
    pass: 0,
    fail: 0,
    warn: 0,
    error: 0,
    skip: 0,
    excepted: 0,
    ...extra,
    violationsBySeverity: bySeverity(extra.violationsBySeverity),
  };
}

export function violation(
  key: string,
  extra: Partial<PolicyViolation> = {},
): PolicyViolation {
  return {
    key,
    source: 'prod-eu',
    policy: `policy-${key}`,
    status: 'fail',
    firstSeen: ago(DAY),
    lastSeen: ago(HOUR),
    ...extra,
  };
}

/** A Kyverno label violation, open 12 days, with remediation, runbook and bundle. */
export const requireLabels = violation('k-labels', {
  policy: 'require-labels',
  rule: 'check-team-label',
  severity: 'high',
  message: 'label "team" is required',
  resource: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: 'checkout',
    name: 'checkout-api',
  },
  remediation: 'Add the team label to the Deployment',
  bundleRef: 'resource:default/kyverno-baseline',
  runbook: 'https://runbooks.example.com/policies/require-labels',
  firstSeen: ago(12 * DAY + HOUR),
});

/** Introduced by the latest cluster audit. */
export const latestTag = violation('k-latest', {
  policy: 'disallow-latest-tag',
  rule: 'validate-image-tag',
  severity: 'medium',
  message: 'An image tag is required, and must not be latest',
  resource: {
    kind: 'Deployment',
    namespace: 'checkout',
    name: 'checkout-worker',
  },
  bundleRef: 'resource:default/kyverno-baseline',
  firstSeen: ago(3 * DAY),
});

/** A CVE from a SARIF upload of CI, open since today. */
export const cve = violation('s-cve', {
  source: 'ci',
  policy: 'CVE-2024-4068',
  severity: 'critical',
  message: 'braces: uncontrolled resource consumption',
  file: 'package-lock.json',
  remediation: 'Upgrade braces to 3.0.3',
  firstSeen: ago(2 * HOUR),
});

/** A SARIF warning without a severity. */
export const noSeverity = violation('s-nosev', {
  source: 'ci',
  policy: 'semgrep.no-eval',
  status: 'warn',
  file: 'src/legacy.js',
  firstSeen: ago(2 * HOUR),
});

/** Resolved by the latest cluster audit. */
export const resolvedLimits = violation('k-limits', {
  policy: 'require-requests-limits',
  rule: 'validate-resources',
  severity: 'medium',
  resource: { kind: 'Deployment', namespace: 'checkout', name: 'checkout-api' },
  firstSeen: ago(20 * DAY),
});

/** Two sources, four violations, drift, history, exceptions and passing checks. */
export function violationsState(): EntityPolicyState {
  const clusterAudit = ago(HOUR);
  const previousClusterAudit = ago(DAY + HOUR);
  const ciAudit = ago(2 * HOUR);
  return {
    entityRef: 'component:default/checkout',
    status: 'fail',
    lastAudit: clusterAudit,
    sources: [
      {
        source: 'prod-eu',
        format: 'wgpolicy',
        producer: 'kyverno',
        lastAudit: clusterAudit,
        previousAudit: previousClusterAudit,
        counts: counts({
          pass: 8,
          fail: 2,
          excepted: 2,
          violationsBySeverity: { high: 1, medium: 1 },
        }),
      },
      {
        source: 'ci',
        format: 'sarif',
        producer: 'trivy',
        lastAudit: ciAudit,
        counts: counts({
          pass: 3,
          fail: 1,
          warn: 1,
          violationsBySeverity: { critical: 1, unknown: 1 },
        }),
      },
    ],
    violations: [latestTag, noSeverity, requireLabels, cve],
    excepted: [
      {
        ...violation('k-probes', {
          policy: 'require-probes',
          rule: 'validate-liveness',
          resource: { kind: 'CronJob', namespace: 'checkout', name: 'nightly' },
        }),
        status: 'skip',
        exception: {
          kind: 'policy-exception',
          name: 'nightly-no-probes',
          grantedBy: 'group:default/platform',
          reason: 'A batch job has no HTTP endpoint',
          expiresAt: fromNow(30 * DAY),
        },
      },
      {
        ...violation('k-root', {
          policy: 'disallow-root',
          resource: {
            kind: 'Deployment',
            namespace: 'checkout',
            name: 'legacy',
          },
        }),
        status: 'fail',
        exception: {
          kind: 'exemption',
          grantedBy: 'jane@example.com',
          reason: 'Vendor image, replacement planned',
          expiresAt: ago(2 * DAY),
        },
      },
    ],
    passed: [
      { source: 'prod-eu', policy: 'require-labels', rule: 'check-app-label' },
      { source: 'ci', policy: 'CVE-2023-0001', file: 'package-lock.json' },
    ],
    drift: [
      {
        source: 'prod-eu',
        from: previousClusterAudit,
        to: clusterAudit,
        introduced: [latestTag],
        resolved: [resolvedLimits],
      },
      {
        source: 'ci',
        to: ciAudit,
        introduced: [cve, noSeverity],
        resolved: [],
      },
    ],
    history: [
      {
        source: 'prod-eu',
        auditedAt: ago(3 * DAY),
        counts: counts({ violationsBySeverity: { high: 1, medium: 2 } }),
      },
      {
        source: 'prod-eu',
        auditedAt: previousClusterAudit,
        counts: counts({ violationsBySeverity: { high: 1, medium: 1 } }),
      },
      {
        source: 'prod-eu',
        auditedAt: clusterAudit,
        counts: counts({ violationsBySeverity: { high: 1, medium: 1 } }),
      },
      {
        source: 'ci',
        auditedAt: ciAudit,
        counts: counts({ violationsBySeverity: { critical: 1, unknown: 1 } }),
      },
    ],
  };
}

/** No report names the entity yet. */
export function noReportState(
  entityRef = 'component:default/checkout',
): EntityPolicyState {
  return {
    entityRef,
    status: null,
    sources: [],
    violations: [],
    excepted: [],
    passed: [],
    drift: [],
    history: [],
  };
}

/** Reports exist and every check passes. */
export function allClearState(): EntityPolicyState {
  const audit = ago(HOUR);
  return {
    entityRef: 'component:default/checkout',
    status: 'pass',
    lastAudit: audit,
    sources: [
      {
        source: 'prod-eu',
        format: 'openreports',
        producer: 'kyverno',
        lastAudit: audit,
        counts: counts({ pass: 12 }),
      },
    ],
    violations: [],
    excepted: [],
    passed: [{ source: 'prod-eu', policy: 'require-labels' }],
    drift: [{ source: 'prod-eu', to: audit, introduced: [], resolved: [] }],
    history: [
      { source: 'prod-eu', auditedAt: audit, counts: counts({ pass: 12 }) },
    ],
  };
}

export function waiver(
  id: string,
  extra: Partial<PolicyWaiver> = {},
): PolicyWaiver {
  return {
    id,
    entityRef: 'component:default/checkout',
    policy: 'require-labels',
    reason: 'Labels come with the next chart release',
    grantedBy: 'user:default/jane',
    createdAt: ago(5 * DAY),
    expiresAt: fromNow(10 * DAY),
    ...extra,
  };
}

export function overviewResponse(): PolicyOverviewResponse {
  return {
    generatedAt: '2024-06-01T12:00:00.000Z',
    entities: { total: 3, pass: 1, warn: 0, fail: 2 },
    violationsBySeverity: bySeverity({ critical: 1, high: 2, medium: 1 }),
    excepted: 2,
    worstOffenders: [
      {
        entityRef: 'component:default/checkout',
        status: 'fail',
        violationsBySeverity: bySeverity({ critical: 1, high: 1, medium: 1 }),
        lastAudit: '2024-06-01T11:00:00.000Z',
      },
      {
        entityRef: 'resource:default/orders-db',
        status: 'fail',
        violationsBySeverity: bySeverity({ high: 1 }),
        lastAudit: '2024-05-31T08:00:00.000Z',
      },
    ],
    oldestOpen: [
      { ...resolvedLimits, entityRef: 'resource:default/orders-db' },
      { ...requireLabels, entityRef: 'component:default/checkout' },
    ],
    byPolicy: [
      {
        policy: 'require-labels',
        bundleRef: 'resource:default/kyverno-baseline',
        severity: 'high',
        violations: 2,
        entities: 2,
      },
      {
        policy: 'CVE-2024-4068',
        severity: 'critical',
        violations: 1,
        entities: 1,
      },
      {
        policy: 'disallow-latest-tag',
        severity: 'medium',
        violations: 1,
        entities: 1,
      },
    ],
    unmapped: 2,
  };
}

export function unmappedResponse(): PolicyUnmappedResponse {
  return {
    items: [
      {
        id: '2',
        source: 'prod-us',
        format: 'wgpolicy',
        policy: 'require-labels',
        rule: 'check-team-label',
        status: 'fail',
        resource: { kind: 'Deployment', namespace: 'ghost', name: 'orphan' },
        auditedAt: '2024-06-01T10:00:00.000Z',
        receivedAt: '2024-06-01T10:00:00.000Z',
      },
      {
        id: '1',
        source: 'ci',
        format: 'sarif',
        policy: 'CVE-2024-0001',
        status: 'fail',
        file: 'go.sum',
        auditedAt: '2024-06-01T09:00:00.000Z',
        receivedAt: '2024-06-01T09:00:00.000Z',
      },
    ],
    total: 2,
  };
}

/** A `ResponseError` as the backend sends it. */
export async function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/api/policy/x' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

/** A {@link PolicyApi} of jest mocks answering the fixtures above. */
export function mockPolicyApi(
  overrides: Partial<PolicyApi> = {},
): jest.Mocked<PolicyApi> {
  const api = {
    getEntityState: jest.fn(async () => violationsState()),
    getOverview: jest.fn(async () => overviewResponse()),
    getUnmapped: jest.fn(async () => unmappedResponse()),
    getWaivers: jest.fn(async () => ({
      items: [
        waiver('w-active'),
        waiver('w-expired', {
          policy: 'disallow-latest-tag',
          findingKey: 'k-latest',
          createdAt: ago(40 * DAY),
          expiresAt: ago(10 * DAY),
        }),
      ],
    })),
    createWaiver: jest.fn(async request => ({
      id: 'w-new',
      ...request,
      grantedBy: 'user:default/guest',
      createdAt: new Date().toISOString(),
    })),
  } as unknown as jest.Mocked<PolicyApi>;
  for (const [name, impl] of Object.entries(overrides)) {
    (api as any)[name] = jest.fn(impl as (...args: any[]) => any);
  }
  return api;
}
