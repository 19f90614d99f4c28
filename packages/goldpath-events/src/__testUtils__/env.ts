/** CI environments as the runners set them, for tests. */

export const GITHUB_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SHA: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
  GITHUB_RUN_ID: '7001',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'deploy',
  GITHUB_REPOSITORY: 'acme/checkout',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_ACTOR: 'octocat',
  GITHUB_WORKFLOW: 'Deploy',
};

export const GITLAB_ENV = {
  GITLAB_CI: 'true',
  CI_COMMIT_SHA: '0123456789abcdef0123456789abcdef01234567',
  CI_PIPELINE_ID: '555',
  CI_JOB_ID: '9001',
  CI_JOB_NAME: 'deploy-production',
  CI_PROJECT_PATH: 'acme/shop/checkout',
  CI_PIPELINE_URL:
    'https://gitlab.example.com/acme/shop/checkout/-/pipelines/555',
  GITLAB_USER_LOGIN: 'jane',
  CI_ENVIRONMENT_NAME: 'prod-eu',
  CI_ENVIRONMENT_TIER: 'production',
};

export const GENERIC_ENV = {
  GOLDPATH_COMMIT_SHA: 'feedface',
  GOLDPATH_PIPELINE_ID: 'jenkins-42',
  GOLDPATH_ACTOR: 'release-bot',
};
