import {
  AdapterResult,
  NormalizeOptions,
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
  idString,
  needId,
  needObject,
  obj,
  str,
} from '../util/json';
import { isoTime, needTime, receiptTime } from '../util/time';
import { labelNames, mapTicketField } from './tickets';

const SOURCE = 'jira';

/**
 * Defaults of a Jira ticket source: the category is the issue type
 * (`Database credentials` → `database-credentials`), the team the first
 * label starting with `team:`.
 *
 * @public
 */
export const JIRA_DEFAULT_MAPPING: Required<TicketMapping> = {
  category: { from: 'issueType' },
  team: { from: 'labelPrefix', prefix: 'team:' },
};

type TicketStatus = 'opened' | 'acknowledged' | 'resolved';

/**
 * The ticket status of the issue's current Jira status: by its status
 * category (`new` → opened, `indeterminate` → acknowledged, `done` →
 * resolved); payloads without a status category (older servers) fall back
 * on the resolution field, then on the status name.
 */
function statusOf(fields: JsonObject): TicketStatus {
  const category = str(at(fields, 'status', 'statusCategory', 'key'));
  if (category === 'done') return 'resolved';
  if (category === 'indeterminate') return 'acknowledged';
  if (category === 'new') return 'opened';
  if (obj(fields.resolution) || str(fields.resolutiondate)) return 'resolved';
  const name = (str(at(fields, 'status', 'name')) ?? '').toLowerCase();
  if (/\b(done|closed|resolved|cancel+ed|complete[d]?)\b/.test(name)) {
    return 'resolved';
  }
  if (/\b(progress|review|waiting|pending|triage[d]?|assigned)\b/.test(name)) {
    return 'acknowledged';
  }
  return 'opened';
}

/** The Jira user's stable id: accountId (Cloud), else name/key (Server). */
const userId = (user: unknown) =>
  str(at(user, 'accountId')) ?? str(at(user, 'name')) ?? str(at(user, 'key'));

function eventName(delivery: WebhookDelivery): string | undefined {
  return str(at(delivery.body, 'webhookEvent'))?.trim();
}

function normalize(
  delivery: WebhookDelivery,
  options?: NormalizeOptions,
): AdapterResult {
  const body = bodyObject(delivery.body, 'Jira webhook');
  const name = options?.eventName ?? eventName(delivery);
  if (name !== 'jira:issue_created' && name !== 'jira:issue_updated') {
    return ignored(
      name
        ? `Jira ${name} is not used (only jira:issue_created and jira:issue_updated)`
        : 'Jira webhook without webhookEvent',
    );
  }
  const what = `Jira ${name}`;
  const issue = needObject(body.issue, 'issue', what);
  const fields = needObject(issue.fields, 'issue.fields', what);
  const issueId = needId(issue.id, 'issue.id', what);
  const key = idString(issue.key) ?? issueId;
  const created = needTime(fields.created, 'issue.fields.created', what);
  const labels = labelNames(arr(fields.labels));
  const mapping = { ...JIRA_DEFAULT_MAPPING, ...options?.tickets };
  const category = mapTicketField(mapping.category, { fields, labels });
  const team = mapTicketField(mapping.team, { fields, labels });
  const requester = userId(fields.reporter) ?? userId(fields.creator);
  const common = {
    type: 'ticket',
    source: SOURCE,
    actor: requester,
    ticketId: key,
    category,
    team,
    labels,
    openedAt: created,
    attributes: attributes({
      issueId,
      issueType: str(at(fields, 'issuetype', 'name')),
      project: str(at(fields, 'project', 'key')),
      jiraStatus: str(at(fields, 'status', 'name')),
      summary: str(fields.summary),
    }),
  };

  if (name === 'jira:issue_created') {
    const status = statusOf(fields);
    return events(
      pending({
        ...common,
        id: eventId('jira', issueId, 'created'),
        timestamp: created,
        status,
        resolvedAt:
          status === 'resolved' ? isoTime(fields.resolutiondate) : undefined,
      }),
    );
  }

  // jira:issue_updated: the status after the update; the delivery's own
  // time (epoch milliseconds) is when it changed.
  const timestamp =
    isoTime(body.timestamp) ??
    isoTime(fields.updated) ??
    receiptTime(delivery.receivedAt);
  const changelog = obj(body.changelog);
  const statusChange = arr(changelog?.items).find(
    item => str(at(item, 'field'))?.toLowerCase() === 'status',
  );
  // Reopening: Jira clears the resolution (a changelog item from a
  // resolution to none), whatever status the issue moves back to.
  const reopened = arr(changelog?.items).some(
    item =>
      str(at(item, 'field'))?.toLowerCase() === 'resolution' &&
      (str(at(item, 'from')) ?? str(at(item, 'fromString'))) !== undefined &&
      str(at(item, 'to')) === undefined &&
      str(at(item, 'toString')) === undefined,
  );
  const current = statusOf(fields);
  const status: TicketStatus =
    reopened && current !== 'resolved' ? 'opened' : current;
  const changelogId = idString(changelog?.id);
  return events(
    pending({
      ...common,
      // The changelog id is unique per change; without one, the time.
      id: eventId(
        'jira',
        issueId,
        'updated',
        changelogId ?? String(Date.parse(timestamp)),
      ),
      timestamp,
      status,
      resolvedAt:
        status === 'resolved'
          ? isoTime(fields.resolutiondate) ?? timestamp
          : undefined,
      attributes: attributes({
        ...common.attributes,
        fromStatus: str(at(statusChange, 'fromString')),
        toStatus: str(at(statusChange, 'toString')),
        reopened: reopened || undefined,
      }),
    }),
  );
}

/**
 * Jira Cloud webhooks (`jira:issue_created`, `jira:issue_updated` with
 * `changelog`) as `ticket` events: one ticket per issue key; the status
 * after each change by its status category (new → `opened`, in progress →
 * `acknowledged`, done → `resolved`; an update that clears the resolution
 * is a reopening, sent as `opened`); category and team per {@link TicketMapping}
 * (defaults {@link JIRA_DEFAULT_MAPPING}); the reporter as the requester.
 * Comments and other events are ignored.
 *
 * @public
 */
export const jiraAdapter: SourceAdapter = {
  source: SOURCE,
  eventName,
  normalize,
};
