import { validateDeliveryEvent } from '@goldpath/plugin-dora-common';
import { createHash } from 'node:crypto';
import { Env, detectContext } from './context';
import { UsageError } from './errors';
import { EventInput, buildEvent } from './events';
import { GENERIC_ENV, GITHUB_ENV, GITLAB_ENV } from './__testUtils__/env';

const NOW = new Date('2024-05-01T12:00:00Z');
const NOW_ISO = '2024-05-01T12:00:00.000Z';

const build = (input: EventInput, env: Env, now = NOW) =>
  buildEvent(input, detectContext(env), now);

const deploy = (over: Partial<EventInput> = {}): EventInput =>
  ({
    type: 'deployment',
    service: 'checkout',
    environment: 'production',
    outcome: 'success',
    ...over,
  } as EventInput);

const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');

describe('buildEvent: exact events per CI system', () => {
  it.each<[string, EventInput, Env, object]>([
    [
      'a GitHub Actions deployment',
      deploy(),
      GITHUB_ENV,
      {
        id: 'gha:acme/checkout:7001:1:deployment:checkout:production:success',
        type: 'deployment',
        timestamp: NOW_ISO,
        service: 'checkout',
        source: 'github-actions',
        actor: 'octocat',
        attributes: {
          pipelineUrl: 'https://github.com/acme/checkout/actions/runs/7001',
          repository: 'acme/checkout',
          workflow: 'Deploy',
          job: 'deploy',
          runAttempt: '1',
        },
        deploymentId: '7001:production',
        environment: 'production',
        outcome: 'success',
        commitSha: 'abcdef0123456789abcdef0123456789abcdef01',
        pipelineId: '7001',
      },
    ],
    [
      'a GitHub Actions in_progress deployment (starts now)',
      deploy({ outcome: 'in_progress' }),
      GITHUB_ENV,
      {
        id: 'gha:acme/checkout:7001:1:deployment:checkout:production:in_progress',
        type: 'deployment',
        timestamp: NOW_ISO,
        service: 'checkout',
        source: 'github-actions',
        actor: 'octocat',
        attributes: expect.objectContaining({ repository: 'acme/checkout' }),
        deploymentId: '7001:production',
        environment: 'production',
        outcome: 'in_progress',
        commitSha: 'abcdef0123456789abcdef0123456789abcdef01',
        pipelineId: '7001',
        startedAt: NOW_ISO,
      },
    ],
    [
      'a GitLab CI deployment (environment and tier from the job)',
      {
        type: 'deployment',
        service: 'checkout',
        outcome: 'failure',
        attributes: { team: 'payments' },
      },
      GITLAB_ENV,
      {
        id: 'glci:acme/shop/checkout:555:9001:deployment:checkout:prod-eu:failure',
        type: 'deployment',
        timestamp: NOW_ISO,
        service: 'checkout',
        source: 'gitlab-ci',
        actor: 'jane',
        attributes: {
          pipelineUrl:
            'https://gitlab.example.com/acme/shop/checkout/-/pipelines/555',
          repository: 'acme/shop/checkout',
          job: 'deploy-production',
          jobId: '9001',
          team: 'payments',
        },
        deploymentId: '555:prod-eu',
        environment: 'prod-eu',
        environmentTier: 'production',
        outcome: 'failure',
        commitSha: '0123456789abcdef0123456789abcdef01234567',
        pipelineId: '555',
      },
    ],
    [
      'a generic deployment with every flag',
      deploy({
        deploymentId: 'rel-7',
        environmentTier: 'production',
        commitSha: 'c0ffee',
        startedAt: '2024-05-01T11:50:00.000Z',
        finishedAt: '2024-05-01T11:55:00.000Z',
        rollback: true,
        hotfix: true,
        remediatesIncidentId: 'INC-9',
      }),
      GENERIC_ENV,
      {
        id: `ci:deployment:${sha256(
          JSON.stringify([
            ['deploymentId', 'rel-7'],
            ['environment', 'production'],
            ['outcome', 'success'],
            ['rollback', 'true'],
            ['service', 'checkout'],
            ['type', 'deployment'],
          ]),
        )}`,
        type: 'deployment',
        timestamp: '2024-05-01T11:55:00.000Z',
        service: 'checkout',
        source: 'ci',
        actor: 'release-bot',
        deploymentId: 'rel-7',
        environment: 'production',
        environmentTier: 'production',
        outcome: 'success',
        commitSha: 'c0ffee',
        pipelineId: 'jenkins-42',
        startedAt: '2024-05-01T11:50:00.000Z',
        rollback: true,
        hotfix: true,
        remediatesIncidentId: 'INC-9',
      },
    ],
    [
      'a GitHub Actions change (not tied to the run)',
      {
        type: 'change',
        service: 'checkout',
        changeId: '42',
        mergedAt: '2024-05-01T10:00:00.000Z',
        authoredAt: '2024-04-30T09:00:00.000Z',
      },
      GITHUB_ENV,
      {
        id: 'gha:acme/checkout:change:checkout:abcdef0123456789abcdef0123456789abcdef01',
        type: 'change',
        timestamp: '2024-05-01T10:00:00.000Z',
        service: 'checkout',
        source: 'github-actions',
        actor: 'octocat',
        attributes: expect.objectContaining({ repository: 'acme/checkout' }),
        commitSha: 'abcdef0123456789abcdef0123456789abcdef01',
        changeId: '42',
        commits: [
          {
            sha: 'abcdef0123456789abcdef0123456789abcdef01',
            authoredAt: '2024-04-30T09:00:00.000Z',
          },
        ],
      },
    ],
    [
      'a GitLab CI build',
      {
        type: 'build',
        service: 'checkout',
        outcome: 'success',
        startedAt: '2024-05-01T11:00:00.000Z',
      },
      GITLAB_ENV,
      {
        id: 'glci:acme/shop/checkout:555:9001:build:checkout:success',
        type: 'build',
        timestamp: NOW_ISO,
        service: 'checkout',
        source: 'gitlab-ci',
        actor: 'jane',
        attributes: expect.objectContaining({ jobId: '9001' }),
        pipelineId: '555',
        outcome: 'success',
        commitSha: '0123456789abcdef0123456789abcdef01234567',
        startedAt: '2024-05-01T11:00:00.000Z',
      },
    ],
    [
      'a generic incident',
      {
        type: 'incident',
        service: 'checkout',
        incidentId: 'INC-1',
        status: 'resolved',
        openedAt: '2024-05-01T09:00:00.000Z',
        resolvedAt: '2024-05-01T11:00:00.000Z',
        causedByDeploymentId: 'rel-7',
        severity: 'SEV2',
      },
      {},
      {
        id: `ci:incident:${sha256(
          JSON.stringify([
            ['incidentId', 'INC-1'],
            ['service', 'checkout'],
            ['status', 'resolved'],
            ['type', 'incident'],
          ]),
        )}`,
        type: 'incident',
        timestamp: NOW_ISO,
        service: 'checkout',
        source: 'ci',
        incidentId: 'INC-1',
        status: 'resolved',
        openedAt: '2024-05-01T09:00:00.000Z',
        resolvedAt: '2024-05-01T11:00:00.000Z',
        causedByDeploymentId: 'rel-7',
        severity: 'SEV2',
      },
    ],
  ])('%s', (_name, input, env, expected) => {
    const event = build(input, env);
    expect(event).toEqual(expected);
    // and the backend's own validation accepts it as it is
    const validated = validateDeliveryEvent(event, { now: NOW.getTime() });
    expect(validated).toMatchObject({ ok: true });
  });
});

