import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './main';

const HAND = path.resolve(
  __dirname,
  '../../../examples/events/hand-calculation.ndjson',
);

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: t => {
      stdout += t;
    },
    stderr: t => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

function tempFile(content: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dora-cli-'));
  const file = path.join(dir, 'events.ndjson');
  fs.writeFileSync(file, content);
  return file;
}

describe('dora compute', () => {
  it('matches the hand calculation of examples/events/README.md', async () => {
    const { code, stdout, stderr } = await run(
      'compute',
      '--input',
      HAND,
      '--as-of',
      '2024-04-01T00:00:00Z',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.asOf).toBe('2024-04-01T00:00:00.000Z');
    expect(report.window).toEqual({
      from: '2024-01-02T00:00:00.000Z',
      to: '2024-04-01T00:00:00.000Z',
      days: 90,
    });
    const card = report.services['component:default/checkout'];
    expect(card.deploymentFrequency).toMatchObject({
      deployments: 6,
      deploymentDays: 5,
      perWeek: 6 / (90 / 7),
      medianDeploymentDaysPerWeek: 0,
      medianDeploymentDaysPerMonth: 1.5,
      level: 'medium',
      score: 4,
    });
    expect(card.changeLeadTime).toEqual({
      medianSeconds: 10_800,
      p90Seconds: 146_880,
      changes: 5,
      unattributed: 1,
      negative: 0,
      level: 'elite',
      score: 8,
    });
    expect(card.changeFailRate).toMatchObject({
      ratio: 1 / 6,
      failedDeployments: 1,
      deployments: 6,
      level: 'low',
    });
    expect(card.changeFailRate.score).toBeCloseTo(10 - 100 / 6 / 10, 12);
    expect(card.failedDeploymentRecoveryTime).toMatchObject({
      medianSeconds: 7200,
      recovered: 1,
      open: 0,
      level: 'high',
      score: 8,
    });
    expect(card.deploymentReworkRate).toMatchObject({
      ratio: 1 / 6,
      reworkDeployments: 1,
      deployments: 6,
      level: null,
    });
    expect(card.timeToRestore).toMatchObject({
      medianSeconds: 7200,
      incidents: 1,
    });
    expect(card.score).toBeCloseTo(
      (4 + 8 + 8 + 2 * (10 - 100 / 6 / 10)) / 5,
      12,
    );
    expect(card.trends).toBeUndefined();
  });

  it('reads windows and engine options', async () => {
    const content = fs.readFileSync(HAND, 'utf8');
    const file = tempFile(content);
    const { code, stdout } = await run(
      'compute',
      '--input',
      file,
      '--as-of',
      '2024-04-01T00:00:00Z',
      '--window',
      '4w',
      '--option',
      'median=lower',
      '--option',
      'trends=true',
    );
    expect(code).toBe(0);
    const card = JSON.parse(stdout).services['component:default/checkout'];
    expect(card.deploymentFrequency.deployments).toBe(1); // only d5 (Mar 10) in 4 weeks
    expect(card.trends.weekly.length).toBeGreaterThan(0);
  });

  it('refuses invalid lines unless --skip-invalid', async () => {
    const file = tempFile(
      `${fs.readFileSync(
        HAND,
        'utf8',
      )}not json\n{"id":"x","type":"deployment","service":"checkout"}\n`,
    );
    const refused = await run(
      'compute',
      '--input',
      file,
      '--as-of',
      '2024-04-01T00:00:00Z',
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('line 18: not valid JSON');
    expect(refused.stderr).toContain('line 19: timestamp: is required');
    const skipped = await run(
      'compute',
      '--input',
      file,
      '--as-of',
      '2024-04-01T00:00:00Z',
      '--skip-invalid',
    );
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('skipped 2 invalid line(s)');
    expect(
      JSON.parse(skipped.stdout).services['component:default/checkout'],
    ).toBeDefined();
  });

  it.each([
    [['compute'], '--input FILE'],
    [['compute', '--input', HAND, '--as-of', 'yesterday'], '--as-of'],
    [['compute', '--input', HAND, '--window', '36h'], '--window'],
    [['compute', '--input', HAND, '--option', 'colour=blue'], '--option'],
    [
      ['compute', '--input', HAND, '--option', 'median=mean'],
      'median must be one of',
    ],
    [['compute', '--input', HAND, '--bogus', '1'], 'unknown option --bogus'],
    [['compute', '--input', '/does/not/exist'], 'no such file'],
  ])('explains bad usage: %j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe('dora validate', () => {
  it('lists invalid lines with line numbers and field paths', async () => {
    const file = tempFile(
      [
        '{"id":"a","type":"change","service":"checkout","commitSha":"abc1234","timestamp":"2024-01-01T00:00:00Z"}',
        '',
        '{"id":"b","type":"deployment","service":"checkout","deploymentId":"1","environment":"prod","outcome":"ok","timestamp":"2024-01-01T00:00:00Z"}',
        '{"id":"c","type":"change","service":"checkout","commitSha":"abc1234","timestamp":"2024-01-01","commits":[{"sha":7}]}',
      ].join('\n'),
    );
    const { code, stdout } = await run('validate', '--input', file);
    expect(code).toBe(1);
    expect(stdout).toContain('line 3: outcome: ');
    expect(stdout).toContain(
      'line 4: timestamp: "2024-01-01" is not an ISO 8601 date-time',
    );
    expect(stdout).toContain('commits[0].sha: ');
    expect(stdout).toContain('1 valid event(s), 2 invalid line(s)');
  });

  it('passes a valid file', async () => {
    const { code, stdout } = await run('validate', '--input', HAND);
    expect(code).toBe(0);
    expect(stdout).toBe('17 valid event(s), 0 invalid line(s)\n');
  });
});

describe('dora', () => {
  it('prints help and refuses unknown commands', async () => {
    expect((await run('--help')).stdout).toContain('compute');
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});

/**
 * Third-party reference payloads, read in place (never copied into the
 * repository): `../shared/reference/payloads` beside the repository root, or
 * the folder named by `GOLDPATH_REFERENCE_PAYLOADS`.
 */
const PAYLOADS = process.env.GOLDPATH_REFERENCE_PAYLOADS
  ? path.resolve(process.env.GOLDPATH_REFERENCE_PAYLOADS)
  : path.resolve(__dirname, '../../..', '../shared/reference/payloads');
const HAS_PAYLOADS = fs.existsSync(PAYLOADS);

/** `describe`, or a skipped block saying why where the payloads are absent. */
function describeWithPayloads(name: string, fn: () => void) {
  if (HAS_PAYLOADS) {
    // eslint-disable-next-line jest/valid-title, jest/valid-describe-callback -- a wrapper: name and fn are the caller's
    describe(name, fn);
  } else {
    // eslint-disable-next-line jest/no-disabled-tests -- skipped on purpose, the title says why
    describe.skip(`${name} (skipped: the reference payloads folder ${PAYLOADS} is absent; clone the workplace's shared/ beside the repository, or set GOLDPATH_REFERENCE_PAYLOADS)`, () => {
      // eslint-disable-next-line jest/expect-expect -- a placeholder so that the skip is reported
      it('reads the reference payloads', () => {});
    });
  }
}

/** Our own fixtures of the adapters (written for this project). */
const OWN_FIXTURES = path.resolve(
  __dirname,
  '../../../plugins/dora-adapters/src/__fixtures__',
);

/** Variants of reference payloads, built from the file read in place. */
const DERIVED: Record<string, () => unknown> = {
  // the open merge request merged (see dora-adapters' __testUtils__/derived.ts)
  'gitlab/merge_request_hook.merged': () => {
    const body = JSON.parse(
      fs.readFileSync(
        path.join(PAYLOADS, 'gitlab/merge_request_hook.open.json'),
        'utf8',
      ),
    );
    Object.assign(body.object_attributes, {
      updated_at: '2013-12-04 09:12:45 UTC',
      state: 'merged',
      merge_status: 'can_be_merged',
      state_id: 3,
      action: 'merge',
      detailed_merge_status: 'not_open',
      merge_commit_sha: '8d5ac5fa1cd6e2d1d6f5b8f2e7e9d2f0b5c4a3e1',
    });
    body.changes = {
      state_id: { previous: 1, current: 3 },
      updated_at: {
        previous: '2013-12-03 17:23:34 UTC',
        current: '2013-12-04 09:12:45 UTC',
      },
    };
    return body;
  },
  // the Kustomization of the docs example, reconciled successfully
  'flux/event.kustomization-succeeded': () => {
    const body = JSON.parse(
      fs.readFileSync(
        path.join(
          PAYLOADS,
          'flux/event.generic-webhook.kustomization-error.json',
        ),
        'utf8',
      ),
    );
    return {
      ...body,
      metadata: {
        'kustomize.toolkit.fluxcd.io/revision':
          'main@sha1:8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2',
        'kustomize.toolkit.fluxcd.io/commit_status': 'update',
        'goldpath.dev/environment': 'prod-eu',
      },
      severity: 'info',
      reason: 'ReconciliationSucceeded',
      message: 'Reconciliation finished in 4.512345s, next run in 10m0s',
      timestamp: '2024-06-12T09:41:07Z',
    };
  },
};

describeWithPayloads('dora normalize', () => {
  /**
   * The path of an input file: a reference payload read in place, one of the
   * adapters' own fixtures (`own:`), or a derived variant written to a
   * temporary file (`derived:`).
   */
  const fixture = (file: string) => {
    if (file.startsWith('own:')) return path.join(OWN_FIXTURES, file.slice(4));
    if (file.startsWith('derived:')) {
      return tempFile(JSON.stringify(DERIVED[file.slice(8)]()));
    }
    return path.join(PAYLOADS, file);
  };

  it.each([
    [
      'github',
      'deployment_status',
      'github/deployment_status.success.json',
      ['deployment'],
      'hello-world',
    ],
    [
      'github',
      'pull_request',
      'github/pull_request.closed.merged.real-capture.json',
      ['change'],
      undefined,
    ],
    [
      'github',
      'push',
      'github/push.with-new-branch.json',
      ['change'],
      undefined,
    ],
    [
      'github',
      'workflow_run',
      'github/workflow_run.completed.with-pull-requests.json',
      ['build'],
      undefined,
    ],
    ['gitlab', 'Push Hook', 'gitlab/push_hook.json', ['change'], undefined],
    [
      'gitlab',
      'Merge Request Hook',
      'derived:gitlab/merge_request_hook.merged',
      ['change'],
      undefined,
    ],
    [
      'gitlab',
      'Pipeline Hook',
      'gitlab/pipeline_hook.success.json',
      ['build'],
      undefined,
    ],
    [
      'gitlab',
      'Deployment Hook',
      'gitlab/deployment_hook.success.real-capture-2025.json',
      ['deployment'],
      undefined,
    ],
    [
      'pagerduty',
      undefined,
      'pagerduty/incident.triggered.v3.json',
      ['incident'],
      'pig208',
    ],
    [
      'pagerduty',
      undefined,
      'pagerduty/incident.resolved.v3.json',
      ['incident'],
      undefined,
    ],
    [
      'opsgenie',
      undefined,
      'opsgenie/alert.create.json',
      ['incident'],
      undefined,
    ],
    [
      'argocd',
      undefined,
      'own:argocd/deployment.succeeded.rendered.json',
      ['deployment'],
      undefined,
    ],
    [
      'flux',
      undefined,
      'derived:flux/event.kustomization-succeeded',
      ['deployment'],
      undefined,
    ],
    [
      'cdevents',
      undefined,
      'cdevents/service_deployed.v0.5.1.json',
      ['deployment'],
      undefined,
    ],
    [
      'cdevents',
      undefined,
      'cdevents/change_merged.v0.5.1.json',
      ['change'],
      undefined,
    ],
    [
      'cdevents',
      undefined,
      'cdevents/incident_detected.v0.5.1.json',
      ['incident'],
      undefined,
    ],
  ])(
    'turns a %s %s payload into canonical events',
    async (source, event, file, types, service) => {
      const argv = [
        'normalize',
        '--source',
        source!,
        '--input',
        fixture(file!),
      ];
      if (event) argv.push('--event', event);
      const { code, stdout, stderr } = await run(...argv);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const events = stdout
        .trim()
        .split('\n')
        .map(line => JSON.parse(line));
      expect(events.map(e => e.type)).toEqual(types);
      for (const e of events) {
        expect(e.id).toMatch(new RegExp(`^${source}:`));
        expect(e.service).toMatch(/^component:default\//);
      }
      expect(events[0].service).toBe(
        service ? `component:default/${service}` : events[0].service,
      );
    },
  );

  it('uses --service, and says why a payload is ignored', async () => {
    const named = await run(
      'normalize',
      '--source',
      'github',
      '--event',
      'deployment_status',
      '--service',
      'checkout',
      '--input',
      fixture('github/deployment_status.success.json'),
    );
    expect(JSON.parse(named.stdout).service).toBe('component:default/checkout');
    const ignored = await run(
      'normalize',
      '--source',
      'github',
      '--event',
      'pull_request',
      '--input',
      fixture('github/pull_request.closed.not-merged.json'),
    );
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).toBe('');
    expect(ignored.stderr).toMatch(/^ignored: /);
  });
});

// Our own cases: always run.
describe('dora normalize (own cases)', () => {
  it('refuses a payload that is not what the source sends', async () => {
    const file = tempFile('{"hello": "world"}');
    const res = await run(
      'normalize',
      '--source',
      'pagerduty',
      '--input',
      file,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('not a pagerduty payload');
    const usage = await run(
      'normalize',
      '--source',
      'jenkins',
      '--input',
      file,
    );
    expect(usage.code).toBe(2);
  });
});
