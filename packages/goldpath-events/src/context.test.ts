import {
  POLICY_SOURCE_PATTERN,
  defaultPolicySource,
  defaultRepository,
  detectContext,
  policySourceName,
} from './context';
import { GENERIC_ENV, GITHUB_ENV, GITLAB_ENV } from './__testUtils__/env';

describe('detectContext', () => {
  it.each([
    [
      'GitHub Actions',
      GITHUB_ENV,
      {
        provider: 'github-actions',
        source: 'github-actions',
        commitSha: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
        pipelineId: '7001',
        actor: 'octocat',
        runKey: 'gha:acme/checkout:7001:1',
        repositoryKey: 'gha:acme/checkout',
        attributes: {
          pipelineUrl: 'https://github.com/acme/checkout/actions/runs/7001',
          repository: 'acme/checkout',
          workflow: 'Deploy',
          job: 'deploy',
          runAttempt: '1',
        },
      },
    ],
    [
      'GitLab CI',
      GITLAB_ENV,
      {
        provider: 'gitlab-ci',
        source: 'gitlab-ci',
        commitSha: '0123456789abcdef0123456789abcdef01234567',
        pipelineId: '555',
        actor: 'jane',
        environment: 'prod-eu',
        environmentTier: 'production',
        runKey: 'glci:acme/shop/checkout:555:9001',
        repositoryKey: 'glci:acme/shop/checkout',
        attributes: {
          pipelineUrl:
            'https://gitlab.example.com/acme/shop/checkout/-/pipelines/555',
          repository: 'acme/shop/checkout',
          job: 'deploy-production',
          jobId: '9001',
        },
      },
    ],
    [
      'generic',
      GENERIC_ENV,
      {
        provider: 'generic',
        source: 'ci',
        commitSha: 'feedface',
        pipelineId: 'jenkins-42',
        actor: 'release-bot',
        attributes: {},
      },
    ],
    ['nothing', {}, { provider: 'generic', source: 'ci', attributes: {} }],
  ])('reads %s', (_name, env, expected) => {
    expect(detectContext(env)).toEqual(expected);
  });

  it('lets GOLDPATH_* variables win over what the CI system says', () => {
    const context = detectContext({ ...GITHUB_ENV, ...GENERIC_ENV });
    expect(context).toMatchObject({
      provider: 'github-actions',
      commitSha: 'feedface',
      pipelineId: 'jenkins-42',
      actor: 'release-bot',
      runKey: 'gha:acme/checkout:7001:1',
    });
  });

  it('needs GITHUB_ACTIONS=true / GITLAB_CI=true exactly', () => {
    expect(detectContext({ ...GITHUB_ENV, GITHUB_ACTIONS: '1' }).provider).toBe(
      'generic',
    );
    expect(detectContext({ ...GITLAB_ENV, GITLAB_CI: 'false' }).provider).toBe(
      'generic',
    );
  });

  it('treats blank variables as unset, and a first attempt when none is given', () => {
    const context = detectContext({
      ...GITHUB_ENV,
      GITHUB_SHA: '  ',
      GITHUB_RUN_ATTEMPT: undefined,
    });
    expect(context.commitSha).toBeUndefined();
    expect(context.runKey).toBe('gha:acme/checkout:7001:1');
  });

  it('has no run key when the run cannot be identified', () => {
    const context = detectContext({ GITHUB_ACTIONS: 'true' });
    expect(context.runKey).toBeUndefined();
    expect(context.repositoryKey).toBeUndefined();
    expect(context.attributes).toEqual({});
  });
});

describe('policy defaults', () => {
  it.each([
    [
      'GitHub Actions',
      GITHUB_ENV,
      { value: 'github-actions:acme/checkout/Deploy' },
      'acme/checkout',
    ],
    [
      'GitLab CI',
      GITLAB_ENV,
      { value: 'gitlab-ci:acme/shop/checkout/deploy-production' },
      'acme/shop/checkout',
    ],
    [
      'generic',
      GENERIC_ENV,
      { missing: 'neither GitHub Actions nor GitLab CI' },
      undefined,
    ],
    [
      'GitHub Actions without a workflow name',
      { ...GITHUB_ENV, GITHUB_WORKFLOW: ' ' },
      { missing: 'GitHub Actions without GITHUB_WORKFLOW' },
      'acme/checkout',
    ],
    [
      'GitLab CI without a project',
      { ...GITLAB_ENV, CI_PROJECT_PATH: undefined },
      { missing: 'GitLab CI without CI_PROJECT_PATH' },
      undefined,
    ],
    [
      'GITHUB_REPOSITORY outside GitHub Actions',
      { GITHUB_REPOSITORY: 'acme/x', GITHUB_WORKFLOW: 'W' },
      { missing: 'neither GitHub Actions nor GitLab CI' },
      undefined,
    ],
  ])('reads %s', (_name, env, source, repository) => {
    expect(defaultPolicySource(env)).toEqual(source);
    expect(defaultRepository(env)).toBe(repository);
  });
});

describe('policySourceName', () => {
  it.each([
    [
      'github-actions:acme/cart/Preflight',
      'github-actions:acme/cart/Preflight',
    ],
    [
      'github-actions:acme/cart/Deploy to production',
      'github-actions:acme/cart/Deploy-to-production',
    ],
    [
      'gitlab-ci:acme/shop/cart/test: [a, b]',
      'gitlab-ci:acme/shop/cart/test:-a-b',
    ],
    [
      'github-actions:acme/cart/.github/workflows/ci.yml',
      'github-actions:acme/cart/.github/workflows/ci.yml',
    ],
    ['gitlab-ci:g/p/Déploiement ✓', 'gitlab-ci:g/p/D-ploiement'],
  ])('%s → %s', (raw, name) => {
    expect(policySourceName(raw)).toBe(name);
    expect(POLICY_SOURCE_PATTERN.test(name)).toBe(true);
  });

  it('shortens a long name with a hash of the whole, the same each time', () => {
    const long = `github-actions:acme/cart/${'very long workflow name '.repeat(
      8,
    )}`;
    const name = policySourceName(long);
    expect(name).toHaveLength(128);
    expect(POLICY_SOURCE_PATTERN.test(name)).toBe(true);
    expect(name).toMatch(/-[0-9a-f]{8}$/);
    expect(policySourceName(long)).toBe(name);
    expect(policySourceName(`${long}!`)).not.toBe(name);
  });

  it('is used for the defaults', () => {
    expect(
      defaultPolicySource({ ...GITHUB_ENV, GITHUB_WORKFLOW: 'CI / build' }),
    ).toEqual({ value: 'github-actions:acme/checkout/CI-/-build' });
    expect(
      defaultPolicySource({ ...GITLAB_ENV, CI_JOB_NAME: 'trivy scan' }),
    ).toEqual({ value: 'gitlab-ci:acme/shop/checkout/trivy-scan' });
  });
});
