import {
  ENVIRONMENT_TIERS,
  EnvironmentTier,
} from '@goldpath/plugin-dora-common';
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
  num,
  obj,
  str,
} from '../util/json';
import { isCommitSha, isNullSha } from '../util/sha';
import { lastSegment, slugify } from '../util/slug';
import { isoTime, needTime, receiptTime } from '../util/time';

const SOURCE = 'gitlab';

/** `object_kind` → the `X-Gitlab-Event` name GitLab sends for it. */
const HOOK_NAMES: Record<string, string> = {
  push: 'Push Hook',
  tag_push: 'Tag Push Hook',
  merge_request: 'Merge Request Hook',
  pipeline: 'Pipeline Hook',
  deployment: 'Deployment Hook',
  build: 'Job Hook',
  note: 'Note Hook',
  issue: 'Issue Hook',
  release: 'Release Hook',
  wiki_page: 'Wiki Page Hook',
};

/** `Push Hook`, `push`, `push_hook` → `push`. */
function hookKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/_hook$/, '');
}

function identity(body: JsonObject, what: string): ServiceIdentity {
  const project = needObject(body.project, 'project', what);
  const slug = needString(
    project.path_with_namespace,
    'project.path_with_namespace',
    what,
  );
  return {
    annotation: 'gitlab.com/project-slug',
    value: slug,
    fallbackName: slugify(str(project.path) ?? lastSegment(slug)),
  };
}

function projectId(body: JsonObject, what: string): string {
  return needId(
    at(body, 'project', 'id') ?? body.project_id,
    'project.id',
    what,
  );
}

function defaultBranch(body: JsonObject, what: string): string {
  return needString(
    at(body, 'project', 'default_branch'),
    'project.default_branch',
    what,
  );
}

const username = (user: unknown) =>
  str(at(user, 'username')) ?? str(at(user, 'email'));

