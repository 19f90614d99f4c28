import {
  PolicyReportInputError,
  detectPolicyReportFormat,
  parsePolicyReports,
} from './index';

/** Hand-written fixtures, from the formats' documentation. */
const report = (over: object = {}) => ({
  apiVersion: 'wgpolicyk8s.io/v1alpha2',
  kind: 'PolicyReport',
  metadata: { name: 'r1', namespace: 'shop' },
  results: [
    {
      policy: 'require-labels',
      rule: 'check-team',
      result: 'fail',
      resources: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'cart',
          namespace: 'shop',
        },
      ],
    },
  ],
  ...over,
});
const constraint = {
  apiVersion: 'constraints.gatekeeper.sh/v1beta1',
  kind: 'K8sRequiredLabels',
  metadata: { name: 'must-have-team' },
  status: { auditTimestamp: '2024-05-01T10:00:00Z', violations: [] },
};
const sarif = {
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'Checkov' } }, results: [] }],
};
const conftest = [{ filename: 'a.yaml', namespace: 'main', successes: 2 }];
const auditLine = {
  process: 'audit',
  event_type: 'violation_audited',
  audit_id: '2024-05-01T10:00:00Z',
  constraint_kind: 'K8sRequiredLabels',
  constraint_name: 'must-have-team',
  constraint_action: 'deny',
  resource_kind: 'Namespace',
  resource_name: 'shop',
  resource_api_version: 'v1',
  msg: 'you must provide labels',
  ts: 1714557600.5,
};

const parse = (body: string, format?: any) =>
  parsePolicyReports({ body, format });
const error = (body: string, format?: any) => {
  try {
    parse(body, format);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyReportInputError);
    expect((e as Error).name).toBe('PolicyReportInputError');
    return (e as Error).message;
  }
  throw new Error('expected a PolicyReportInputError');
};

describe('detectPolicyReportFormat', () => {
  it.each([
    [report(), 'wgpolicy'],
    [
      report({
        apiVersion: 'wgpolicyk8s.io/v1beta1',
        kind: 'ClusterPolicyReport',
      }),
      'wgpolicy',
    ],
    [
      report({ apiVersion: 'openreports.io/v1alpha1', kind: 'Report' }),
      'openreports',
    ],
    [
      report({ apiVersion: 'openreports.io/v1alpha1', kind: 'ClusterReport' }),
      'openreports',
    ],
    [conftest, 'conftest'],
    [conftest[0], 'conftest'],
    [constraint, 'gatekeeper'],
    [auditLine, 'gatekeeper-audit'],
    [sarif, 'sarif'],
    [{ ...sarif, version: '2.0.0' }, undefined],
    [report({ kind: 'PolicyReportList' }), undefined],
    [{ apiVersion: 'v1', kind: 'ConfigMap' }, undefined],
    [[], undefined],
    [[{ name: 'x' }], undefined],
    ['text', undefined],
    [null, undefined],
  ])('%j is %s', (doc, format) => {
    expect(detectPolicyReportFormat(doc)).toBe(format);
  });
});

