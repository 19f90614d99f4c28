import { parsePolicyReports } from './index';
import { severityFromScore } from './sarif';

/** Hand-written SARIF 2.1.0 logs, from the OASIS spec. */
const rules = [
  {
    id: 'CKV_K8S_20',
    shortDescription: {
      text: 'Containers should not run with allowPrivilegeEscalation',
    },
    help: { text: 'Set allowPrivilegeEscalation: false.' },
    helpUri: 'https://docs.example.com/ckv_k8s_20',
    properties: { 'security-severity': '9.1' },
  },
  { id: 'style/line-length', defaultConfiguration: { level: 'note' } },
  {
    id: 'legacy/rule',
    defaultConfiguration: { level: 'error' },
    messageStrings: { default: { text: 'Found {0} in {1}.' } },
  },
];
const log = (results: object[], run: object = {}) =>
  JSON.stringify({
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'Checkov', rules } }, results, ...run }],
  });
const at = (uri: string, startLine?: number) => [
  {
    physicalLocation: {
      artifactLocation: { uri },
      ...(startLine ? { region: { startLine } } : {}),
    },
  },
];
const parse = (results: object[], run: object = {}) =>
  parsePolicyReports({ body: log(results, run) });

describe('SARIF 2.1.0', () => {
  it('maps a run', () => {
    const [r] = parse(
      [
        {
          ruleId: 'CKV_K8S_20',
          level: 'error',
          message: { text: 'Privilege escalation allowed' },
          locations: at('./k8s/deploy.yaml', 14),
        },
      ],
      {
        invocations: [
          {
            startTimeUtc: '2024-05-01T09:59:00Z',
            endTimeUtc: '2024-05-01T10:00:00Z',
          },
        ],
        versionControlProvenance: [
          { repositoryUri: 'https://github.com/acme/shop' },
        ],
      },
    );
    expect(r).toEqual({
      format: 'sarif',
      producer: 'checkov',
      auditedAt: '2024-05-01T10:00:00.000Z',
      results: [
        {
          policy: 'CKV_K8S_20',
          status: 'fail',
          severity: 'critical',
          message: 'Privilege escalation allowed',
          file: 'k8s/deploy.yaml',
          repository: 'https://github.com/acme/shop',
          remediation:
            'Set allowPrivilegeEscalation: false.\nhttps://docs.example.com/ckv_k8s_20',
          properties: { line: '14' },
          timestamp: '2024-05-01T10:00:00.000Z',
        },
      ],
      skipped: [],
    });
  });

  it.each([
    // kind, level, rule → status
    [undefined, 'error', 'CKV_K8S_20', 'fail'],
    [undefined, 'warning', 'CKV_K8S_20', 'warn'],
    [undefined, 'note', 'CKV_K8S_20', 'warn'],
    [undefined, 'none', 'CKV_K8S_20', 'pass'],
    [undefined, undefined, 'CKV_K8S_20', 'warn'], // no level, no default: warning
    [undefined, undefined, 'legacy/rule', 'fail'], // the rule's defaultConfiguration.level
    [undefined, undefined, 'style/line-length', 'warn'],
    ['pass', undefined, 'CKV_K8S_20', 'pass'],
    ['notApplicable', undefined, 'CKV_K8S_20', 'skip'],
    ['informational', undefined, 'CKV_K8S_20', 'skip'],
    ['open', undefined, 'CKV_K8S_20', 'warn'],
    ['review', undefined, 'CKV_K8S_20', 'warn'],
  ])('kind %s, level %s, rule %s → %s', (kind, level, ruleId, status) => {
    const [r] = parse([{ ruleId, kind, level, message: { text: 'm' } }]);
    expect(r.results[0].status).toBe(status);
  });

  it('severity from security-severity bands, else the default level', () => {
    expect(
      [9, 9.5, 7, 8.9, 4, 6.9, 0.1, 3.9, 0, -1, NaN].map(severityFromScore),
    ).toEqual([
      'critical',
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
      'info',
      undefined,
      undefined,
    ]);
    const [r] = parse([
      { ruleId: 'style/line-length', message: { text: 'm' } },
      { ruleId: 'legacy/rule', message: { text: 'm' } },
      {
        ruleId: 'legacy/rule',
        message: { text: 'm' },
        properties: { 'security-severity': 5 },
      },
      { ruleId: 'unknown/rule', level: 'error', message: { text: 'm' } },
    ]);
    expect(r.results.map(x => x.severity)).toEqual([
      'low',
      'high',
      'medium',
      undefined,
    ]);
  });

  it('suppressions: accepted or without status except; under review or rejected do not', () => {
    const [r] = parse(
      [
        [{ kind: 'inSource', justification: 'false positive' }],
        [{ kind: 'external', status: 'accepted' }],
        [{ kind: 'external', status: 'underReview', justification: 'pending' }],
        [{ kind: 'external', status: 'rejected' }],
      ].map(suppressions => ({
        ruleId: 'CKV_K8S_20',
        level: 'error',
        message: { text: 'm' },
        suppressions,
      })),
    );
    expect(r.results.map(x => x.exception)).toEqual([
      { kind: 'suppression', name: 'inSource', reason: 'false positive' },
      { kind: 'suppression', name: 'external' },
      undefined,
      undefined,
    ]);
  });

  it('finds the rule by ruleIndex, by rule.id and through extensions; fills message strings', () => {
    const [r] = parse(
      [
        {
          ruleIndex: 2,
          message: { id: 'default', arguments: ['a secret', 'config.yaml'] },
        },
        { rule: { id: 'CKV_K8S_20' }, level: 'error', message: { text: 'm' } },
        {
          rule: { index: 0, toolComponent: { index: 1 } },
          message: { text: 'x' },
        },
      ],
      {
        tool: {
          driver: { name: 'Checkov', rules },
          extensions: [
            {
              name: 'ext',
              rules: [
                { id: 'ext/one', defaultConfiguration: { level: 'error' } },
              ],
            },
          ],
        },
      },
    );
    expect(r.results.map(x => [x.policy, x.status, x.message])).toEqual([
      ['legacy/rule', 'fail', 'Found a secret in config.yaml.'],
      ['CKV_K8S_20', 'fail', 'm'],
      ['ext/one', 'fail', 'x'],
    ]);
  });

  it('the artifact a location points to gives the file', () => {
    const [r] = parse(
      [
        {
          ruleId: 'CKV_K8S_20',
          message: { text: 'm' },
          locations: [{ physicalLocation: { artifactLocation: { index: 0 } } }],
        },
      ],
      { artifacts: [{ location: { uri: 'charts/app/values.yaml' } }] },
    );
    expect(r.results[0].file).toBe('charts/app/values.yaml');
  });

  it('leaves out results without a rule, gone since the baseline, or of unknown kind or level', () => {
    const [r] = parse([
      { message: { text: 'no rule' } },
      {
        ruleId: 'CKV_K8S_20',
        baselineState: 'absent',
        message: { text: 'fixed' },
      },
      {
        ruleId: 'CKV_K8S_20',
        baselineState: 'unchanged',
        message: { text: 'still there' },
      },
      { ruleId: 'CKV_K8S_20', kind: 'maybe', message: { text: 'm' } },
      { ruleId: 'CKV_K8S_20', level: 'fatal', message: { text: 'm' } },
    ]);
    expect(r.results.map(x => x.message)).toEqual(['still there']);
    expect(r.skipped).toEqual([
      'document 1: runs[0].results[0]: left out: no ruleId',
      'document 1: runs[0].results[1]: left out: baselineState is absent (gone since the baseline)',
      'document 1: runs[0].results[3]: left out: unknown kind "maybe"',
      'document 1: runs[0].results[4]: left out: unknown level "fatal"',
    ]);
  });

  it("reads Conftest's SARIF exceptions and skips like its JSON", () => {
    const body = JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'conftest',
              rules: [
                { id: 'main/allow' },
                { id: 'main/skip' },
                { id: 'main/success' },
              ],
            },
          },
          results: [
            {
              ruleId: 'main/allow',
              level: 'note',
              message: { text: 'excepted' },
              locations: at('a.yaml'),
            },
            {
              ruleId: 'main/skip',
              level: 'none',
              message: { text: 'Policy check was skipped' },
              locations: at('b.yaml'),
            },
            {
              ruleId: 'main/success',
              level: 'none',
              message: { text: 'Policy was satisfied successfully' },
              locations: at('c.yaml'),
            },
          ],
        },
      ],
    });
    const [r] = parsePolicyReports({ body });
    expect(r.results.map(x => [x.status, x.exception?.kind])).toEqual([
      ['fail', 'policy-exception'],
      ['skip', undefined],
      ['pass', undefined],
    ]);
  });

  it('one report per run with results; a run without results did not run', () => {
    const body = JSON.stringify({
      version: '2.1.0',
      runs: [
        { tool: { driver: { name: 'A' } }, results: [] },
        { tool: { driver: { name: 'B' } } },
        { tool: { driver: { name: 'C' } }, results: null },
      ],
    });
    expect(
      parsePolicyReports({ body }).map(r => [r.producer, r.results.length]),
    ).toEqual([['a', 0]]);
    const none = JSON.stringify({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'B' } } }],
    });
    expect(() => parsePolicyReports({ body: none })).toThrow(
      'document 1: runs: no run has results (a run without `results` did not run)',
    );
  });

  it.each([
    [{ version: '2.1.0', runs: [{}] }, 'document 1: runs[0].tool: is required'],
    [
      { version: '2.1.0', runs: [{ tool: { driver: {} } }] },
      'document 1: runs[0].tool.driver.name: is required',
    ],
    [
      {
        version: '2.1.0',
        runs: [
          { tool: { driver: { name: 'x' } }, results: [{ locations: {} }] },
        ],
      },
      'document 1: runs[0].results[0].locations: expected an array, got an object',
    ],
  ])('refuses %j', (doc, message) => {
    expect(() => parsePolicyReports({ body: JSON.stringify(doc) })).toThrow(
      message,
    );
  });
});
