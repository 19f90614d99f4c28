import { MalformedPayloadError } from '../types';
import {
  describeWithPayloads,
  fixtureDelivery,
  fixtureJson,
  ignoredReason,
  jsonDelivery,
  singleEvent,
  RECEIVED_AT,
} from '../__testUtils__/deliveries';
import {
  gitlabMergeRequestMerged,
  gitlabPush23Commits,
} from '../__testUtils__/derived';
import { gitlabAdapter } from './gitlab';

const RECEIVED = new Date(RECEIVED_AT).toISOString();

const headers = (event: string) => ({
  'x-gitlab-event': event,
  'x-gitlab-event-uuid': '13792a34-cac6-4fda-95a8-c58e00a3954e',
  'idempotency-key': 'f5e5f430-f57b-4e6e-9fac-d9128cd7232f',
});

// Our own cases: always run.
describe('gitlabAdapter (own cases)', () => {
  it('does not mistake object properties for hook names', () => {
    const delivery = jsonDelivery({ object_kind: 'constructor' }, {});
    expect(gitlabAdapter.eventName(delivery)).toBeUndefined();
    expect(() => gitlabAdapter.normalize(delivery)).toThrow(
      MalformedPayloadError,
    );
  });

  it('ignores unsupported events', () => {
    expect(
      ignoredReason(
        gitlabAdapter.normalize(
          jsonDelivery({ object_kind: 'issue' }, headers('Issue Hook')),
        ),
      ),
    ).toBe('unsupported GitLab event: Issue Hook');
  });

  it('refuses a delivery without event name or object_kind', () => {
    expect(() => gitlabAdapter.normalize(jsonDelivery({}))).toThrow(
      MalformedPayloadError,
    );
  });
});

