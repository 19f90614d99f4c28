import {
  AdapterResult,
  MalformedPayloadError,
  ServiceIdentity,
  SourceAdapter,
  WebhookDelivery,
} from '../types';
import { attributes, events, ignored, pending } from '../util/events';
import { eventId } from '../util/ids';
import {
  JsonObject,
  arr,
  at,
  bodyObject,
  header,
  idString,
  needId,
  needObject,
  needString,
  obj,
  str,
} from '../util/json';
import { isNullSha } from '../util/sha';
import { lastSegment, slugify } from '../util/slug';
import { isoTime, needTime, receiptTime } from '../util/time';

const SOURCE = 'github';

function identity(body: JsonObject, what: string): ServiceIdentity {
  const repository = needObject(body.repository, 'repository', what);
  const fullName = needString(
    repository.full_name,
    'repository.full_name',
    what,
  );
  return {
    annotation: 'github.com/project-slug',
    value: fullName,
    fallbackName: slugify(str(repository.name) ?? lastSegment(fullName)),
  };
}

function defaultBranch(body: JsonObject, what: string): string {
  return needString(
    at(body, 'repository', 'default_branch') ??
      at(body, 'repository', 'master_branch'),
    'repository.default_branch',
    what,
  );
}

/** The login of a user object (`{ login }`), if any. */
const login = (user: unknown) => str(at(user, 'login'));

function push(body: JsonObject, delivery: WebhookDelivery): AdapterResult {
  const what = 'GitHub push';
  const id = identity(body, what);
  const ref = needString(body.ref, 'ref', what);
  if (ref.startsWith('refs/tags/')) {
    return ignored(
      `push of tag ${ref.slice('refs/tags/'.length)} is not a change`,
    );
  }
  const after = needString(body.after, 'after', what);
  if (body.deleted === true || isNullSha(after)) {
    return ignored(`deletion of ${ref} is not a change`);
  }
  const branch = defaultBranch(body, what);
  if (ref !== `refs/heads/${branch}`) {
    return ignored(`push to ${ref} is not to the default branch ${branch}`);
  }
  const commits = arr(body.commits).flatMap(c => {
    const sha = str(at(c, 'id'));
    if (!sha) return [];
    const authoredAt = isoTime(at(c, 'timestamp'));
    return [authoredAt ? { sha, authoredAt } : { sha }];
  });
  const timestamp =
    isoTime(at(body, 'repository', 'pushed_at'), 'seconds') ??
    isoTime(at(body, 'head_commit', 'timestamp')) ??
    receiptTime(delivery.receivedAt);
  return events(
    pending(
      {
        id: eventId('github', 'push', id.value, after),
        type: 'change',
        timestamp,
        source: SOURCE,
        actor: str(at(body, 'pusher', 'name')) ?? login(body.sender),
        commitSha: after,
        commits: commits.length ? commits : undefined,
        attributes: attributes({
          ref,
          forced: body.forced === true ? true : undefined,
          compareUrl: str(body.compare),
          message: str(at(body, 'head_commit', 'message'))?.split('\n')[0],
        }),
      },
      id,
    ),
  );
}

function pullRequest(body: JsonObject): AdapterResult {
  const what = 'GitHub pull_request';
  const id = identity(body, what);
  const pr = needObject(body.pull_request, 'pull_request', what);
  const action = str(body.action) ?? 'unknown';
  if (action !== 'closed') {
    return ignored(`pull_request action ${action} is not a merge`);
  }
  if (pr.merged !== true) {
    return ignored('pull request closed without merge');
  }
  const branch = defaultBranch(body, what);
  const base = str(at(pr, 'base', 'ref'));
  if (base !== branch) {
    return ignored(
      `pull request merged into ${
        base ?? 'an unknown branch'
      }, not the default branch ${branch}`,
    );
  }
  const number = needId(pr.number ?? body.number, 'pull_request.number', what);
  const commitSha = needString(
    pr.merge_commit_sha,
    'pull_request.merge_commit_sha',
    what,
  );
  return events(
    pending(
      {
        id: eventId('github', 'pr', `${id.value}#${number}`, 'merged'),
        type: 'change',
        timestamp: needTime(pr.merged_at, 'pull_request.merged_at', what),
        source: SOURCE,
        actor: login(pr.merged_by) ?? login(body.sender),
        commitSha,
        changeId: number,
        attributes: attributes({
          url: str(pr.html_url),
          headSha: str(at(pr, 'head', 'sha')),
          baseRef: base,
          title: str(pr.title),
        }),
      },
      id,
    ),
  );
}

const DEPLOYMENT_OUTCOMES: Record<
  string,
  'success' | 'failure' | 'in_progress'
> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
  pending: 'in_progress',
  queued: 'in_progress',
  in_progress: 'in_progress',
};

