import webhookExamples from '@octokit/webhooks-examples';
import { MalformedPayloadError } from '../types';
import {
  describeWithPayloads,
  fixtureBytes,
  fixtureDelivery,
  fixtureJson,
  ignoredReason,
  jsonDelivery,
  singleEvent,
} from '../__testUtils__/deliveries';
import {
  githubDeploymentStatusFailure,
  githubPushFeatureBranch,
} from '../__testUtils__/derived';
import { githubAdapter } from './github';

const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
const headers = (event: string) => ({
  'x-github-event': event,
  'x-github-delivery': DELIVERY,
});

/** The octokit examples of one event (MIT, @octokit/webhooks-examples). */
function examples(name: string): any[] {
  const entry = (
    webhookExamples as Array<{ name: string; examples: any[] }>
  ).find(e => e.name === name);
  if (!entry) throw new Error(`no octokit examples for ${name}`);
  return entry.examples;
}

/** Headers as recorded in a `name<TAB>value` capture. */
function capturedHeaders(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fixtureBytes(file).toString('utf8').split('\n')) {
    const [name, ...rest] = line.split('\t');
    if (name.trim()) out[name.trim().toLowerCase()] = rest.join('\t').trim();
  }
  return out;
}

// Our own cases and the octokit examples (npm devDependency): always run.
describe('githubAdapter (octokit examples)', () => {
  it('ignores other pull_request actions', () => {
    const opened = examples('pull_request').find(e => e.action === 'opened');
    expect(
      ignoredReason(
        githubAdapter.normalize(jsonDelivery(opened, headers('pull_request'))),
      ),
    ).toBe('pull_request action opened is not a merge');
  });

  it.each(examples('deployment_status').map((body, i) => [i, body] as const))(
    'normalises octokit deployment_status example %i',
    (_i, body) => {
      const { event } = singleEvent(
        githubAdapter,
        jsonDelivery(body, headers('deployment_status')),
      );
      expect(event.id).toBe(
        `github:deployment_status:${body.deployment_status.id}`,
      );
    },
  );

  it('ignores workflow runs that are not completed', () => {
    const requested = examples('workflow_run').find(
      e => e.action === 'requested',
    );
    expect(
      ignoredReason(
        githubAdapter.normalize(
          jsonDelivery(requested, headers('workflow_run')),
        ),
      ),
    ).toBe('workflow_run action requested is not final');
  });

  it.each(
    examples('push')
      .map((body, index) => [index, body] as const)
      .filter(([, body]) => body.ref.startsWith('refs/tags/') || body.deleted),
  )('ignores tag pushes and deletions (octokit example %i)', (_index, body) => {
    expect(
      ignoredReason(
        githubAdapter.normalize(jsonDelivery(body, headers('push'))),
      ),
    ).toMatch(/^(push of tag simple-tag|deletion of refs\/)/);
  });

  it('ignores pings and unsupported events', () => {
    const ping = examples('ping')[0];
    expect(
      ignoredReason(
        githubAdapter.normalize(jsonDelivery(ping, headers('ping'))),
      ),
    ).toBe('ping');
    const issue = (webhookExamples as any[]).find(e => e.name === 'issues')
      .examples[0];
    expect(
      ignoredReason(
        githubAdapter.normalize(jsonDelivery(issue, headers('issues'))),
      ),
    ).toBe('unsupported GitHub event: issues');
  });
});

