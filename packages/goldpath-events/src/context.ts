/**
 * What the CI system tells us about the current run, read from its
 * environment variables. Pure: give it any object of variables.
 */

/** Environment variables, as `process.env` has them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The CI systems recognised from their environment variables. */
export type CiProvider = 'github-actions' | 'gitlab-ci' | 'generic';

/** The context of the current CI run. Every field is optional but `provider` and `source`. */
export interface CiContext {
  provider: CiProvider;
  /** The `source` of the events: `github-actions`, `gitlab-ci` or `ci`. */
  source: string;
  /** The commit the run is building or deploying. */
  commitSha?: string;
  /** The run (GitHub Actions) or pipeline (GitLab CI) id. */
  pipelineId?: string;
  /** Who triggered the run. */
  actor?: string;
  /** GitLab: the environment of the job (`environment:name`). */
  environment?: string;
  /** GitLab: the tier of that environment (`environment:deployment_tier`). */
  environmentTier?: string;
  /**
   * What identifies this run and attempt (job, for GitLab) in event ids:
   * `gha:<repository>:<run_id>:<run_attempt>` or
   * `glci:<project>:<pipeline_id>:<job_id>`. Absent when the run cannot be
   * identified; ids are then hashes of the event's identifying fields.
   */
  runKey?: string;
  /** What identifies the repository in event ids (`gha:<repository>`), if known. */
  repositoryKey?: string;
  /** Pipeline URL, repository, job and the like: stored as event attributes. */
  attributes: Record<string, string>;
}

/** The value of a variable, or undefined when unset or blank. */
function get(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function defined(
  values: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function githubActions(env: Env): CiContext {
  const repository = get(env, 'GITHUB_REPOSITORY');
  const runId = get(env, 'GITHUB_RUN_ID');
  const attempt = get(env, 'GITHUB_RUN_ATTEMPT') ?? '1';
  const server = (
    get(env, 'GITHUB_SERVER_URL') ?? 'https://github.com'
  ).replace(/\/+$/, '');
  return {
    provider: 'github-actions',
    source: 'github-actions',
    commitSha: get(env, 'GITHUB_SHA'),
    pipelineId: runId,
    actor: get(env, 'GITHUB_ACTOR'),
    runKey:
      repository && runId ? `gha:${repository}:${runId}:${attempt}` : undefined,
    repositoryKey: repository ? `gha:${repository}` : undefined,
    attributes: defined({
      pipelineUrl:
        repository && runId
          ? `${server}/${repository}/actions/runs/${runId}`
          : undefined,
      repository,
      workflow: get(env, 'GITHUB_WORKFLOW'),
      job: get(env, 'GITHUB_JOB'),
      runAttempt: runId ? attempt : undefined,
    }),
  };
}

function gitlabCi(env: Env): CiContext {
  const project = get(env, 'CI_PROJECT_PATH');
  const pipelineId = get(env, 'CI_PIPELINE_ID');
  const jobId = get(env, 'CI_JOB_ID');
  return {
    provider: 'gitlab-ci',
    source: 'gitlab-ci',
    commitSha: get(env, 'CI_COMMIT_SHA'),
    pipelineId,
    actor: get(env, 'GITLAB_USER_LOGIN'),
    environment: get(env, 'CI_ENVIRONMENT_NAME'),
    environmentTier: get(env, 'CI_ENVIRONMENT_TIER'),
    runKey:
      project && pipelineId && jobId
        ? `glci:${project}:${pipelineId}:${jobId}`
        : undefined,
    repositoryKey: project ? `glci:${project}` : undefined,
    attributes: defined({
      pipelineUrl: get(env, 'CI_PIPELINE_URL'),
      repository: project,
      job: get(env, 'CI_JOB_NAME'),
      jobId,
      jobUrl: get(env, 'CI_JOB_URL'),
    }),
  };
}

/**
 * Detects the CI system from its variables (`GITHUB_ACTIONS=true`,
 * `GITLAB_CI=true`, else generic). The generic `GOLDPATH_COMMIT_SHA`,
 * `GOLDPATH_PIPELINE_ID` and `GOLDPATH_ACTOR` apply everywhere and win over
 * what the CI system says: they are set on purpose.
 */
export function detectContext(env: Env): CiContext {
  let context: CiContext;
  if (get(env, 'GITHUB_ACTIONS') === 'true') {
    context = githubActions(env);
  } else if (get(env, 'GITLAB_CI') === 'true') {
    context = gitlabCi(env);
  } else {
    context = { provider: 'generic', source: 'ci', attributes: {} };
  }
  const commitSha = get(env, 'GOLDPATH_COMMIT_SHA') ?? context.commitSha;
  const pipelineId = get(env, 'GOLDPATH_PIPELINE_ID') ?? context.pipelineId;
  const actor = get(env, 'GOLDPATH_ACTOR') ?? context.actor;
  return {
    ...context,
    ...(commitSha !== undefined ? { commitSha } : {}),
    ...(pipelineId !== undefined ? { pipelineId } : {}),
    ...(actor !== undefined ? { actor } : {}),
  };
}
