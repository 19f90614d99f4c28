/**
 * What the CI system tells us about the current run, read from its
 * environment variables. Pure: give it any object of variables.
 */

import { createHash } from 'node:crypto';

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

/** A value of the CI context that `goldpath-events policy` defaults from. */
export interface ContextDefault {
  value?: string;
  /** Why there is no value, when there is none (to tell the user). */
  missing?: string;
}

/**
 * What the policy backend takes as a report's `source`: 1 to 128 letters,
 * digits or `. _ : / @ -`, starting with a letter or digit.
 */
export const POLICY_SOURCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/;

const MAX_SOURCE_LENGTH = 128;

/**
 * `raw` as a source the backend takes: every run of other characters (the
 * spaces of "Deploy to production") becomes one `-`; a name over 128
 * characters keeps its start and gets 8 hex digits of its sha256. The same
 * name always gives the same source.
 */
export function policySourceName(raw: string): string {
  let name = raw
    .replace(/[^A-Za-z0-9._:/@-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '');
  if (name.length > MAX_SOURCE_LENGTH) {
    const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
    name = `${name.slice(0, MAX_SOURCE_LENGTH - 9)}-${hash}`;
  }
  return name;
}

/**
 * The default `source` of a policy report: the pipeline that produced it.
 * GitHub Actions: `github-actions:<GITHUB_REPOSITORY>/<GITHUB_WORKFLOW>`;
 * GitLab CI: `gitlab-ci:<CI_PROJECT_PATH>/<CI_JOB_NAME>`; elsewhere none.
 * Characters the backend does not take become `-` ({@link policySourceName}).
 */
export function defaultPolicySource(env: Env): ContextDefault {
  if (get(env, 'GITHUB_ACTIONS') === 'true') {
    const repository = get(env, 'GITHUB_REPOSITORY');
    const workflow = get(env, 'GITHUB_WORKFLOW');
    if (repository && workflow) {
      return {
        value: policySourceName(`github-actions:${repository}/${workflow}`),
      };
    }
    return {
      missing: `GitHub Actions without ${
        repository ? 'GITHUB_WORKFLOW' : 'GITHUB_REPOSITORY'
      }`,
    };
  }
  if (get(env, 'GITLAB_CI') === 'true') {
    const project = get(env, 'CI_PROJECT_PATH');
    const job = get(env, 'CI_JOB_NAME');
    if (project && job) {
      return { value: policySourceName(`gitlab-ci:${project}/${job}`) };
    }
    return {
      missing: `GitLab CI without ${
        project ? 'CI_JOB_NAME' : 'CI_PROJECT_PATH'
      }`,
    };
  }
  return { missing: 'neither GitHub Actions nor GitLab CI' };
}

/**
 * The default repository of a policy report's files: `GITHUB_REPOSITORY`
 * (GitHub Actions) or `CI_PROJECT_PATH` (GitLab CI); elsewhere none.
 */
export function defaultRepository(env: Env): string | undefined {
  if (get(env, 'GITHUB_ACTIONS') === 'true') {
    return get(env, 'GITHUB_REPOSITORY');
  }
  if (get(env, 'GITLAB_CI') === 'true') return get(env, 'CI_PROJECT_PATH');
  return undefined;
}
