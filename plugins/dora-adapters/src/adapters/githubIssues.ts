import {
  AdapterResult,
  NormalizeOptions,
  ServiceIdentity,
  SourceAdapter,
  TicketMapping,
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
  needId,
  needObject,
  needString,
  obj,
  str,
} from '../util/json';
import { lastSegment, slugify } from '../util/slug';
import { isoTime, needTime, receiptTime } from '../util/time';
import { labelNames, mapTicketField } from './tickets';

const SOURCE = 'github-issues';

/**
 * Defaults of a GitHub Issues ticket source: category and team from labels
 * `category:<name>` and `team:<name>`.
 *
 * @public
 */
export const GITHUB_ISSUES_DEFAULT_MAPPING: Required<TicketMapping> = {
  category: { from: 'labelPrefix', prefix: 'category:' },
  team: { from: 'labelPrefix', prefix: 'team:' },
};

const ACTIONS = ['opened', 'closed', 'reopened', 'labeled', 'unlabeled'];

const login = (user: unknown) => str(at(user, 'login'));

function eventName(delivery: WebhookDelivery): string | undefined {
  return header(delivery.headers, 'x-github-event')?.trim();
}

/** The repository, for opt-out only (tickets have no service). */
function repository(body: JsonObject, what: string): ServiceIdentity {
  const repo = needObject(body.repository, 'repository', what);
  const fullName = needString(repo.full_name, 'repository.full_name', what);
  return {
    annotation: 'github.com/project-slug',
    value: fullName,
    fallbackName: slugify(str(repo.name) ?? lastSegment(fullName)),
  };
}

function normalize(
  delivery: WebhookDelivery,
  options?: NormalizeOptions,
): AdapterResult {
  const name = options?.eventName ?? eventName(delivery);
  if (name !== 'issues' && name !== 'issue_comment') {
    return ignored(
      name
        ? `GitHub ${name} is not used by the issues source (only issues and issue_comment)`
        : 'GitHub delivery without X-GitHub-Event',
    );
  }
  const body = bodyObject(delivery.body, `GitHub ${name}`);
  const action = str(body.action) ?? 'unknown';
  const what = `GitHub ${name} ${action}`;
  const issue = needObject(body.issue, 'issue', what);
  if (obj(issue.pull_request)) {
    return ignored(`${name} of a pull request is not a ticket`);
  }
  const repo = repository(body, what);
  const number = needId(issue.number, 'issue.number', what);
  const ticketId = `${repo.value}#${number}`;
  const labels = labelNames(arr(issue.labels));
  const mapping = { ...GITHUB_ISSUES_DEFAULT_MAPPING, ...options?.tickets };
  const openedAt = needTime(issue.created_at, 'issue.created_at', what);
  const closedAt = isoTime(issue.closed_at);
  const closed = str(issue.state) === 'closed';
  const author = login(issue.user);
  const common = {
    type: 'ticket',
    source: SOURCE,
    ticketId,
    category: mapTicketField(mapping.category, { labels }),
    team: mapTicketField(mapping.team, { labels }),
    labels,
    openedAt,
    attributes: attributes({
      repository: repo.value,
      number: Number(number),
      title: str(issue.title),
    }),
  };
  const endStatus =
    str(issue.state_reason) === 'not_planned' ? 'closed' : 'resolved';
  const updatedAt =
    isoTime(issue.updated_at) ?? receiptTime(delivery.receivedAt);

  if (name === 'issue_comment') {
    if (action !== 'created') {
      return ignored(`issue_comment action ${action} is not a response`);
    }
    const comment = needObject(body.comment, 'comment', what);
    const commenter = login(comment.user);
    if (!commenter || commenter === author) {
      return ignored("a comment by the issue's author is not a response");
    }
    if (str(at(comment, 'user', 'type')) === 'Bot') {
      return ignored('a comment by a bot is not a response');
    }
    const commentedAt = needTime(
      comment.created_at,
      'comment.created_at',
      what,
    );
    return events(
      pending(
        {
          ...common,
          id: eventId(
            SOURCE,
            ticketId,
            'comment',
            needId(comment.id, 'comment.id', what),
          ),
          timestamp: commentedAt,
          status: 'acknowledged',
          firstResponseAt: commentedAt,
          actor: author,
        },
        repo,
      ),
    );
  }

  if (!ACTIONS.includes(action)) {
    return ignored(`issues action ${action} is not used`);
  }
  switch (action) {
    case 'opened':
      return events(
        pending(
          {
            ...common,
            id: eventId(SOURCE, ticketId, 'opened'),
            timestamp: openedAt,
            status: 'opened',
            actor: author,
          },
          repo,
        ),
      );
    case 'closed': {
      const at_ = closedAt ?? updatedAt;
      return events(
        pending(
          {
            ...common,
            id: eventId(SOURCE, ticketId, 'closed', at_),
            timestamp: at_,
            status: endStatus,
            resolvedAt: at_,
            actor: author,
          },
          repo,
        ),
      );
    }
    case 'reopened':
      return events(
        pending(
          {
            ...common,
            id: eventId(SOURCE, ticketId, 'reopened', updatedAt),
            timestamp: updatedAt,
            status: 'opened',
            actor: author,
          },
          repo,
        ),
      );
    default: {
      // labeled / unlabeled: the issue's labels (category, team,
      // template-candidate) as they are now; its status unchanged.
      const label = str(at(body, 'label', 'name')) ?? '';
      return events(
        pending(
          {
            ...common,
            id: eventId(SOURCE, ticketId, action, label, updatedAt),
            timestamp: updatedAt,
            status: closed ? endStatus : 'opened',
            resolvedAt: closed ? closedAt ?? updatedAt : undefined,
            actor: author,
          },
          repo,
        ),
      );
    }
  }
}

/**
 * GitHub Issues as a platform ticket queue (a repository whose webhook
 * sends `issues` and `issue_comment` to `POST /webhooks/github-issues`):
 * `opened`, `closed` (resolved; closed as not planned: closed),
 * `reopened`, `labeled`/`unlabeled` (category, team and labels from the
 * issue's labels, {@link GITHUB_ISSUES_DEFAULT_MAPPING}); a comment by
 * someone other than the issue's author (and not a bot) is the first
 * response. Pull requests are not tickets. Signed like GitHub
 * (`X-Hub-Signature-256`).
 *
 * @public
 */
export const githubIssuesAdapter: SourceAdapter = {
  source: SOURCE,
  eventName,
  normalize,
};
