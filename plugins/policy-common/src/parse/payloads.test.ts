import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { countResults, deriveStatus } from '../logic/counts';
import { diffFindings, findingKey } from '../logic/findings';
import type { ParsedPolicyReport } from '../types';
import {
  describeWithPayloads,
  payloadFiles,
  payloadsTitle,
  readPayload,
} from '../__testUtils__/payloads';
import { parsePolicyReports } from './index';

/**
 * Every policy payload of /work/shared/reference/payloads, read in place, with
 * what it must parse to; variants are built here from the file read.
 */

const KYVERNO = 'kyverno/policyreport-v1alpha2-per-resource.yaml';
const COMPLIANCE = 'wgpolicy/policyreport-v1alpha2-compliance-operator.yaml';
const TRIVY = 'wgpolicy/policyreport-v1alpha2-trivy-adapter.yaml';
const OPENREPORTS = 'openreports/report-kyverno-sample.yaml';
const CONFTEST = 'conftest/conftest-test-output.json';
const GK_AUDIT = 'gatekeeper/audit-log.violation_audited.json';
const GK_CONSTRAINT = 'gatekeeper/constraint-status-violations.yaml';
const SARIF = 'sarif/conftest-sarif-2.1.0.json';

const kubeApiserver = {
  apiVersion: 'v1',
  kind: 'Pod',
  namespace: 'kube-system',
  name: 'kube-apiserver-kind-control-plane',
  uid: '487df031-11d8-4ab4-b089-dfc0db1e533e',
};

const kyvernoReport: ParsedPolicyReport = {
  format: 'wgpolicy',
  producer: 'kyverno',
  auditedAt: '2023-12-06T13:19:22.000Z',
  reportName: '487df031-11d8-4ab4-b089-dfc0db1e533e',
  reportNamespace: 'kube-system',
  scope: kubeApiserver,
  results: [
    {
      policy: 'disallow-capabilities',
      rule: 'adding-capabilities',
      status: 'pass',
      severity: 'medium',
      message: "validation rule 'adding-capabilities' passed.",
      category: 'Pod Security Standards (Baseline)',
      timestamp: '2023-12-06T13:19:22.000Z',
      resource: kubeApiserver,
    },
    {
      policy: 'disallow-host-namespaces',
      rule: 'host-namespaces',
      status: 'fail',
      severity: 'medium',
      message:
        'validation error: Sharing the host namespaces is disallowed. The fields spec.hostNetwork, ' +
        'spec.hostIPC, and spec.hostPID must be unset or set to `false`. rule host-namespaces failed ' +
        'at path /spec/hostNetwork/',
      category: 'Pod Security Standards (Baseline)',
      timestamp: '2023-12-06T13:19:22.000Z',
      resource: kubeApiserver,
    },
  ],
  skipped: [],
};

const complianceMessage = (lines: string[]) => lines.join('\n');

