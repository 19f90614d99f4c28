import webhookExamples from '@octokit/webhooks-examples';
import { createHmac } from 'crypto';
import {
  ignoredReason,
  jsonDelivery,
  singleEvent,
} from '../__testUtils__/deliveries';
import { verifyDelivery } from '../verify/verify';
import { githubIssuesAdapter } from './githubIssues';

const headers = (event: string) => ({
  'x-github-event': event,
  'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
});

/** The octokit examples of one event (MIT, @octokit/webhooks-examples). */
function examples(name: string): any[] {
  const entry = (
    webhookExamples as Array<{ name: string; examples: any[] }>
  ).find(e => e.name === name);
  if (!entry) throw new Error(`no octokit examples for ${name}`);
  return entry.examples;
}

/** A fresh copy of the first example of an action. */
function example(name: string, action: string): any {
  const found = examples(name).find(
    e => e.action === action && !e.issue?.pull_request,
  );
  if (!found) throw new Error(`no ${name} ${action} example`);
  return JSON.parse(JSON.stringify(found));
}

const normalize = (name: string, body: unknown) =>
  singleEvent(githubIssuesAdapter, jsonDelivery(body, headers(name)));

describe('githubIssuesAdapter (octokit examples)', () => {
  it.each(
    examples('issues')
      .filter(e => e.action === 'opened')
      .map((body, i) => [i, body] as const),
  )('turns issues opened example %i into an opened ticket', (_i, body) => {
    const { event, identity } = normalize('issues', body);
    expect(event).toMatchObject({
      type: 'ticket',
      source: 'github-issues',
      ticketId: `${body.repository.full_name}#${body.issue.number}`,
      status: 'opened',
      timestamp: new Date(body.issue.created_at).toISOString(),
      openedAt: new Date(body.issue.created_at).toISOString(),
      actor: body.issue.user.login,
    });
    // The repository, for opt-outs only.
    expect(identity).toEqual({
      annotation: 'github.com/project-slug',
      value: body.repository.full_name,
      fallbackName: body.repository.name.toLowerCase(),
    });
  });

  it('reads category and team from label prefixes (configurable)', () => {
    const body = example('issues', 'labeled');
    body.issue.labels = [
      { name: 'category:GPU quota' },
      { name: 'team:ml-platform' },
      { name: 'template-candidate' },
    ];
    expect(normalize('issues', body).event).toMatchObject({
      status: 'opened',
      category: 'gpu-quota',
      team: 'ml-platform',
      labels: ['category:GPU quota', 'team:ml-platform', 'template-candidate'],
    });
    const custom = singleEvent(
      githubIssuesAdapter,
      jsonDelivery(body, headers('issues')),
      { tickets: { category: { from: 'labelPrefix', prefix: 'team:' } } },
    ).event;
    expect(custom.category).toBe('ml-platform');
  });

  it('turns closed into a resolution and reopened into a reopening', () => {
    const closed = example('issues', 'opened');
    closed.action = 'closed';
    closed.issue.state = 'closed';
    closed.issue.closed_at = '2019-05-15T16:00:00Z';
    expect(normalize('issues', closed).event).toMatchObject({
      status: 'resolved',
      resolvedAt: '2019-05-15T16:00:00.000Z',
      timestamp: '2019-05-15T16:00:00.000Z',
    });
    closed.issue.state_reason = 'not_planned';
    expect(normalize('issues', closed).event.status).toBe('closed');
    const reopened = example('issues', 'reopened');
    expect(normalize('issues', reopened).event).toMatchObject({
      status: 'opened',
      timestamp: new Date(reopened.issue.updated_at).toISOString(),
    });
  });

  it("counts a comment by someone other than the author as the first response, not the author's own", () => {
    const own = example('issue_comment', 'created');
    expect(own.comment.user.login).toBe(own.issue.user.login);
    expect(
      ignoredReason(
        githubIssuesAdapter.normalize(
          jsonDelivery(own, headers('issue_comment')),
        ),
      ),
    ).toBe("a comment by the issue's author is not a response");
    const other = example('issue_comment', 'created');
    other.comment.user.login = 'platform-oncall';
    const { event } = normalize('issue_comment', other);
    expect(event).toMatchObject({
      id: `github-issues:${other.repository.full_name}#${other.issue.number}:comment:${other.comment.id}`,
      status: 'acknowledged',
      firstResponseAt: new Date(other.comment.created_at).toISOString(),
      actor: other.issue.user.login,
    });
    const bot = example('issue_comment', 'created');
    bot.comment.user.login = 'triage-bot';
    bot.comment.user.type = 'Bot';
    expect(
      ignoredReason(
        githubIssuesAdapter.normalize(
          jsonDelivery(bot, headers('issue_comment')),
        ),
      ),
    ).toBe('a comment by a bot is not a response');
  });

  it('ignores pull requests, other actions and other events', () => {
    const pr = examples('issues').find(e => e.issue?.pull_request);
    expect(
      ignoredReason(
        githubIssuesAdapter.normalize(jsonDelivery(pr, headers('issues'))),
      ),
    ).toBe('issues of a pull request is not a ticket');
    expect(
      ignoredReason(
        githubIssuesAdapter.normalize(
          jsonDelivery(example('issues', 'assigned'), headers('issues')),
        ),
      ),
    ).toBe('issues action assigned is not used');
    expect(
      ignoredReason(
        githubIssuesAdapter.normalize(jsonDelivery({}, headers('push'))),
      ),
    ).toBe(
      'GitHub push is not used by the issues source (only issues and issue_comment)',
    );
  });

  it('is signed like GitHub (X-Hub-Signature-256)', () => {
    const body = JSON.stringify(example('issues', 'opened'));
    const secret = 's3cret';
    const signature = `sha256=${createHmac('sha256', secret)
      .update(body)
      .digest('hex')}`;
    const delivery = jsonDelivery(JSON.parse(body), {
      ...headers('issues'),
      'x-hub-signature-256': signature,
    });
    expect(
      verifyDelivery('github-issues', delivery, { secrets: [secret] }),
    ).toEqual({ ok: true });
    expect(
      verifyDelivery('github-issues', delivery, { secrets: ['other'] }).ok,
    ).toBe(false);
  });
});