describe('buildEvent: idempotent ids', () => {
  it.each<[string, Env]>([
    ['GitHub Actions', GITHUB_ENV],
    ['GitLab CI', GITLAB_ENV],
    ['generic', GENERIC_ENV],
  ])('%s: the same run and inputs give the same id at any time', (_n, env) => {
    const first = build(deploy(), env, NOW);
    const retried = build(
      deploy(),
      { ...env },
      new Date('2024-05-01T12:03:00Z'),
    );
    expect(retried.id).toBe(first.id);
    expect(retried.timestamp).not.toBe(first.timestamp);
  });

  it.each<[string, Env, Env]>([
    [
      'a new GitHub run attempt',
      GITHUB_ENV,
      { ...GITHUB_ENV, GITHUB_RUN_ATTEMPT: '2' },
    ],
    [
      'another GitHub run',
      GITHUB_ENV,
      { ...GITHUB_ENV, GITHUB_RUN_ID: '7002' },
    ],
    ['a retried GitLab job', GITLAB_ENV, { ...GITLAB_ENV, CI_JOB_ID: '9002' }],
    [
      'another generic pipeline',
      GENERIC_ENV,
      { ...GENERIC_ENV, GOLDPATH_PIPELINE_ID: 'jenkins-43' },
    ],
  ])('%s gives another id', (_name, a, b) => {
    expect(build(deploy(), a).id).not.toBe(build(deploy(), b).id);
  });

  it('keeps the deployment id across a run attempt, so attempts are one deployment', () => {
    const first = build(deploy(), GITHUB_ENV);
    const second = build(deploy(), { ...GITHUB_ENV, GITHUB_RUN_ATTEMPT: '2' });
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ deploymentId: '7001:production' });
    expect(first).toMatchObject({ deploymentId: '7001:production' });
  });

  it('gives in_progress and success of one run one deployment id and two event ids', () => {
    const started = build(deploy({ outcome: 'in_progress' }), GITHUB_ENV);
    const finished = build(deploy({ outcome: 'success' }), GITHUB_ENV);
    expect(started.id).not.toBe(finished.id);
    expect(started).toMatchObject({ deploymentId: '7001:production' });
    expect(finished).toMatchObject({ deploymentId: '7001:production' });
  });

  it.each<[string, Partial<EventInput>]>([
    ['service', { service: 'payments' }],
    ['environment', { environment: 'staging' }],
    ['outcome', { outcome: 'failure' }],
    ['deployment id', { deploymentId: 'rel-8' }],
  ])('distinguishes events by %s', (_name, over) => {
    for (const env of [GITHUB_ENV, GITLAB_ENV, GENERIC_ENV]) {
      expect(build(deploy(over), env).id).not.toBe(build(deploy(), env).id);
    }
  });

  it('makes a rollback in the same run a deployment of its own', () => {
    for (const env of [GITHUB_ENV, GITLAB_ENV]) {
      const deployed = build(deploy(), env);
      const rolledBack = build(deploy({ rollback: true }), env);
      expect(rolledBack.id).not.toBe(deployed.id);
      expect(rolledBack).toMatchObject({ rollback: true });
      expect((rolledBack as any).deploymentId).toBe(
        `${(deployed as any).deploymentId}:rollback`,
      );
    }
    const explicit = (rollback: boolean) =>
      build(deploy({ rollback, deploymentId: 'rel-7' }), GENERIC_ENV).id;
    expect(explicit(true)).not.toBe(explicit(false));
  });

  it('does not depend on the case of the service or commit', () => {
    const a = build(deploy({ service: 'Checkout' }), GENERIC_ENV);
    const b = build(deploy({ service: 'checkout' }), GENERIC_ENV);
    expect(a.id).toBe(b.id);
    const change = (commitSha: string) =>
      build({ type: 'change', service: 'checkout', commitSha }, GITHUB_ENV).id;
    expect(change('ABC123')).toBe(change('abc123'));
  });

  it('gives a change the same id from any run or attempt', () => {
    const change: EventInput = { type: 'change', service: 'checkout' };
    expect(build(change, GITHUB_ENV).id).toBe(
      build(change, {
        ...GITHUB_ENV,
        GITHUB_RUN_ID: '9999',
        GITHUB_RUN_ATTEMPT: '3',
      }).id,
    );
  });

  it('keeps ids within 256 characters, still distinct', () => {
    const long = (name: string) =>
      build(deploy({ environment: `${'e'.repeat(250)}-${name}` }), GITHUB_ENV)
        .id;
    expect(long('a').length).toBeLessThanOrEqual(256);
    expect(long('a')).not.toBe(long('b'));
    expect(long('a')).toBe(long('a'));
  });
});