function push(body: JsonObject, delivery: WebhookDelivery): AdapterResult {
  const what = 'GitLab Push Hook';
  const id = identity(body, what);
  const ref = needString(body.ref, 'ref', what);
  if (ref.startsWith('refs/tags/')) {
    return ignored(
      `push of tag ${ref.slice('refs/tags/'.length)} is not a change`,
    );
  }
  const after = str(body.after);
  const commitSha = str(body.checkout_sha) ?? after;
  if (!commitSha || isNullSha(commitSha) || isNullSha(after)) {
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
  // A push hook carries no push time. Commits can be authored long before
  // they are pushed, so the receipt is the best estimate of the push.
  const rawCommits = arr(body.commits);
  const lastMessage = str(
    at(rawCommits[rawCommits.length - 1], 'message'),
  )?.split('\n')[0];
  const total = num(body.total_commits_count);
  const truncated = total !== undefined && total > commits.length;
  return events(
    pending(
      {
        id: eventId('gitlab', 'push', projectId(body, what), commitSha),
        type: 'change',
        timestamp: receiptTime(delivery.receivedAt),
        source: SOURCE,
        actor: str(body.user_username) ?? str(body.user_email),
        commitSha,
        commits: commits.length ? commits : undefined,
        attributes: attributes({
          ref,
          commitsTruncated: truncated ? true : undefined,
          totalCommits: truncated ? total : undefined,
          message: lastMessage,
        }),
      },
      id,
    ),
  );
}

function mergeRequest(body: JsonObject): AdapterResult {
  const what = 'GitLab Merge Request Hook';
  const id = identity(body, what);
  const mr = needObject(body.object_attributes, 'object_attributes', what);
  const action = str(mr.action);
  if (action !== 'merge') {
    return ignored(
      `Merge Request Hook action ${action ?? 'unknown'} is not a merge`,
    );
  }
  const branch = defaultBranch(body, what);
  const target = str(mr.target_branch);
  if (target !== branch) {
    return ignored(
      `merge request merged into ${
        target ?? 'an unknown branch'
      }, not the default branch ${branch}`,
    );
  }
  const iid = needId(mr.iid, 'object_attributes.iid', what);
  const commitSha = needString(
    mr.merge_commit_sha ?? mr.squash_commit_sha ?? at(mr, 'last_commit', 'id'),
    'object_attributes.merge_commit_sha',
    what,
  );
  return events(
    pending(
      {
        id: eventId(
          'gitlab',
          'mr',
          `${projectId(body, what)}!${iid}`,
          'merged',
        ),
        type: 'change',
        timestamp: needTime(
          mr.merged_at ?? mr.updated_at,
          'object_attributes.updated_at',
          what,
        ),
        source: SOURCE,
        actor: username(body.user),
        commitSha,
        changeId: iid,
        attributes: attributes({
          url: str(mr.url),
          sourceBranch: str(mr.source_branch),
          targetBranch: target,
          title: str(mr.title),
        }),
      },
      id,
    ),
  );
}

const PIPELINE_OUTCOMES: Record<string, 'success' | 'failure' | 'cancelled'> = {
  success: 'success',
  failed: 'failure',
  canceled: 'cancelled',
  cancelled: 'cancelled',
  skipped: 'cancelled',
};

function pipeline(body: JsonObject, delivery: WebhookDelivery): AdapterResult {
  const what = 'GitLab Pipeline Hook';
  const id = identity(body, what);
  const p = needObject(body.object_attributes, 'object_attributes', what);
  const status = needString(p.status, 'object_attributes.status', what);
  const outcome = PIPELINE_OUTCOMES[status];
  if (!outcome) {
    return ignored(`Pipeline Hook status ${status} is not final`);
  }
  const pipelineId = needId(p.id, 'object_attributes.id', what);
  return events(
    pending(
      {
        id: eventId('gitlab', 'pipeline', pipelineId, status),
        type: 'build',
        timestamp: isoTime(p.finished_at) ?? receiptTime(delivery.receivedAt),
        source: SOURCE,
        actor: username(body.user),
        pipelineId,
        outcome,
        commitSha: str(p.sha),
        startedAt: isoTime(p.created_at),
        attributes: attributes({
          ref: str(p.ref),
          tag: typeof p.tag === 'boolean' ? p.tag : undefined,
          trigger: str(p.source),
          status,
          url: str(p.url),
        }),
      },
      id,
    ),
  );
}

const DEPLOYMENT_OUTCOMES: Record<
  string,
  'success' | 'failure' | 'cancelled' | 'in_progress'
> = {
  success: 'success',
  failed: 'failure',
  canceled: 'cancelled',
  cancelled: 'cancelled',
  running: 'in_progress',
};

/** The full sha in `…/-/commit/<sha>` (the hook has only `short_sha` otherwise). */
function shaFromCommitUrl(url: string | undefined): string | undefined {
  const m = url
    ? /\/-?\/?commits?\/([0-9a-f]{7,64})(?:[/?#]|$)/i.exec(url)
    : null;
  return m ? m[1] : undefined;
}

function deployment(body: JsonObject): AdapterResult {
  const what = 'GitLab Deployment Hook';
  const id = identity(body, what);
  const status = needString(body.status, 'status', what);
  if (status === 'created') {
    return ignored(
      'Deployment Hook status created: the deployment has not started (running, success, failed or canceled follow)',
    );
  }
  const outcome = DEPLOYMENT_OUTCOMES[status];
  if (!outcome) {
    return ignored(`Deployment Hook status ${status} is not used`);
  }
  const deploymentId = needId(body.deployment_id, 'deployment_id', what);
  const tier = str(body.environment_tier);
  const shortSha = str(body.short_sha);
  return events(
    pending(
      {
        id: eventId('gitlab', 'deployment', deploymentId, status),
        type: 'deployment',
        timestamp: needTime(body.status_changed_at, 'status_changed_at', what),
        source: SOURCE,
        actor: username(body.user),
        deploymentId,
        environment: needString(body.environment, 'environment', what),
        environmentTier:
          tier && (ENVIRONMENT_TIERS as readonly string[]).includes(tier)
            ? (tier as EnvironmentTier)
            : undefined,
        outcome,
        commitSha:
          shaFromCommitUrl(str(body.commit_url)) ??
          (isCommitSha(shortSha) ? shortSha : undefined),
        attributes: attributes({
          ref: str(body.ref),
          jobId: idString(body.deployable_id),
          jobUrl: str(body.deployable_url),
          environmentUrl: str(body.environment_external_url),
          status,
        }),
      },
      id,
    ),
  );
}

function eventName(delivery: WebhookDelivery): string | undefined {
  const fromHeader = str(header(delivery.headers, 'x-gitlab-event'))?.trim();
  // System hooks send `System Hook` for every kind: the body says which.
  if (fromHeader && fromHeader !== 'System Hook') {
    return fromHeader;
  }
  const kind = str(obj(delivery.body)?.object_kind);
  const known =
    kind && Object.prototype.hasOwnProperty.call(HOOK_NAMES, kind)
      ? HOOK_NAMES[kind]
      : undefined;
  return known ?? fromHeader;
}

/**
 * GitLab: Push Hook to the default branch and merged merge requests
 * (changes), final Pipeline Hooks (builds), Deployment Hooks (deployments).
 *
 * @public
 */
export const gitlabAdapter: SourceAdapter = {
  source: 'gitlab',
  eventName,
  normalize(delivery, options) {
    const name = options?.eventName ?? eventName(delivery);
    if (!name) {
      throw new MalformedPayloadError(
        'no X-Gitlab-Event header, and the body has no object_kind',
      );
    }
    const key = hookKey(name);
    if (key === 'tag_push') {
      return ignored('tag pushes are not changes');
    }
    const body = bodyObject(delivery.body, `GitLab ${name}`);
    switch (key) {
      case 'push':
        return push(body, delivery);
      case 'merge_request':
        return mergeRequest(body);
      case 'pipeline':
        return pipeline(body, delivery);
      case 'deployment':
        return deployment(body);
      default:
        return ignored(`unsupported GitLab event: ${name}`);
    }
  },
};
