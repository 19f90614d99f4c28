import { createHash } from 'crypto';
import { fixtureJson } from './deliveries';

/*
 * Variants of the reference payloads, built from the file read in place
 * (nothing of them is stored in the repository). Each function returns a
 * fresh copy, safe to mutate.
 */

/**
 * `github/deployment_status.success.json` as a failed status: a new status
 * id (also in `url` and `node_id`), a description, a later time, and a
 * deployment marked as production (not transient).
 */
export function githubDeploymentStatusFailure(): any {
  const body = fixtureJson('github/deployment_status.success.json');
  const status = body.deployment_status;
  const id = 209916301;
  status.url = status.url.replace(/\/statuses\/\d+$/, `/statuses/${id}`);
  status.id = id;
  status.node_id = Buffer.from(`016:DeploymentStatus${id}`).toString('base64');
  status.state = 'failure';
  status.description = 'Deployment failed: readiness probe timed out';
  status.created_at = '2019-05-15T15:24:02Z';
  status.updated_at = '2019-05-15T15:24:02Z';
  body.deployment.production_environment = true;
  body.deployment.transient_environment = false;
  return body;
}

/** `github/push.with-new-branch.json` pushed to a feature branch instead. */
export function githubPushFeatureBranch(): any {
  const body = fixtureJson('github/push.with-new-branch.json');
  body.ref = 'refs/heads/feature/login-form';
  return body;
}

/** The sha of generated commit `n` (sha1 of `goldpath fixture commit <n>`). */
function generatedSha(n: number): string {
  return createHash('sha1')
    .update(`goldpath fixture commit ${n}`)
    .digest('hex');
}

/**
 * `gitlab/push_hook.json` as a push of 23 commits, of which GitLab sends the
 * newest 20: commits 4…23 generated (made-up shas, one minute apart from
 * 2024-03-05T10:04+01:00), `total_commits_count: 23`, and `before`, `after`,
 * `checkout_sha` to match.
 */
export function gitlabPush23Commits(): any {
  const body = fixtureJson('gitlab/push_hook.json');
  const author = body.commits[0].author;
  body.before = generatedSha(3);
  body.after = generatedSha(23);
  body.checkout_sha = generatedSha(23);
  body.commits = Array.from({ length: 20 }, (_, i) => {
    const n = i + 4;
    const sha = generatedSha(n);
    return {
      id: sha,
      message: `Change ${n}\n`,
      title: `Change ${n}`,
      timestamp: `2024-03-05T10:${String(n).padStart(2, '0')}:00+01:00`,
      url: `${body.project.web_url}/commit/${sha}`,
      author: { ...author },
      added: [],
      modified: ['app/controller/application.rb'],
      removed: [],
    };
  });
  body.total_commits_count = 23;
  return body;
}

/**
 * `gitlab/merge_request_hook.open.json` merged: `action: merge`,
 * `state: merged`, a made-up `merge_commit_sha`, and `changes` the state and
 * `updated_at` transition.
 */
export function gitlabMergeRequestMerged(): any {
  const body = fixtureJson('gitlab/merge_request_hook.open.json');
  const attributes = body.object_attributes;
  attributes.updated_at = '2013-12-04 09:12:45 UTC';
  attributes.state = 'merged';
  attributes.merge_status = 'can_be_merged';
  attributes.state_id = 3;
  attributes.action = 'merge';
  attributes.detailed_merge_status = 'not_open';
  attributes.merge_commit_sha = '8d5ac5fa1cd6e2d1d6f5b8f2e7e9d2f0b5c4a3e1';
  body.changes = {
    state_id: { previous: 1, current: 3 },
    updated_at: {
      previous: '2013-12-03 17:23:34 UTC',
      current: '2013-12-04 09:12:45 UTC',
    },
  };
  return body;
}

/**
 * The Kustomization of `flux/event.generic-webhook.kustomization-error.json`
 * reconciled successfully, as kustomize-controller reports it: reason
 * `ReconciliationSucceeded`, the Flux 2 revision `main@sha1:<sha>` (made up),
 * `commit_status: update`, and `goldpath.dev/environment: prod-eu` as an
 * Alert's `eventMetadata` adds it.
 */
export function fluxKustomizationSucceeded(): any {
  const body = fixtureJson(
    'flux/event.generic-webhook.kustomization-error.json',
  );
  body.metadata = {
    'kustomize.toolkit.fluxcd.io/revision':
      'main@sha1:8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2',
    'kustomize.toolkit.fluxcd.io/commit_status': 'update',
    'goldpath.dev/environment': 'prod-eu',
  };
  body.severity = 'info';
  body.reason = 'ReconciliationSucceeded';
  body.message = 'Reconciliation finished in 4.512345s, next run in 10m0s';
  body.timestamp = '2024-06-12T09:41:07Z';
  return body;
}