describe('parsePolicyReports: bodies', () => {
  it('reads JSON, YAML and YAML flow style alike', () => {
    const json = parse(JSON.stringify(report()));
    expect(json).toHaveLength(1);
    expect(json[0].results[0]).toMatchObject({
      policy: 'require-labels',
      status: 'fail',
    });
    const yaml = parse(
      'apiVersion: wgpolicyk8s.io/v1alpha2\nkind: PolicyReport\nmetadata: {name: r1, namespace: shop}\nresults:\n- policy: require-labels\n  rule: check-team\n  result: fail\n  resources: [{apiVersion: apps/v1, kind: Deployment, name: cart, namespace: shop}]\n',
    );
    expect(yaml).toEqual(json);
  });

  it('strips a byte-order mark', () => {
    expect(parse(`\uFEFF${JSON.stringify(report())}`)).toHaveLength(1);
  });

  it('reads several formats in one multi-document body, in order', () => {
    const body = [report(), constraint, sarif]
      .map(d => JSON.stringify(d))
      .join('\n---\n');
    expect(parse(body).map(r => r.format)).toEqual([
      'wgpolicy',
      'gatekeeper',
      'sarif',
    ]);
  });

  it('expands Lists and plain arrays of reports, nested too', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        report(),
        { apiVersion: 'v1', kind: 'List', items: [constraint] },
      ],
    };
    expect(parse(JSON.stringify(list)).map(r => r.format)).toEqual([
      'wgpolicy',
      'gatekeeper',
    ]);
    expect(parse(JSON.stringify([report(), sarif])).map(r => r.format)).toEqual(
      ['wgpolicy', 'sarif'],
    );
  });

  it('an empty List is no report, not an error (kubectl found none)', () => {
    expect(parse('apiVersion: v1\nkind: List\nitems: []\n')).toEqual([]);
  });

  it('groups NDJSON audit lines, blank lines and CRLF included', () => {
    const body = `${JSON.stringify(auditLine)}\r\n\r\n${JSON.stringify({
      ...auditLine,
      resource_name: 'cart',
    })}\r\n`;
    const [audit] = parse(body);
    expect(audit.results.map(r => r.resource?.name)).toEqual(['shop', 'cart']);
    expect(audit.results[0].timestamp).toBe('2024-05-01T10:00:00.500Z');
  });

  it.each([
    ['', 'the body is empty'],
    ['  \n\t', 'the body is empty'],
    ['# only a comment\n', 'the body holds no document (only comments?)'],
    ['[]', 'document 1: an empty array holds no report'],
    [
      '{"apiVersion": "wgpolicyk8s.io/v1alpha2", "kind"',
      'document 1: not valid YAML or JSON:',
    ],
    ['a: [1, 2\nb: 3\n', 'document 1: not valid YAML or JSON:'],
    [`${JSON.stringify(auditLine)}\n{"broken": }`, 'line 2: not valid JSON:'],
    [
      'key: value\n',
      'document 1: unknown report format (expected a wgpolicyk8s.io PolicyReport',
    ],
    ['just some text', 'document 1: unknown report format ('],
  ])('refuses %j', (body, message) => {
    expect(error(body)).toContain(message);
  });

  it('names the document that is of no known format, and what it is', () => {
    const body = `${JSON.stringify(
      report(),
    )}\n---\napiVersion: v1\nkind: ConfigMap\n`;
    expect(error(body)).toBe(
      'document 2: unknown report format (expected a wgpolicyk8s.io PolicyReport or ClusterPolicyReport, ' +
        'an openreports.io Report or ClusterReport, Conftest JSON output, a constraints.gatekeeper.sh constraint, ' +
        'Gatekeeper audit log lines (violation_audited) or a SARIF 2.1.0 log; got apiVersion v1, kind ConfigMap)',
    );
  });

  it('names the List item that is of no known format', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [report(), { apiVersion: 'v1', kind: 'Pod' }],
    };
    expect(error(JSON.stringify(list))).toMatch(
      /^document 1: items\[1\]: unknown report format/,
    );
  });

  it('puts the failing path in the message', () => {
    const bad = report({
      results: [
        { policy: 'p', result: 'fail' },
        { policy: 'p', result: 'fail', resources: { kind: 'Pod' } },
      ],
    });
    expect(error(JSON.stringify(bad))).toBe(
      'document 1: results[1].resources: expected an array, got an object',
    );
    const list = { apiVersion: 'v1', kind: 'List', items: [report(), bad] };
    expect(error(JSON.stringify(list))).toBe(
      'document 1: items[1].results[1].resources: expected an array, got an object',
    );
  });

  it('lists up to three problems and counts the rest', () => {
    const bad = report({
      results: [1, 2, 3, 4, 5].map(n => ({ policy: n, result: 'fail' })),
    });
    expect(error(JSON.stringify(bad))).toBe(
      'document 1: results[0].policy: expected a string, got a number; ' +
        'results[1].policy: expected a string, got a number; ' +
        'results[2].policy: expected a string, got a number (and 2 more problems)',
    );
  });

  it('stores nothing half-way: one bad document fails the whole body', () => {
    const body = [report(), report({ results: 'nope' })]
      .map(d => JSON.stringify(d))
      .join('\n---\n');
    expect(error(body)).toBe(
      'document 2: results: expected an array, got a string',
    );
  });
});

describe('parsePolicyReports: a forced format', () => {
  it('parses documents as the format says', () => {
    expect(parse(JSON.stringify(report()), 'wgpolicy')[0].format).toBe(
      'wgpolicy',
    );
    expect(parse(JSON.stringify(conftest), 'conftest')[0].format).toBe(
      'conftest',
    );
  });

  it.each([
    [
      report(),
      'openreports',
      'document 1: not openreports: apiVersion: expected openreports.io/*, got "wgpolicyk8s.io/v1alpha2"',
    ],
    [
      report({ kind: 'Report' }),
      'wgpolicy',
      'document 1: not wgpolicy: kind: expected PolicyReport or ClusterPolicyReport, got "Report"',
    ],
    [
      report(),
      'sarif',
      'document 1: not sarif: version: expected "2.1.0" (SARIF 2.1.0), got nothing',
    ],
    [
      report(),
      'gatekeeper',
      'document 1: not gatekeeper: apiVersion: expected constraints.gatekeeper.sh/*, got "wgpolicyk8s.io/v1alpha2"',
    ],
    [
      report(),
      'conftest',
      'document 1: not conftest: expected the array `conftest test -o json` writes',
    ],
    [
      [{ filename: 'a', successes: 0 }, { name: 'b' }],
      'conftest',
      'document 1: not conftest: [1]: expected a Conftest result ({filename, successes, failures, ...})',
    ],
    [
      sarif,
      'gatekeeper-audit',
      'document 1: not gatekeeper-audit: event_type: expected "violation_audited" (a Gatekeeper audit log line)',
    ],
  ])('refuses %j as %s', (doc, format, message) => {
    expect(error(JSON.stringify(doc), format)).toBe(message);
  });

  it('refuses an unknown format name', () => {
    expect(error(JSON.stringify(report()), 'kyverno')).toBe(
      'format: expected one of wgpolicy, openreports, conftest, gatekeeper, gatekeeper-audit, sarif, got "kyverno"',
    );
  });

  it('expands a List when the format is forced too', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [report(), report()],
    };
    expect(parse(JSON.stringify(list), 'wgpolicy')).toHaveLength(2);
  });

  it('ignores other log lines among forced gatekeeper-audit lines', () => {
    const body = [auditLine, { level: 'info', ts: 1, msg: 'starting' }]
      .map(x => JSON.stringify(x))
      .join('\n');
    const [audit] = parse(body, 'gatekeeper-audit');
    expect(audit.results).toHaveLength(1);
    expect(audit.skipped).toEqual([
      '1 Gatekeeper log line is not violation_audited events and was ignored',
    ]);
  });
});