const expected: Record<string, ParsedPolicyReport[]> = {
  [KYVERNO]: [kyvernoReport],
  [COMPLIANCE]: [
    {
      format: 'wgpolicy',
      producer: 'openshift-compliance-operator',
      reportName: 'sample-fedramp-compliance-operator',
      results: [
        {
          policy:
            'xccdf_org.ssgproject.content_rule_audit_rules_etc_group_open',
          status: 'fail',
          severity: 'medium',
          message: complianceMessage([
            'Record Events that Modify User/Group Information via open syscall - /etc/group',
            'Creation of groups through direct edition of /etc/group could be an indicator of malicious activity on a system.',
            'Auditing these events could serve as evidence of potential system compromise.',
          ]),
          properties: { suite: 'fedramp-moderate', scan: 'workers-scan' },
        },
        {
          policy: 'xccdf_org.ssgproject.content_rule_sshd_limit_user_access',
          status: 'warn',
          message: complianceMessage([
            "Limit Users' SSH Access",
            'Specifying which accounts are allowed SSH access into the system reduces the',
            'possibility of unauthorized access to the system.',
          ]),
          properties: { suite: 'fedramp-moderate', scan: 'workers-scan' },
        },
      ],
      skipped: [],
    },
  ],
  [TRIVY]: [
    {
      format: 'wgpolicy',
      producer: 'trivy',
      // seconds 1628548814, newest nanos -879043174: 13.120956826 s past the minute.
      auditedAt: '2021-08-09T22:40:13.120Z',
      reportName: 'pod-zipkin-6b59cc5ddb-bp9h8-zipkin',
      reportNamespace: 'default',
      scope: {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: 'default',
        name: 'zipkin-6b59cc5ddb-bp9h8',
        uid: '961887ae-c2bf-46c5-828c-40ceb2e7e303',
      },
      results: [],
      skipped: Array.from(
        { length: 14 },
        (_, i) =>
          `document 1: results[${i}]: left out: ${
            i < 2 ? 'policy is empty, result is absent' : 'result is absent'
          }`,
      ),
    },
  ],
  [OPENREPORTS]: [
    {
      format: 'openreports',
      producer: 'kyverno',
      auditedAt: '2023-03-23T10:04:54.000Z',
      reportName: 'sample-v1beta2-cr',
      results: [
        {
          policy: 'disallow-capabilities',
          rule: 'adding-capabilities',
          status: 'pass',
          severity: 'medium',
          message: "validation rule 'adding-capabilities' passed.",
          category: 'Pod Security Standards (Baseline)',
          timestamp: '2023-03-23T10:04:54.000Z',
          resource: {
            apiVersion: 'v1',
            kind: 'Pod',
            namespace: 'nirmata',
            name: 'kyverno-6d88f6dcdd-k6bc5',
            uid: '3407b31a-b0bb-4716-a443-f4aa15662ef2',
          },
        },
      ],
      skipped: [],
    },
  ],
  [CONFTEST]: [
    {
      format: 'conftest',
      producer: 'conftest',
      results: [
        'Containers must not run as root in Deployment hello-kubernetes',
        'Deployment hello-kubernetes must provide app/release labels for pod selectors',
        'hello-kubernetes must include Kubernetes recommended labels: https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/#labels',
        'Found deployment hello-kubernetes but deployments are not allowed',
      ]
        .map(msg => ({
          policy: 'conftest',
          rule: msg,
          status: 'fail' as const,
          message: msg,
          file: 'examples/kubernetes/deployment.yaml',
          ...(msg.startsWith('Found') ? { properties: { details: '{}' } } : {}),
        }))
        .concat([
          {
            policy: 'conftest',
            status: 'pass',
            file: 'examples/kubernetes/deployment.yaml',
            properties: { successes: '1' },
          } as any,
        ]),
      skipped: [],
    },
  ],
  [GK_AUDIT]: [
    {
      format: 'gatekeeper-audit',
      producer: 'gatekeeper',
      auditedAt: '2021-09-29T04:17:47.000Z',
      reportName: '2021-09-29T04:17:47Z',
      results: [
        {
          policy: 'K8sContainerLimits',
          rule: 'container-must-have-limits',
          status: 'fail',
          message: 'container <kube-scheduler> has no resource limits',
          resource: {
            apiVersion: 'v1',
            kind: 'Pod',
            namespace: 'kube-system',
            name: 'kube-scheduler-kind-control-plane',
          },
          properties: { enforcementAction: 'deny' },
          timestamp: '2021-09-29T04:17:50.307Z',
        },
      ],
      skipped: [],
    },
  ],
  [GK_CONSTRAINT]: [
    {
      format: 'gatekeeper',
      producer: 'gatekeeper',
      auditedAt: '2019-05-11T01:46:13.000Z',
      reportName: 'ns-must-have-gk',
      results: [
        'default',
        'gatekeeper-system',
        'kube-public',
        'kube-system',
      ].map(name => ({
        policy: 'K8sRequiredLabels',
        rule: 'ns-must-have-gk',
        status: 'fail' as const,
        message: 'you must provide labels: {"gatekeeper"}',
        resource: { apiVersion: 'v1', kind: 'Namespace', name },
        properties: { enforcementAction: 'deny' },
        timestamp: '2019-05-11T01:46:13.000Z',
      })),
      skipped: [],
    },
  ],
  [SARIF]: [
    {
      format: 'sarif',
      producer: 'conftest',
      results: [
        {
          policy: 'main/deny',
          status: 'fail',
          message: 'fail: Power level must be over 9000',
          file: 'examples/textproto/fail.textproto',
        },
      ],
      skipped: [],
    },
  ],
};