describe('buildEvent: what is required', () => {
  it.each<[string, EventInput, Env, string]>([
    [
      'a deployment without environment',
      { type: 'deployment', service: 'checkout', outcome: 'success' },
      GITHUB_ENV,
      '--environment is required',
    ],
    [
      'a deployment outside CI without deployment id',
      deploy(),
      {},
      '--deployment-id is required',
    ],
    [
      'a change without commit',
      { type: 'change', service: 'checkout' },
      {},
      '--commit is required',
    ],
    [
      'a build without pipeline',
      { type: 'build', service: 'checkout', outcome: 'success' },
      {},
      '--pipeline-id is required',
    ],
  ])('refuses %s', (_name, input, env, message) => {
    expect(() => build(input, env)).toThrow(UsageError);
    expect(() => build(input, env)).toThrow(message);
  });

  it('ignores a GitLab tier it does not know', () => {
    const event = build(
      { type: 'deployment', service: 'checkout', outcome: 'success' },
      { ...GITLAB_ENV, CI_ENVIRONMENT_TIER: 'moon' },
    );
    expect(event).not.toHaveProperty('environmentTier');
  });

  it('lets flags win over the CI context', () => {
    const event = build(
      deploy({
        environment: 'staging',
        environmentTier: 'staging',
        commitSha: 'beef',
        attributes: { repository: 'override' },
      }),
      GITLAB_ENV,
    );
    expect(event).toMatchObject({
      environment: 'staging',
      environmentTier: 'staging',
      commitSha: 'beef',
      deploymentId: '555:staging',
      attributes: { repository: 'override' },
    });
  });
});
