import { parsePolicyReports } from './index';

/** Hand-written wgpolicyk8s.io / OpenReports edge cases. */
const report = (results: object[], over: object = {}) =>
  JSON.stringify({
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: { name: 'r', namespace: 'shop' },
    scope: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'cart',
      namespace: 'shop',
    },
    results,
    ...over,
  });
const one = (result: object, over: object = {}) =>
  parsePolicyReports({ body: report([result], over) })[0];
const cart = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'cart',
  namespace: 'shop',
};

describe('wgpolicy / OpenReports results', () => {
  it.each([
    // seconds, nanos → ISO
    [1701868762, 0, '2023-12-06T13:19:22.000Z'],
    [1701868762, 500_000_000, '2023-12-06T13:19:22.500Z'],
    [1701868762, -250_000_000, '2023-12-06T13:19:21.750Z'],
    [1701868762, -999_999_999, '2023-12-06T13:19:21.000Z'],
    ['1701868762', '5000000', '2023-12-06T13:19:22.005Z'],
    [0, 0, undefined],
    [1e20, 0, undefined],
  ])('timestamp {seconds: %j, nanos: %j} is %s', (seconds, nanos, iso) => {
    const r = one({
      policy: 'p',
      result: 'pass',
      timestamp: { seconds, nanos },
    });
    expect(r.results[0].timestamp).toBe(iso);
    expect(r.auditedAt).toBe(iso);
  });

  it('accepts an RFC 3339 timestamp string and picks the newest as auditedAt', () => {
    const r = parsePolicyReports({
      body: report([
        { policy: 'a', result: 'pass', timestamp: '2024-05-01T10:00:00+02:00' },
        { policy: 'b', result: 'pass', timestamp: { seconds: 1714550000 } },
        { policy: 'c', result: 'pass' },
      ]),
    })[0];
    expect(r.results.map(x => x.timestamp)).toEqual([
      '2024-05-01T08:00:00.000Z',
      '2024-05-01T07:53:20.000Z',
      undefined,
    ]);
    expect(r.auditedAt).toBe('2024-05-01T08:00:00.000Z');
  });

  it('leaves out results without a result, with an empty or no policy, or an unknown result, and says why', () => {
    const r = parsePolicyReports({
      body: report([
        { policy: 'a' },
        { policy: '', result: 'fail' },
        { policy: '   ', result: 'fail' },
        { result: 'fail' },
        { policy: 'b', result: 'failed' },
        { policy: 'c', result: 'FAIL' },
      ]),
    })[0];
    expect(r.skipped).toEqual([
      'document 1: results[0]: left out: result is absent',
      'document 1: results[1]: left out: policy is empty',
      'document 1: results[2]: left out: policy is empty',
      'document 1: results[3]: left out: policy is absent',
      'document 1: results[4]: left out: result "failed" is none of pass, fail, warn, error, skip',
    ]);
    expect(r.results).toEqual([
      { policy: 'c', status: 'fail', resource: cart },
    ]);
  });

  it.each([
    ['critical', 'critical'],
    ['HIGH', 'high'],
    [' Medium ', 'medium'],
    ['info', 'info'],
    ['moderate', undefined],
    ['UNKNOWN', undefined],
    ['', undefined],
  ])('severity %j is %s, and the result is kept', (severity, expected) => {
    const r = one({ policy: 'p', result: 'fail', severity });
    expect(r.results).toHaveLength(1);
    expect(r.results[0].severity).toBe(expected);
    expect(r.skipped).toEqual([]);
  });

  it('makes one result per resource', () => {
    const r = one({
      policy: 'p',
      result: 'fail',
      resources: [
        { kind: 'Pod', name: 'a', namespace: 'shop' },
        { kind: 'Pod', name: 'b', namespace: 'shop' },
        {},
      ],
    });
    expect(r.results.map(x => x.resource)).toEqual([
      { kind: 'Pod', name: 'a', namespace: 'shop' },
      { kind: 'Pod', name: 'b', namespace: 'shop' },
    ]);
  });

  it('a result without resources is about the scope, else the single owner, else the selector labels', () => {
    expect(one({ policy: 'p', result: 'fail' }).results[0].resource).toEqual(
      cart,
    );
    const owned = one(
      { policy: 'p', result: 'fail' },
      {
        scope: undefined,
        metadata: {
          name: 'r',
          namespace: 'shop',
          ownerReferences: [
            { apiVersion: 'v1', kind: 'Pod', name: 'cart-1', uid: 'u1' },
          ],
        },
      },
    );
    expect(owned.scope).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'cart-1',
      uid: 'u1',
      namespace: 'shop',
    });
    expect(owned.results[0].resource).toEqual(owned.scope);
    const selected = one(
      {
        policy: 'p',
        result: 'fail',
        resourceSelector: { matchLabels: { app: 'cart' } },
      },
      { scope: undefined },
    );
    expect(selected.results[0].resource).toEqual({ labels: { app: 'cart' } });
    const scoped = one(
      { policy: 'p', result: 'fail' },
      { scope: undefined, scopeSelector: { matchLabels: { team: 'a' } } },
    );
    expect(scoped.scope).toEqual({ labels: { team: 'a' } });
    const nowhere = one({ policy: 'p', result: 'fail' }, { scope: undefined });
    expect(nowhere.scope).toBeUndefined();
    expect(nowhere.results[0].resource).toBeUndefined();
  });

  it('turns a Kyverno skip caused by a PolicyException into an exception', () => {
    const r = parsePolicyReports({
      body: report([
        {
          policy: 'disallow-host-namespaces',
          rule: 'host-namespaces',
          result: 'skip',
          message:
            'rule is skipped due to policy exception: default/exclude-skipped-deployment',
          properties: {
            exceptions: 'exclude-skipped-deployment',
            process: 'admission review',
          },
        },
        {
          policy: 'p',
          result: 'skip',
          message: 'rule skipped due to policy exception delta/legacy',
        },
        {
          policy: 'p',
          result: 'skip',
          message: 'rule is skipped due to policy exceptionsns/a, ns/b',
        },
        { policy: 'p', result: 'skip', message: 'preconditions not met' },
        { policy: 'p', result: 'fail', properties: { exceptions: 'x' } },
      ]),
    })[0];
    expect(r.results.map(x => x.exception)).toEqual([
      {
        kind: 'policy-exception',
        name: 'exclude-skipped-deployment',
        reason:
          'rule is skipped due to policy exception: default/exclude-skipped-deployment',
      },
      {
        kind: 'policy-exception',
        name: 'delta/legacy',
        reason: 'rule skipped due to policy exception delta/legacy',
      },
      {
        kind: 'policy-exception',
        name: 'ns/a, ns/b',
        reason: 'rule is skipped due to policy exceptionsns/a, ns/b',
      },
      undefined,
      undefined,
    ]);
  });

  it('producer: most common result source, else the report source, else the managed-by label; lower case', () => {
    expect(
      parsePolicyReports({
        body: report([
          { policy: 'a', result: 'pass', source: 'Trivy' },
          { policy: 'b', result: 'pass', source: 'kyverno' },
          { policy: 'c', result: 'pass', source: 'Trivy' },
        ]),
      })[0].producer,
    ).toBe('trivy');
    expect(
      one({ policy: 'a', result: 'pass' }, { source: 'Falco' }).producer,
    ).toBe('falco');
    expect(
      one(
        { policy: 'a', result: 'pass' },
        {
          metadata: {
            name: 'r',
            labels: { 'app.kubernetes.io/managed-by': 'kyverno' },
          },
        },
      ).producer,
    ).toBe('kyverno');
    expect(one({ policy: 'a', result: 'pass' }).producer).toBeUndefined();
  });

  it('flattens properties to strings', () => {
    const r = one({
      policy: 'p',
      result: 'fail',
      properties: { a: 'x', b: 3, c: true, d: null, e: { f: 1 } },
    });
    expect(r.results[0].properties).toEqual({
      a: 'x',
      b: '3',
      c: 'true',
      e: '{"f":1}',
    });
  });

  it('reads v1alpha1, which spelled result as status and properties as data', () => {
    const r = one(
      { policy: 'p', status: 'warn', data: { k: 'v' } },
      { apiVersion: 'wgpolicyk8s.io/v1alpha1' },
    );
    expect(r.results[0]).toMatchObject({
      status: 'warn',
      properties: { k: 'v' },
    });
    expect(one({ policy: 'p', status: 'warn' }).skipped).toEqual([
      'document 1: results[0]: left out: result is absent',
    ]);
  });

  it('an empty or absent results list is a report with no results', () => {
    expect(
      one({ policy: 'p', result: 'pass' }, { results: null }).results,
    ).toEqual([]);
    expect(
      parsePolicyReports({
        body: 'apiVersion: openreports.io/v1alpha1\nkind: ClusterReport\nmetadata: {name: c}\n',
      })[0],
    ).toEqual({
      format: 'openreports',
      reportName: 'c',
      results: [],
      skipped: [],
    });
  });

  it.each([
    [
      { metadata: 'x' },
      'document 1: metadata: expected an object, got a string',
    ],
    [
      { results: [{ policy: 'p', result: 'fail', resources: [{ name: 3 }] }] },
      'document 1: results[0].resources[0].name: expected a string, got a number',
    ],
    [
      { results: [{ policy: 'p', result: 'fail', timestamp: { nanos: 1 } }] },
      'document 1: results[0].timestamp: expected {seconds, nanos} or an RFC 3339 string',
    ],
    [
      { results: [{ policy: 'p', result: 'fail', properties: [] }] },
      'document 1: results[0].properties: expected an object, got an array',
    ],
  ])('refuses %j', (over, message) => {
    expect(() => parsePolicyReports({ body: report([], over) })).toThrow(
      message,
    );
  });
});