// The reference payloads, read in place from ../shared/reference/payloads.
describeWithPayloads('gitlabAdapter', () => {
  describe('Push Hook', () => {
    it('turns a push to the default branch into one change (docs example)', () => {
      const { event, identity } = singleEvent(
        gitlabAdapter,
        fixtureDelivery('gitlab/push_hook.json', headers('Push Hook')),
      );
      expect(event).toEqual({
        id: 'gitlab:push:15:da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        type: 'change',
        // the receipt: a push hook has no push time, and commits may be older
        timestamp: RECEIVED,
        source: 'gitlab',
        actor: 'jsmith',
        commitSha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        commits: [
          {
            sha: 'b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327',
            authoredAt: '2011-12-12T12:27:31.000Z',
          },
          {
            sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
            authoredAt: '2012-01-03T21:36:29.000Z',
          },
        ],
        // the example says total_commits_count 4 with 2 commits listed
        attributes: {
          ref: 'refs/heads/master',
          commitsTruncated: true,
          totalCommits: 4,
          message: 'fixed readme',
        },
      });
      expect(identity).toEqual({
        annotation: 'gitlab.com/project-slug',
        value: 'mike/diaspora',
        fallbackName: 'diaspora',
      });
    });

    it('marks pushes of more than 20 commits as truncated', () => {
      const { event } = singleEvent(
        gitlabAdapter,
        jsonDelivery(gitlabPush23Commits(), headers('Push Hook')),
      );
      expect(event.commits).toHaveLength(20);
      expect(event).toMatchObject({
        id: 'gitlab:push:15:be368eceab830836ecec7b65d9b4e15e2b712a2b',
        commitSha: 'be368eceab830836ecec7b65d9b4e15e2b712a2b',
        timestamp: RECEIVED,
        attributes: { commitsTruncated: true, totalCommits: 23 },
      });
    });

    it('does not mark complete pushes', () => {
      const body = fixtureJson('gitlab/push_hook.json');
      body.total_commits_count = 2;
      const { event } = singleEvent(
        gitlabAdapter,
        jsonDelivery(body, headers('Push Hook')),
      );
      expect(event.attributes).toEqual({
        ref: 'refs/heads/master',
        message: 'fixed readme',
      });
    });

    it('uses the receipt time for a push without commits', () => {
      const body = fixtureJson('gitlab/push_hook.json');
      body.commits = [];
      body.total_commits_count = 0;
      const { event } = singleEvent(
        gitlabAdapter,
        jsonDelivery(body, headers('Push Hook')),
      );
      expect(event.timestamp).toBe('2025-06-01T12:00:00.000Z');
      expect(event.commits).toBeUndefined();
    });

    it.each([
      [
        { ref: 'refs/heads/feature' },
        'push to refs/heads/feature is not to the default branch master',
      ],
      [
        {
          after: '0000000000000000000000000000000000000000',
          checkout_sha: null,
        },
        'deletion of refs/heads/master is not a change',
      ],
      [
        { ref: 'refs/tags/v1.0.0', object_kind: 'tag_push' },
        'push of tag v1.0.0 is not a change',
      ],
    ])('ignores %j', (change, reason) => {
      const body = { ...fixtureJson('gitlab/push_hook.json'), ...change };
      expect(
        ignoredReason(
          gitlabAdapter.normalize(jsonDelivery(body, headers('Push Hook'))),
        ),
      ).toBe(reason);
    });

    it('ignores Tag Push Hooks', () => {
      const body = {
        ...fixtureJson('gitlab/push_hook.json'),
        object_kind: 'tag_push',
      };
      expect(
        ignoredReason(
          gitlabAdapter.normalize(jsonDelivery(body, headers('Tag Push Hook'))),
        ),
      ).toBe('tag pushes are not changes');
    });

    it('refuses a push without project', () => {
      const body = fixtureJson('gitlab/push_hook.json');
      delete body.project;
      expect(() =>
        gitlabAdapter.normalize(jsonDelivery(body, headers('Push Hook'))),
      ).toThrow(new MalformedPayloadError('GitLab Push Hook without project'));
    });
  });

  describe('Merge Request Hook', () => {
    it('turns a merged merge request into a change', () => {
      const { event, identity } = singleEvent(
        gitlabAdapter,
        jsonDelivery(gitlabMergeRequestMerged(), headers('Merge Request Hook')),
      );
      expect(event).toEqual({
        id: 'gitlab:mr:1!1:merged',
        type: 'change',
        // "2013-12-04 09:12:45 UTC"
        timestamp: '2013-12-04T09:12:45.000Z',
        source: 'gitlab',
        actor: 'user1',
        commitSha: '8d5ac5fa1cd6e2d1d6f5b8f2e7e9d2f0b5c4a3e1',
        changeId: '1',
        attributes: {
          url: 'http://example.com/diaspora/merge_requests/1',
          sourceBranch: 'ms-viewport',
          targetBranch: 'master',
          title: 'MS-Viewport',
        },
      });
      expect(identity).toEqual({
        annotation: 'gitlab.com/project-slug',
        value: 'gitlabhq/gitlab-test',
        fallbackName: 'gitlab-test',
      });
    });

    it('falls back to the last commit without merge_commit_sha (fast-forward merges)', () => {
      const body = gitlabMergeRequestMerged();
      body.object_attributes.merge_commit_sha = null;
      const { event } = singleEvent(
        gitlabAdapter,
        jsonDelivery(body, headers('Merge Request Hook')),
      );
      expect(event.commitSha).toBe('da1560886d4f094c3e6c9ef40349f7d38b5d27d7');
    });

    it('ignores merge requests that are not merged (docs example: open)', () => {
      expect(
        ignoredReason(
          gitlabAdapter.normalize(
            fixtureDelivery(
              'gitlab/merge_request_hook.open.json',
              headers('Merge Request Hook'),
            ),
          ),
        ),
      ).toBe('Merge Request Hook action open is not a merge');
    });

    it('ignores merges into other branches', () => {
      const body = gitlabMergeRequestMerged();
      body.object_attributes.target_branch = 'stable';
      expect(
        ignoredReason(
          gitlabAdapter.normalize(
            jsonDelivery(body, headers('Merge Request Hook')),
          ),
        ),
      ).toBe('merge request merged into stable, not the default branch master');
    });
  });

  describe('Pipeline Hook', () => {
    it('turns a finished pipeline into a build', () => {
      const { event, identity } = singleEvent(
        gitlabAdapter,
        fixtureDelivery(
          'gitlab/pipeline_hook.success.json',
          headers('Pipeline Hook'),
        ),
      );
      expect(event).toEqual({
        id: 'gitlab:pipeline:31:success',
        type: 'build',
        timestamp: '2016-08-12T15:26:29.000Z',
        source: 'gitlab',
        actor: 'user1',
        pipelineId: '31',
        outcome: 'success',
        commitSha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
        startedAt: '2016-08-12T15:23:28.000Z',
        attributes: {
          ref: 'master',
          tag: false,
          trigger: 'merge_request_event',
          status: 'success',
        },
      });
      expect(identity?.value).toBe('gitlab-org/gitlab-test');
    });

    it.each([
      ['failed', 'failure'],
      ['canceled', 'cancelled'],
      ['skipped', 'cancelled'],
    ])('maps status %s to outcome %s', (status, outcome) => {
      const body = fixtureJson('gitlab/pipeline_hook.success.json');
      body.object_attributes.status = status;
      const { event } = singleEvent(
        gitlabAdapter,
        jsonDelivery(body, headers('Pipeline Hook')),
      );
      expect(event).toMatchObject({
        outcome,
        id: `gitlab:pipeline:31:${status}`,
      });
    });

    it.each(['created', 'pending', 'running', 'manual', 'scheduled'])(
      'ignores status %s',
      status => {
        const body = fixtureJson('gitlab/pipeline_hook.success.json');
        body.object_attributes.status = status;
        expect(
          ignoredReason(
            gitlabAdapter.normalize(
              jsonDelivery(body, headers('Pipeline Hook')),
            ),
          ),
        ).toBe(`Pipeline Hook status ${status} is not final`);
      },
    );
  });

  describe('Deployment Hook', () => {
    it('turns the docs example into a deployment, the full sha from commit_url', () => {
      const { event, identity } = singleEvent(
        gitlabAdapter,
        fixtureDelivery(
          'gitlab/deployment_hook.success.json',
          headers('Deployment Hook'),
        ),
      );
      expect(event).toEqual({
        id: 'gitlab:deployment:15:success',
        type: 'deployment',
        // "2021-04-28 21:50:00 +0200"
        timestamp: '2021-04-28T19:50:00.000Z',
        source: 'gitlab',
        actor: 'user1',
        deploymentId: '15',
        environment: 'staging',
        outcome: 'success',
        commitSha: '279484c09fbe69ededfced8c1bb6e6d24616b468',
        attributes: {
          ref: '1.0.0',
          jobId: '796',
          jobUrl:
            'http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796',
          environmentUrl: 'https://staging.example.com',
          status: 'success',
        },
      });
      expect(identity).toEqual({
        annotation: 'gitlab.com/project-slug',
        value: 'root/test-deployment-webhooks',
        fallbackName: 'test-deployment-webhooks',
      });
    });

    it('reads the 2025 gitlab.com capture, with environment_tier', () => {
      const { event, identity } = singleEvent(
        gitlabAdapter,
        fixtureDelivery(
          'gitlab/deployment_hook.success.real-capture-2025.json',
          headers('Deployment Hook'),
        ),
      );
      expect(event).toEqual({
        id: 'gitlab:deployment:988572802:success',
        type: 'deployment',
        timestamp: '2025-05-02T11:55:16.000Z',
        source: 'gitlab',
        actor: 'theofficialvedantjoshi',
        deploymentId: '988572802',
        environment: 'production',
        environmentTier: 'production',
        outcome: 'success',
        commitSha: '58793660b22d6ceacbdc23b28a0562bca339702c',
        attributes: {
          ref: 'master',
          jobId: '9905389091',
          jobUrl: 'https://gitlab.com/vedant8600317/test/-/jobs/9905389091',
          status: 'success',
        },
      });
      expect(identity?.value).toBe('vedant8600317/test');
    });

    it('falls back to short_sha without commit_url', () => {
      const body = fixtureJson('gitlab/deployment_hook.success.json');
      delete body.commit_url;
      const { event } = singleEvent(
        gitlabAdapter,
        jsonDelivery(body, headers('Deployment Hook')),
      );
      expect(event.commitSha).toBe('279484c0');
    });

    it.each([
      ['running', 'in_progress'],
      ['failed', 'failure'],
      ['canceled', 'cancelled'],
    ])('maps status %s to outcome %s', (status, outcome) => {
      const body = fixtureJson(
        'gitlab/deployment_hook.success.real-capture-2025.json',
      );
      body.status = status;
      const { event } = singleEvent(
        gitlabAdapter,
        jsonDelivery(body, headers('Deployment Hook')),
      );
      expect(event).toMatchObject({
        outcome,
        id: `gitlab:deployment:988572802:${status}`,
        deploymentId: '988572802',
      });
    });

    it('ignores created deployments (nothing has run yet)', () => {
      const body = fixtureJson('gitlab/deployment_hook.success.json');
      body.status = 'created';
      expect(
        ignoredReason(
          gitlabAdapter.normalize(
            jsonDelivery(body, headers('Deployment Hook')),
          ),
        ),
      ).toMatch(/^Deployment Hook status created/);
    });

    it('drops an environment_tier the model does not know', () => {
      const body = fixtureJson(
        'gitlab/deployment_hook.success.real-capture-2025.json',
      );
      body.environment_tier = 'qa';
      const { event } = singleEvent(
        gitlabAdapter,
        jsonDelivery(body, headers('Deployment Hook')),
      );
      expect(event.environmentTier).toBeUndefined();
    });
  });

  it.each([
    ['gitlab/push_hook.json', 'Push Hook'],
    ['gitlab/merge_request_hook.open.json', 'Merge Request Hook'],
    ['gitlab/pipeline_hook.success.json', 'Pipeline Hook'],
    ['gitlab/deployment_hook.success.json', 'Deployment Hook'],
  ])(
    'infers the event of %s from object_kind (no header, or a System Hook)',
    (file, name) => {
      expect(gitlabAdapter.eventName(fixtureDelivery(file))).toBe(name);
      expect(
        gitlabAdapter.eventName(
          fixtureDelivery(file, { 'x-gitlab-event': 'System Hook' }),
        ),
      ).toBe(name);
    },
  );

  it('accepts event names as the Backstage events bus spells them', () => {
    const delivery = fixtureDelivery('gitlab/push_hook.json');
    const viaHeader = gitlabAdapter.normalize(
      fixtureDelivery('gitlab/push_hook.json', headers('Push Hook')),
    );
    expect(gitlabAdapter.normalize(delivery, { eventName: 'push' })).toEqual(
      viaHeader,
    );
    expect(
      gitlabAdapter.normalize(delivery, { eventName: 'Push Hook' }),
    ).toEqual(viaHeader);
  });
});
