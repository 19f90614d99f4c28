import { parsePolicyReports } from './index';

/** Hand-written Gatekeeper constraints and audit log lines, from its docs. */
const constraint = (status: object | undefined, over: object = {}) =>
  JSON.stringify({
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: 'K8sAllowedRepos',
    metadata: { name: 'prod-repos' },
    spec: { match: { excludedNamespaces: ['kube-system'] } },
    status,
    ...over,
  });
const line = (over: object = {}) => ({
  level: 'info',
  ts: 1714557600,
  process: 'audit',
  event_type: 'violation_audited',
  audit_id: '2024-05-01T10:00:00Z',
  constraint_kind: 'K8sAllowedRepos',
  constraint_name: 'prod-repos',
  constraint_action: 'deny',
  resource_group: 'apps',
  resource_api_version: 'v1',
  resource_kind: 'Deployment',
  resource_namespace: 'shop',
  resource_name: 'cart',
  msg: 'image not from an allowed repo',
  ...over,
});

describe('Gatekeeper constraints', () => {
  it('maps enforcement actions and resources', () => {
    const [r] = parsePolicyReports({
      body: constraint({
        auditTimestamp: '2024-05-01T10:00:00Z',
        totalViolations: 4,
        violations: [
          {
            enforcementAction: 'deny',
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'cart',
            message: 'm',
          },
          {
            enforcementAction: 'warn',
            version: 'v1',
            kind: 'Pod',
            namespace: 'shop',
            name: 'p',
          },
          { enforcementAction: 'dryrun', kind: 'Pod', name: 'q' },
          { enforcementAction: 'scoped', kind: 'Pod', name: 'r' },
        ],
      }),
    });
    expect(r.results.map(x => [x.status, x.resource, x.properties])).toEqual([
      [
        'fail',
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'cart',
        },
        { enforcementAction: 'deny' },
      ],
      [
        'warn',
        { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'p' },
        { enforcementAction: 'warn' },
      ],
      ['warn', { kind: 'Pod', name: 'q' }, { enforcementAction: 'dryrun' }],
      ['fail', { kind: 'Pod', name: 'r' }, { enforcementAction: 'scoped' }],
    ]);
    expect(r.results[0]).toMatchObject({
      policy: 'K8sAllowedRepos',
      rule: 'prod-repos',
      message: 'm',
    });
    expect(r.skipped).toEqual([]);
  });

  it('an audited constraint without violations passes; excludedNamespaces are not results', () => {
    const [r] = parsePolicyReports({
      body: constraint({
        auditTimestamp: '2024-05-01T10:00:00Z',
        totalViolations: 0,
      }),
    });
    expect(r.results).toEqual([
      {
        policy: 'K8sAllowedRepos',
        rule: 'prod-repos',
        status: 'pass',
        timestamp: '2024-05-01T10:00:00.000Z',
      },
    ]);
  });

  it('a constraint that was never audited has no results and says so', () => {
    for (const status of [undefined, {}, { auditTimestamp: 'soon' }]) {
      const [r] = parsePolicyReports({ body: constraint(status) });
      expect(r.results).toEqual([]);
      expect(r.auditedAt).toBeUndefined();
      expect(r.skipped).toEqual([
        `document 1: status.auditTimestamp: ${
          status && 'auditTimestamp' in status ? 'not a time' : 'absent'
        }, so the constraint has not been audited yet; no results`,
      ]);
    }
  });

  it('notes violations beyond the listed ones, and does not call the constraint passing', () => {
    const [r] = parsePolicyReports({
      body: constraint({
        auditTimestamp: '2024-05-01T10:00:00Z',
        totalViolations: 25,
        violations: [],
      }),
    });
    expect(r.results).toEqual([]);
    expect(r.skipped).toEqual([
      "document 1: status.totalViolations: 25 violations, but only 0 are listed (Gatekeeper's --constraint-violations-limit); the other 25 are not in the report",
    ]);
  });

  it('refuses a constraint without a name', () => {
    expect(() =>
      parsePolicyReports({ body: constraint(undefined, { metadata: {} }) }),
    ).toThrow('document 1: metadata.name: is required');
    expect(() =>
      parsePolicyReports({
        body: constraint(undefined, { metadata: { name: '' } }),
      }),
    ).toThrow('document 1: metadata.name: must not be empty');
  });
});

describe('Gatekeeper audit log lines', () => {
  it('groups the lines of two audits into two reports', () => {
    const body = [
      line(),
      line({ resource_name: 'checkout', constraint_action: 'dryrun' }),
      line({ audit_id: '2024-05-01T11:00:00Z', ts: 1714561200.25 }),
      line({ resource_name: 'search' }),
    ]
      .map(x => JSON.stringify(x))
      .join('\n');
    const reports = parsePolicyReports({ body });
    expect(
      reports.map(r => ({
        id: r.reportName,
        at: r.auditedAt,
        n: r.results.map(x => [x.resource?.name, x.status]),
      })),
    ).toEqual([
      {
        id: '2024-05-01T10:00:00Z',
        at: '2024-05-01T10:00:00.000Z',
        n: [
          ['cart', 'fail'],
          ['checkout', 'warn'],
          ['search', 'fail'],
        ],
      },
      {
        id: '2024-05-01T11:00:00Z',
        at: '2024-05-01T11:00:00.000Z',
        n: [['cart', 'fail']],
      },
    ]);
    expect(reports[0].results[0]).toEqual({
      policy: 'K8sAllowedRepos',
      rule: 'prod-repos',
      status: 'fail',
      message: 'image not from an allowed repo',
      resource: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'cart',
      },
      properties: { enforcementAction: 'deny' },
      timestamp: '2024-05-01T10:00:00.000Z',
    });
  });

  it('an audit_id that is not a time falls back to the newest ts', () => {
    const body = [
      line({ audit_id: 'run-7', ts: 1714557600 }),
      line({ audit_id: 'run-7', ts: '2024-05-01T10:05:00Z' }),
    ]
      .map(x => JSON.stringify(x))
      .join('\n');
    expect(parsePolicyReports({ body })[0].auditedAt).toBe(
      '2024-05-01T10:05:00.000Z',
    );
  });

  it('a body of audit lines without any violation is an error that says why', () => {
    const body = [
      line({ event_type: 'audit_started' }),
      line({ event_type: 'audit_finished' }),
    ]
      .map(x => JSON.stringify(x))
      .join('\n');
    expect(() => parsePolicyReports({ body })).toThrow(
      'no Gatekeeper violation_audited line in the body (an audit without violations logs none; post the constraints instead: kubectl get constraints -o yaml)',
    );
  });

  it('refuses a violation line without its constraint', () => {
    const body = [line(), line({ constraint_kind: undefined })]
      .map(x => JSON.stringify(x))
      .join('\n');
    expect(() => parsePolicyReports({ body })).toThrow(
      'line 2: constraint_kind: is required',
    );
  });
});