const FOLDERS = [
  'kyverno',
  'wgpolicy',
  'openreports',
  'conftest',
  'gatekeeper',
  'sarif',
];

const parseFile = (file: string) =>
  parsePolicyReports({ body: readPayload(file) });

describeWithPayloads(payloadsTitle('reference payloads, read in place'), () => {
  it('has an expectation for every policy payload there is', () => {
    expect(FOLDERS.flatMap(payloadFiles).sort()).toEqual(
      Object.keys(expected).sort(),
    );
  });

  it.each(Object.keys(expected))('%s', file => {
    expect(parseFile(file)).toEqual(expected[file]);
  });

  type Expected = Partial<
    Record<'pass' | 'fail' | 'warn' | 'medium' | 'unknown', number>
  >;
  it.each<[string, Expected, string]>([
    [KYVERNO, { pass: 1, fail: 1, medium: 1 }, 'fail'],
    [COMPLIANCE, { fail: 1, warn: 1, medium: 1, unknown: 1 }, 'fail'],
    [OPENREPORTS, { pass: 1 }, 'pass'],
    [CONFTEST, { pass: 1, fail: 4, unknown: 4 }, 'fail'],
    [GK_AUDIT, { fail: 1, unknown: 1 }, 'fail'],
    [GK_CONSTRAINT, { fail: 4, unknown: 4 }, 'fail'],
    [SARIF, { fail: 1, unknown: 1 }, 'fail'],
  ])('%s counts %j, status %s', (file, c, status) => {
    const counts = countResults(parseFile(file)[0].results);
    expect(counts).toEqual({
      pass: c.pass ?? 0,
      fail: c.fail ?? 0,
      warn: c.warn ?? 0,
      error: 0,
      skip: 0,
      excepted: 0,
      violationsBySeverity: {
        critical: 0,
        high: 0,
        medium: c.medium ?? 0,
        low: 0,
        info: 0,
        unknown: c.unknown ?? 0,
      },
    });
    expect(deriveStatus(counts)).toBe(status);
  });

  it('ignores the summary: the Trivy sample claims 14 results of which none has a result', () => {
    const doc = parseYaml(readPayload(TRIVY));
    expect(doc.summary).toEqual({
      error: 2,
      fail: 7,
      pass: 0,
      skip: 1,
      warn: 4,
    });
    expect(parseFile(TRIVY)[0].results).toEqual([]);
  });

  describe('variants of the Kyverno report', () => {
    // Read in the tests, not while collecting them: describe.skip still collects.
    let text: string;
    let doc: any;
    beforeAll(() => {
      text = readPayload(KYVERNO);
      doc = parseYaml(text);
    });

    it('reads the same as `kubectl -o json`', () => {
      expect(parsePolicyReports({ body: JSON.stringify(doc) })).toEqual([
        kyvernoReport,
      ]);
    });

    it('reads a Kubernetes List of reports (kubectl get policyreports -A -o yaml)', () => {
      const trivy = parseYaml(readPayload(TRIVY));
      const list = { apiVersion: 'v1', kind: 'List', items: [doc, trivy] };
      const reports = parsePolicyReports({ body: toYaml(list) });
      expect(reports).toEqual([
        kyvernoReport,
        {
          ...expected[TRIVY][0],
          skipped: expected[TRIVY][0].skipped.map(s =>
            s.replace('document 1: ', 'document 1: items[1].'),
          ),
        },
      ]);
    });

    it('reads a PolicyReportList too', () => {
      const list = {
        apiVersion: 'wgpolicyk8s.io/v1alpha2',
        kind: 'PolicyReportList',
        items: [doc],
      };
      expect(parsePolicyReports({ body: JSON.stringify(list) })).toEqual([
        kyvernoReport,
      ]);
    });

    it('reads multi-document YAML', () => {
      const body = `${text}\n---\n${readPayload(COMPLIANCE)}\n---\n`;
      expect(parsePolicyReports({ body })).toEqual([
        kyvernoReport,
        ...expected[COMPLIANCE],
      ]);
    });

    it('maps to exactly the same report as OpenReports Report, apart from format', () => {
      for (const [apiVersion, kind] of [
        ['openreports.io/v1alpha1', 'Report'],
        ['openreports.io/v1alpha1', 'PolicyReport'],
      ]) {
        const body = toYaml({ ...doc, apiVersion, kind });
        expect(parsePolicyReports({ body })).toEqual([
          { ...kyvernoReport, format: 'openreports' },
        ]);
      }
    });

    it('reads v1beta1 and ClusterPolicyReport', () => {
      const body = toYaml({
        ...doc,
        apiVersion: 'wgpolicyk8s.io/v1beta1',
        kind: 'ClusterPolicyReport',
      });
      expect(parsePolicyReports({ body })).toEqual([kyvernoReport]);
    });

    it('shows drift when a result is removed', () => {
      const fixed = { ...doc, results: doc.results.slice(0, 1) };
      const [before] = parsePolicyReports({ body: text });
      const [after] = parsePolicyReports({ body: toYaml(fixed) });
      const keyed = (r: ParsedPolicyReport) =>
        r.results
          .filter(x => x.status === 'fail')
          .map(x => ({ key: findingKey('cluster-a', x), policy: x.policy }));
      expect(diffFindings(keyed(before), keyed(after))).toEqual({
        introduced: [],
        resolved: [
          {
            key: 'cluster-a|disallow-host-namespaces|host-namespaces|pod/kube-system/kube-apiserver-kind-control-plane',
            policy: 'disallow-host-namespaces',
          },
        ],
      });
    });

    it('reads the Trivy report normalised once the results have a result', () => {
      const trivy = parseYaml(readPayload(TRIVY));
      trivy.results = trivy.results.map((r: object) => ({
        ...r,
        result: 'fail',
      }));
      const [report] = parsePolicyReports({ body: toYaml(trivy) });
      expect(report.skipped).toEqual([
        'document 1: results[0]: left out: policy is empty',
        'document 1: results[1]: left out: policy is empty',
      ]);
      expect(report.results).toHaveLength(12);
      expect(report.results[0]).toEqual({
        policy:
          'busybox: invalid free or segmentation fault via malformed gzip data',
        status: 'fail',
        severity: 'high',
        category: 'busybox',
        properties: {
          FixedVersion: '1.31.1-r20',
          InstalledVersion: '1.31.1-r19',
          PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2021-28831',
          VulnerabilityID: 'CVE-2021-28831',
        },
        // 1628548814 s − 0.879109096 s
        timestamp: '2021-08-09T22:40:13.120Z',
        resource: expected[TRIVY][0].scope,
      });
      expect(countResults(report.results).violationsBySeverity).toEqual({
        critical: 0,
        high: 6,
        medium: 4,
        low: 2,
        info: 0,
        unknown: 0,
      });
    });
  });

  describe('variants of the other payloads', () => {
    it('Conftest with a namespace and an exception', () => {
      const [file] = JSON.parse(readPayload(CONFTEST));
      file.namespace = 'main';
      file.exceptions = [{ msg: 'data.main.exception[_][_] == "run_as_root"' }];
      const [report] = parsePolicyReports({ body: JSON.stringify([file]) });
      expect(report.results.map(r => r.policy)).toEqual(Array(6).fill('main'));
      expect(report.results[4]).toEqual({
        policy: 'main',
        rule: 'data.main.exception[_][_] == "run_as_root"',
        status: 'fail',
        message: 'data.main.exception[_][_] == "run_as_root"',
        file: 'examples/kubernetes/deployment.yaml',
        exception: {
          kind: 'policy-exception',
          reason: 'data.main.exception[_][_] == "run_as_root"',
        },
      });
      expect(countResults(report.results)).toMatchObject({
        fail: 4,
        pass: 1,
        excepted: 1,
      });
    });

    it('a Gatekeeper constraint whose violations are fixed passes, one in dryrun warns', () => {
      const doc = parseYaml(readPayload(GK_CONSTRAINT));
      const fixed = { ...doc, status: { ...doc.status, violations: [] } };
      expect(parsePolicyReports({ body: toYaml(fixed) })[0].results).toEqual([
        {
          policy: 'K8sRequiredLabels',
          rule: 'ns-must-have-gk',
          status: 'pass',
          timestamp: '2019-05-11T01:46:13.000Z',
        },
      ]);
      const dry = {
        ...doc,
        status: {
          ...doc.status,
          violations: [
            { ...doc.status.violations[0], enforcementAction: 'dryrun' },
          ],
        },
      };
      expect(
        parsePolicyReports({ body: toYaml(dry) })[0].results.map(r => r.status),
      ).toEqual(['warn']);
    });

    it('Gatekeeper audit lines of two audits, as NDJSON with other log lines', () => {
      const line = JSON.parse(readPayload(GK_AUDIT));
      const body = [
        {
          level: 'info',
          ts: 1632889067.1,
          logger: 'controller',
          msg: 'auditing constraints and violations',
          process: 'audit',
          event_type: 'audit_started',
          audit_id: '2021-09-29T04:17:47Z',
        },
        line,
        { ...line, resource_name: 'etcd-kind-control-plane' },
        {
          level: 'info',
          ts: 1632889100.5,
          logger: 'setup',
          msg: 'starting manager',
        },
        {
          ...line,
          audit_id: '2021-09-29T05:17:47Z',
          ts: 1632892670.5,
          constraint_action: 'warn',
        },
      ]
        .map(x => JSON.stringify(x))
        .join('\n');
      const reports = parsePolicyReports({ body });
      expect(
        reports.map(r => [r.reportName, r.auditedAt, r.results.length]),
      ).toEqual([
        ['2021-09-29T04:17:47Z', '2021-09-29T04:17:47.000Z', 2],
        ['2021-09-29T05:17:47Z', '2021-09-29T05:17:47.000Z', 1],
      ]);
      expect(reports[0].results[1].resource?.name).toBe(
        'etcd-kind-control-plane',
      );
      expect(reports[1].results[0].status).toBe('warn');
      expect(reports[0].skipped).toEqual([
        '2 Gatekeeper log lines are not violation_audited events and were ignored',
      ]);
    });

    it('SARIF with a suppression, a security-severity and a provenance', () => {
      const doc = JSON.parse(readPayload(SARIF));
      const run = doc.runs[0];
      run.tool.driver.rules[0].properties = { 'security-severity': '7.5' };
      run.tool.driver.rules[0].helpUri = 'https://example.com/policies/main';
      run.versionControlProvenance = [
        { repositoryUri: 'https://github.com/acme/app', revisionId: 'abc' },
      ];
      run.invocations[0].endTimeUtc = '2024-05-01T10:00:00Z';
      run.results.push({
        ...run.results[0],
        locations: [
          {
            physicalLocation: {
              artifactLocation: {
                uri: 'examples/textproto/other%20file.textproto',
              },
            },
          },
        ],
        suppressions: [
          { kind: 'external', justification: 'accepted risk, JIRA-1' },
        ],
      });
      const [report] = parsePolicyReports({ body: JSON.stringify(doc) });
      expect(report.auditedAt).toBe('2024-05-01T10:00:00.000Z');
      expect(report.results).toEqual([
        {
          policy: 'main/deny',
          status: 'fail',
          severity: 'high',
          message: 'fail: Power level must be over 9000',
          file: 'examples/textproto/fail.textproto',
          repository: 'https://github.com/acme/app',
          remediation: 'https://example.com/policies/main',
          timestamp: '2024-05-01T10:00:00.000Z',
        },
        {
          policy: 'main/deny',
          status: 'fail',
          severity: 'high',
          message: 'fail: Power level must be over 9000',
          file: 'examples/textproto/other file.textproto',
          repository: 'https://github.com/acme/app',
          remediation: 'https://example.com/policies/main',
          exception: {
            kind: 'suppression',
            name: 'external',
            reason: 'accepted risk, JIRA-1',
          },
          timestamp: '2024-05-01T10:00:00.000Z',
        },
      ]);
    });
  });
});