function deploymentStatus(body: JsonObject): AdapterResult {
  const what = 'GitHub deployment_status';
  const id = identity(body, what);
  const status = needObject(body.deployment_status, 'deployment_status', what);
  const deployment = needObject(body.deployment, 'deployment', what);
  const state = needString(status.state, 'deployment_status.state', what);
  if (state === 'inactive') {
    return ignored(
      'deployment_status inactive: the deployment was superseded by a newer one',
    );
  }
  const outcome = DEPLOYMENT_OUTCOMES[state];
  if (!outcome) {
    return ignored(`deployment_status state ${state} is not used`);
  }
  const statusId = needId(status.id, 'deployment_status.id', what);
  const environment = needString(
    status.environment ?? deployment.environment,
    'deployment.environment',
    what,
  );
  return events(
    pending(
      {
        id: eventId('github', 'deployment_status', statusId),
        type: 'deployment',
        timestamp: needTime(
          status.created_at,
          'deployment_status.created_at',
          what,
        ),
        source: SOURCE,
        actor:
          login(deployment.creator) ??
          login(status.creator) ??
          login(body.sender),
        deploymentId: needId(deployment.id, 'deployment.id', what),
        environment,
        environmentTier:
          deployment.production_environment === true ? 'production' : undefined,
        outcome,
        commitSha: str(deployment.sha),
        startedAt: isoTime(deployment.created_at),
        attributes: attributes({
          ref: str(deployment.ref),
          task: str(deployment.task),
          state,
          url: str(status.target_url) ?? str(status.log_url),
        }),
      },
      id,
    ),
  );
}

const BUILD_OUTCOMES: Record<string, 'success' | 'failure' | 'cancelled'> = {
  success: 'success',
  failure: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
  cancelled: 'cancelled',
  skipped: 'cancelled',
  stale: 'cancelled',
  neutral: 'cancelled',
  action_required: 'cancelled',
};

function workflowRun(body: JsonObject): AdapterResult {
  const what = 'GitHub workflow_run';
  const id = identity(body, what);
  const run = needObject(body.workflow_run, 'workflow_run', what);
  const action = str(body.action) ?? 'unknown';
  if (action !== 'completed') {
    return ignored(`workflow_run action ${action} is not final`);
  }
  const conclusion = str(run.conclusion);
  const outcome = conclusion ? BUILD_OUTCOMES[conclusion] : undefined;
  if (!outcome) {
    return ignored(
      `workflow_run conclusion ${conclusion ?? 'null'} is not used`,
    );
  }
  const runId = needId(run.id, 'workflow_run.id', what);
  const attempt = idString(run.run_attempt) ?? '1';
  const status = str(run.status) ?? action;
  return events(
    pending(
      {
        id: eventId('github', 'workflow_run', runId, attempt, status),
        type: 'build',
        timestamp: needTime(
          run.updated_at ?? run.completed_at,
          'workflow_run.updated_at',
          what,
        ),
        source: SOURCE,
        actor:
          login(run.triggering_actor) ?? login(run.actor) ?? login(body.sender),
        pipelineId: runId,
        outcome,
        commitSha: str(run.head_sha),
        startedAt: isoTime(run.run_started_at ?? run.created_at),
        attributes: attributes({
          workflow: str(run.name),
          branch: str(run.head_branch),
          trigger: str(run.event),
          runAttempt: Number(attempt),
          conclusion,
          url: str(run.html_url),
        }),
      },
      id,
    ),
  );
}

/** Infers the event name from the body when the header is missing (files, the CLI). */
function inferEventName(body: unknown): string | undefined {
  const b = obj(body);
  if (!b) return undefined;
  if (str(b.zen) && b.hook_id !== undefined) return 'ping';
  if (obj(b.workflow_run)) return 'workflow_run';
  if (obj(b.workflow_job)) return 'workflow_job';
  if (obj(b.deployment_status)) return 'deployment_status';
  if (obj(b.deployment)) return 'deployment';
  if (obj(b.check_suite)) return 'check_suite';
  if (obj(b.check_run)) return 'check_run';
  if (obj(b.pull_request) && !b.review && !b.comment && !b.thread) {
    return 'pull_request';
  }
  if (
    typeof b.ref === 'string' &&
    typeof b.after === 'string' &&
    (obj(b.pusher) || Array.isArray(b.commits))
  ) {
    return 'push';
  }
  return undefined;
}

function eventName(delivery: WebhookDelivery): string | undefined {
  return (
    str(header(delivery.headers, 'x-github-event'))?.trim() ??
    inferEventName(delivery.body)
  );
}

/**
 * GitHub: `push` to the default branch and merged pull requests (changes),
 * `deployment_status` (deployments), completed `workflow_run` (builds).
 *
 * @public
 */
export const githubAdapter: SourceAdapter = {
  source: 'github',
  eventName,
  normalize(delivery, options) {
    const name = options?.eventName ?? eventName(delivery);
    if (!name) {
      throw new MalformedPayloadError(
        'no X-GitHub-Event header, and the body is not a recognisable GitHub event',
      );
    }
    if (name === 'ping') {
      return ignored('ping');
    }
    const body = bodyObject(delivery.body, `GitHub ${name}`);
    switch (name) {
      case 'push':
        return push(body, delivery);
      case 'pull_request':
        return pullRequest(body);
      case 'deployment_status':
        return deploymentStatus(body);
      case 'workflow_run':
        return workflowRun(body);
      default:
        return ignored(`unsupported GitHub event: ${name}`);
    }
  },
};
