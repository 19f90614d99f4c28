import { parsePolicyReports } from './index';

/** Hand-written Conftest JSON output, from conftest's docs and output/result.go. */
const parse = (files: object[]) =>
  parsePolicyReports({ body: JSON.stringify(files) })[0];

describe('Conftest JSON', () => {
  it('maps failures, warnings, exceptions, skipped and successes', () => {
    const r = parse([
      {
        filename: 'deploy/app.yaml',
        namespace: 'k8s',
        successes: 3,
        failures: [
          {
            msg: 'no root',
            metadata: { query: 'data.k8s.deny_root', severity: 'high' },
            loc: { file: 'deploy/app.yaml', line: 12 },
          },
        ],
        warnings: [{ msg: 'no probes' }],
        exceptions: [{ msg: 'latest tag allowed' }],
        skipped: [{ msg: 'not a Deployment' }],
      },
      { filename: 'deploy/empty.yaml', namespace: 'k8s', successes: 0 },
      { filename: '-', successes: 1 },
    ]);
    expect(r).toEqual({
      format: 'conftest',
      producer: 'conftest',
      results: [
        {
          policy: 'data.k8s.deny_root',
          rule: 'no root',
          status: 'fail',
          message: 'no root',
          file: 'deploy/app.yaml',
          properties: { severity: 'high', line: '12' },
        },
        {
          policy: 'k8s',
          rule: 'no probes',
          status: 'warn',
          message: 'no probes',
          file: 'deploy/app.yaml',
        },
        {
          policy: 'k8s',
          rule: 'latest tag allowed',
          status: 'fail',
          message: 'latest tag allowed',
          file: 'deploy/app.yaml',
          exception: { kind: 'policy-exception', reason: 'latest tag allowed' },
        },
        {
          policy: 'k8s',
          rule: 'not a Deployment',
          status: 'skip',
          message: 'not a Deployment',
          file: 'deploy/app.yaml',
        },
        {
          policy: 'k8s',
          status: 'pass',
          file: 'deploy/app.yaml',
          properties: { successes: '3' },
        },
        // stdin (`-`): no file; no namespace: policy `conftest`.
        { policy: 'conftest', status: 'pass', properties: { successes: '1' } },
      ],
      skipped: [],
    });
  });

  it('reads one entry on its own', () => {
    const r = parsePolicyReports({
      body: JSON.stringify({
        filename: 'a.yaml',
        successes: 0,
        failures: [{ msg: 'x' }],
      }),
    })[0];
    expect(r.results).toEqual([
      {
        policy: 'conftest',
        rule: 'x',
        status: 'fail',
        message: 'x',
        file: 'a.yaml',
      },
    ]);
  });

  it.each([
    [
      [{ filename: 'a', successes: -1 }],
      'document 1: [0].successes: must be at least 0, got -1',
    ],
    [
      [{ filename: 'a', successes: 1, failures: [{ message: 'x' }] }],
      'document 1: [0].failures[0].msg: is required',
    ],
    [
      [{ filename: 'a', successes: 1, warnings: 'x' }],
      'document 1: [0].warnings: expected an array, got a string',
    ],
  ])('refuses %j', (files, message) => {
    expect(() => parsePolicyReports({ body: JSON.stringify(files) })).toThrow(
      message,
    );
  });

  it('names the field of a single entry without the array index', () => {
    expect(() =>
      parsePolicyReports({
        body: JSON.stringify({ filename: 'a', successes: 1, failures: [{}] }),
      }),
    ).toThrow('document 1: failures[0].msg: is required');
  });
});