// The reference payloads, read in place from ../shared/reference/payloads.
describeWithPayloads('githubAdapter', () => {
  describe('push', () => {
    it('turns a push to the default branch into one change', () => {
      const { event, identity } = singleEvent(
        githubAdapter,
        fixtureDelivery('github/push.with-new-branch.json', headers('push')),
      );
      expect(event).toEqual({
        id: 'github:push:Codertocat/Hello-World:6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        type: 'change',
        // repository.pushed_at, epoch seconds 1557933657
        timestamp: '2019-05-15T15:20:57.000Z',
        source: 'github',
        actor: 'Codertocat',
        commitSha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        commits: [
          {
            sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
            authoredAt: '2019-05-15T15:19:25.000Z',
          },
        ],
        attributes: {
          ref: 'refs/heads/master',
          compareUrl:
            'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          // the head commit's subject, for the optional rework pattern
          message: 'Initial commit',
        },
      });
      expect(identity).toEqual({
        annotation: 'github.com/project-slug',
        value: 'Codertocat/Hello-World',
        fallbackName: 'hello-world',
      });
    });

    it('falls back to head_commit.timestamp without repository.pushed_at', () => {
      const body = fixtureJson('github/push.with-new-branch.json');
      delete body.repository.pushed_at;
      const { event } = singleEvent(
        githubAdapter,
        jsonDelivery(body, headers('push')),
      );
      expect(event.timestamp).toBe('2019-05-15T15:19:25.000Z');
    });

    it('ignores pushes to other branches', () => {
      expect(
        ignoredReason(
          githubAdapter.normalize(
            jsonDelivery(githubPushFeatureBranch(), headers('push')),
          ),
        ),
      ).toBe(
        'push to refs/heads/feature/login-form is not to the default branch master',
      );
    });

    it('ignores branch deletions', () => {
      const body = fixtureJson('github/push.with-new-branch.json');
      Object.assign(body, {
        deleted: true,
        created: false,
        after: '0000000000000000000000000000000000000000',
        commits: [],
        head_commit: null,
      });
      expect(
        ignoredReason(
          githubAdapter.normalize(jsonDelivery(body, headers('push'))),
        ),
      ).toBe('deletion of refs/heads/master is not a change');
    });

    it('refuses a push without repository', () => {
      const body = fixtureJson('github/push.with-new-branch.json');
      delete body.repository;
      expect(() =>
        githubAdapter.normalize(jsonDelivery(body, headers('push'))),
      ).toThrow(new MalformedPayloadError('GitHub push without repository'));
    });
  });

  describe('pull_request', () => {
    const merged = () =>
      fixtureDelivery(
        'github/pull_request.closed.merged.real-capture.json',
        capturedHeaders(
          'github/pull_request.closed.merged.real-capture.headers.txt',
        ),
      );

    it('turns a merged pull request into a change (real capture)', () => {
      const delivery = merged();
      expect(githubAdapter.eventName(delivery)).toBe('pull_request');
      const { event, identity } = singleEvent(githubAdapter, delivery);
      expect(event).toEqual({
        id: 'github:pr:ailisp/gcbapp-buildconfig-example#3:merged',
        type: 'change',
        timestamp: '2019-11-26T07:01:13.000Z',
        source: 'github',
        actor: 'ailisp',
        commitSha: 'a21683865c088b5fe1906cf6552d15a285a4986d',
        changeId: '3',
        attributes: {
          url: 'https://github.com/ailisp/gcbapp-buildconfig-example/pull/3',
          headSha: '7b5a809ab03679215c55926f7d111156ec98b865',
          baseRef: 'master',
          title: 'Byao1276 patch 1',
        },
      });
      expect(identity).toEqual({
        annotation: 'github.com/project-slug',
        value: 'ailisp/gcbapp-buildconfig-example',
        fallbackName: 'gcbapp-buildconfig-example',
      });
    });

    it('gives a redelivery (new X-GitHub-Delivery) the same event', () => {
      const again = merged();
      again.headers['x-github-delivery'] = 'a-different-delivery-id';
      expect(githubAdapter.normalize(again)).toEqual(
        githubAdapter.normalize(merged()),
      );
    });

    it('ignores pull requests closed without merge', () => {
      expect(
        ignoredReason(
          githubAdapter.normalize(
            fixtureDelivery(
              'github/pull_request.closed.not-merged.json',
              headers('pull_request'),
            ),
          ),
        ),
      ).toBe('pull request closed without merge');
    });

    it('ignores merges into other branches', () => {
      const body = fixtureJson(
        'github/pull_request.closed.merged.real-capture.json',
      );
      body.pull_request.base.ref = 'release-1.x';
      expect(
        ignoredReason(
          githubAdapter.normalize(jsonDelivery(body, headers('pull_request'))),
        ),
      ).toBe(
        'pull request merged into release-1.x, not the default branch master',
      );
    });
  });

  describe('deployment_status', () => {
    it('turns a successful deployment status into a deployment', () => {
      const { event, identity } = singleEvent(
        githubAdapter,
        fixtureDelivery(
          'github/deployment_status.success.json',
          headers('deployment_status'),
        ),
      );
      expect(event).toEqual({
        id: 'github:deployment_status:209916254',
        type: 'deployment',
        timestamp: '2019-05-15T15:20:55.000Z',
        source: 'github',
        actor: 'Codertocat',
        deploymentId: '145988746',
        environment: 'production',
        outcome: 'success',
        commitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        startedAt: '2019-05-15T15:20:53.000Z',
        attributes: { ref: 'master', task: 'deploy', state: 'success' },
      });
      expect(identity?.value).toBe('Codertocat/Hello-World');
    });

    it('turns a failed status into a failed deployment, production tier from production_environment', () => {
      const { event } = singleEvent(
        githubAdapter,
        jsonDelivery(
          githubDeploymentStatusFailure(),
          headers('deployment_status'),
        ),
      );
      expect(event).toMatchObject({
        id: 'github:deployment_status:209916301',
        deploymentId: '145988746',
        outcome: 'failure',
        environmentTier: 'production',
        timestamp: '2019-05-15T15:24:02.000Z',
      });
    });

    it.each([
      ['success', 'success'],
      ['failure', 'failure'],
      ['error', 'failure'],
      ['pending', 'in_progress'],
      ['queued', 'in_progress'],
      ['in_progress', 'in_progress'],
    ])('maps state %s to outcome %s', (state, outcome) => {
      const body = fixtureJson('github/deployment_status.success.json');
      body.deployment_status.state = state;
      const { event } = singleEvent(
        githubAdapter,
        jsonDelivery(body, headers('deployment_status')),
      );
      expect(event.outcome).toBe(outcome);
    });

    it('ignores inactive statuses (superseded deployments)', () => {
      const body = fixtureJson('github/deployment_status.success.json');
      body.deployment_status.state = 'inactive';
      expect(
        ignoredReason(
          githubAdapter.normalize(
            jsonDelivery(body, headers('deployment_status')),
          ),
        ),
      ).toMatch(/superseded/);
    });

    it('uses deployment_status.environment over deployment.environment', () => {
      const body = fixtureJson('github/deployment_status.success.json');
      body.deployment_status.environment = 'prod-eu';
      const { event } = singleEvent(
        githubAdapter,
        jsonDelivery(body, headers('deployment_status')),
      );
      expect(event.environment).toBe('prod-eu');
    });
  });

  describe('workflow_run', () => {
    it('turns a completed run into a build', () => {
      const { event, identity } = singleEvent(
        githubAdapter,
        fixtureDelivery(
          'github/workflow_run.completed.with-pull-requests.json',
          headers('workflow_run'),
        ),
      );
      expect(event).toEqual({
        id: 'github:workflow_run:289782451:1:completed',
        type: 'build',
        timestamp: '2020-10-05T16:33:49.000Z',
        source: 'github',
        actor: 'Codertocat',
        pipelineId: '289782451',
        outcome: 'success',
        commitSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        startedAt: '2020-10-05T16:33:49.000Z',
        attributes: {
          branch: 'master',
          trigger: 'repository_dispatch',
          runAttempt: 1,
          conclusion: 'success',
          url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
        },
      });
      expect(identity).toEqual({
        annotation: 'github.com/project-slug',
        value: 'octo-org/octo-repo',
        fallbackName: 'octo-repo',
      });
    });

    it.each([
      ['success', 'success'],
      ['failure', 'failure'],
      ['timed_out', 'failure'],
      ['startup_failure', 'failure'],
      ['cancelled', 'cancelled'],
      ['skipped', 'cancelled'],
      ['stale', 'cancelled'],
      ['neutral', 'cancelled'],
      ['action_required', 'cancelled'],
    ])('maps conclusion %s to outcome %s', (conclusion, outcome) => {
      const body = fixtureJson(
        'github/workflow_run.completed.with-pull-requests.json',
      );
      body.workflow_run.conclusion = conclusion;
      const { event } = singleEvent(
        githubAdapter,
        jsonDelivery(body, headers('workflow_run')),
      );
      expect(event.outcome).toBe(outcome);
    });

    it('gives each run attempt its own event', () => {
      const body = fixtureJson(
        'github/workflow_run.completed.with-pull-requests.json',
      );
      body.workflow_run.run_attempt = 2;
      const { event } = singleEvent(
        githubAdapter,
        jsonDelivery(body, headers('workflow_run')),
      );
      expect(event.id).toBe('github:workflow_run:289782451:2:completed');
      expect(event.pipelineId).toBe('289782451');
    });
  });

  it.each([
    ['github/push.with-new-branch.json', 'push'],
    ['github/pull_request.closed.not-merged.json', 'pull_request'],
    ['github/deployment_status.success.json', 'deployment_status'],
    ['github/workflow_run.completed.with-pull-requests.json', 'workflow_run'],
  ])(
    'infers the event of %s from the body without the header',
    (file, name) => {
      const delivery = fixtureDelivery(file);
      expect(githubAdapter.eventName(delivery)).toBe(name);
      expect(githubAdapter.normalize(delivery)).toEqual(
        githubAdapter.normalize(fixtureDelivery(file, headers(name))),
      );
    },
  );

  it('lets eventName override the header', () => {
    const delivery = fixtureDelivery(
      'github/push.with-new-branch.json',
      headers('issues'),
    );
    expect(githubAdapter.normalize(delivery, { eventName: 'push' }).kind).toBe(
      'events',
    );
  });

  it('refuses bodies it cannot read', () => {
    expect(() =>
      githubAdapter.normalize(jsonDelivery({ hello: 'world' })),
    ).toThrow(MalformedPayloadError);
    expect(() =>
      githubAdapter.normalize(jsonDelivery([1, 2], headers('push'))),
    ).toThrow('GitHub push: the body is not a JSON object');
    const body = fixtureJson(
      'github/pull_request.closed.merged.real-capture.json',
    );
    delete body.pull_request.merged_at;
    expect(() =>
      githubAdapter.normalize(jsonDelivery(body, headers('pull_request'))),
    ).toThrow('GitHub pull_request without pull_request.merged_at');
  });
});
