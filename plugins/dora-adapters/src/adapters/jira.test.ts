import { createHmac } from 'crypto';
import {
  TicketEvent,
  computeTicketMetrics,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';
import {
  RECEIVED_AT,
  describeWithPayloads,
  fixtureBytes,
  fixtureDelivery,
  fixtureJson,
  ignoredReason,
  jsonDelivery,
  singleEvent,
} from '../__testUtils__/deliveries';
import { verifyDelivery, verifyJiraSignature } from '../verify/verify';
import { jiraAdapter } from './jira';

/** A pending ticket event as stored (validated, without a service). */
function stored(event: Record<string, unknown>): TicketEvent {
  const check = validateDeliveryEvent(event, { now: RECEIVED_AT });
  if (!check.ok) throw new Error(JSON.stringify(check.errors));
  return check.event as TicketEvent;
}

// The real Jira Cloud payloads, read in place from ../shared/reference.
describeWithPayloads('jiraAdapter (reference payloads)', () => {
  it('turns jira:issue_created into an opened ticket (category from the issue type)', () => {
    const { event, identity } = singleEvent(
      jiraAdapter,
      fixtureDelivery('jira/issue_created.json'),
    );
    expect(identity).toBeUndefined();
    expect(event).toEqual({
      id: 'jira:10400:created',
      type: 'ticket',
      timestamp: '2013-03-27T16:53:58.301Z',
      source: 'jira',
      actor: '99:27935d01-92a7-4687-8272-a9b8d3b2ae2e',
      ticketId: 'BUG-15',
      category: 'bug',
      labels: [],
      openedAt: '2013-03-27T16:53:58.301Z',
      status: 'opened',
      attributes: {
        issueId: '10400',
        issueType: 'Bug',
        project: 'BUG',
        jiraStatus: 'Open',
        summary: 'New bug with hook',
      },
    });
  });

  it('reads Server-style reporters (name) and offsets with the created time', () => {
    const { event } = singleEvent(
      jiraAdapter,
      fixtureDelivery('jira/created_assignee_v2.json'),
    );
    expect(event).toMatchObject({
      ticketId: 'TEST-4',
      category: 'new-feature',
      actor: 'leo',
      status: 'opened',
      // 2013-09-06T11:20:24.101-0400
      openedAt: '2013-09-06T15:20:24.101Z',
    });
  });

  it.each(['jira/issue_updated__status.json', 'jira/change_status_v2.json'])(
    'turns a status transition to an in-progress status into a first response (%s)',
    file => {
      const { event } = singleEvent(jiraAdapter, fixtureDelivery(file));
      expect(event).toMatchObject({
        id: 'jira:10000:updated:10000',
        ticketId: 'TEST-1',
        category: 'task',
        status: 'acknowledged',
        // the delivery's timestamp, 1485797534721
        timestamp: '2017-01-30T17:32:14.721Z',
        openedAt: '2017-01-30T17:30:41.962Z',
        attributes: expect.objectContaining({
          fromStatus: 'To Do',
          toStatus: 'In Progress',
          jiraStatus: 'In Progress',
        }),
      });
      expect(event.resolvedAt).toBeUndefined();
    },
  );

  it('ignores comments and other events', () => {
    expect(
      ignoredReason(
        jiraAdapter.normalize(fixtureDelivery('jira/comment_created.json')),
      ),
    ).toBe(
      'Jira comment_created is not used (only jira:issue_created and jira:issue_updated)',
    );
  });

  it('maps category and team from a custom field, a component or a label prefix', () => {
    const body = fixtureJson('jira/change_status_v2.json');
    body.issue.fields.labels = ['team:Platform Core', 'template-candidate'];
    body.issue.fields.components = [{ name: 'Database Access' }];
    const delivery = jsonDelivery(body);
    expect(singleEvent(jiraAdapter, delivery).event).toMatchObject({
      category: 'task',
      team: 'platform-core',
      labels: ['team:Platform Core', 'template-candidate'],
    });
    const byComponent = singleEvent(jiraAdapter, delivery, {
      tickets: {
        category: { from: 'component' },
        team: { from: 'field', field: 'customfield_10112' },
      },
    }).event;
    expect(byComponent).toMatchObject({
      category: 'database-access',
      team: 'not-started',
    });
    const byLabel = singleEvent(jiraAdapter, delivery, {
      tickets: { category: { from: 'labelPrefix', prefix: 'team:' } },
    }).event;
    expect(byLabel.category).toBe('platform-core');
  });

  it('turns a transition to done into a resolution, and clearing the resolution into a reopening', () => {
    const done = fixtureJson('jira/issue_updated__status.json');
    done.timestamp = Date.parse('2017-01-31T09:00:00Z');
    done.changelog = {
      id: '10001',
      items: [
        {
          field: 'resolution',
          fieldtype: 'jira',
          from: null,
          fromString: null,
          to: '10000',
          toString: 'Done',
        },
        {
          field: 'status',
          fieldtype: 'jira',
          from: '3',
          fromString: 'In Progress',
          to: '10002',
          toString: 'Done',
        },
      ],
    };
    done.issue.fields.status = {
      name: 'Done',
      id: '10002',
      statusCategory: { id: 3, key: 'done', name: 'Done' },
    };
    done.issue.fields.resolution = { id: '10000', name: 'Done' };
    done.issue.fields.resolutiondate = '2017-01-31T10:00:00.000+0100';
    const resolved = singleEvent(jiraAdapter, jsonDelivery(done)).event;
    expect(resolved).toMatchObject({
      id: 'jira:10000:updated:10001',
      status: 'resolved',
      resolvedAt: '2017-01-31T09:00:00.000Z',
    });

    const reopen = fixtureJson('jira/issue_updated__status.json');
    reopen.timestamp = Date.parse('2017-02-01T09:00:00Z');
    reopen.changelog = {
      id: '10002',
      items: [
        {
          field: 'resolution',
          fieldtype: 'jira',
          from: '10000',
          fromString: 'Done',
          to: null,
          toString: null,
        },
        {
          field: 'status',
          fieldtype: 'jira',
          from: '10002',
          fromString: 'Done',
          to: '3',
          toString: 'In Progress',
        },
      ],
    };
    const reopened = singleEvent(jiraAdapter, jsonDelivery(reopen)).event;
    expect(reopened).toMatchObject({
      status: 'opened',
      attributes: expect.objectContaining({ reopened: true }),
    });

    // The engine over the real payloads and these variants: queue time from
    // the creation (17:30:41.962) to the transition (17:32:14.721), one
    // reopening, open again at asOf.
    const created = fixtureJson('jira/issue_updated__status.json');
    created.issue.fields.status = {
      name: 'To Do',
      statusCategory: { key: 'new' },
    };
    const createdEvent = singleEvent(
      jiraAdapter,
      jsonDelivery({ ...created, webhookEvent: 'jira:issue_created' }),
    ).event;
    const first = singleEvent(
      jiraAdapter,
      fixtureDelivery('jira/issue_updated__status.json'),
    ).event;
    const m = computeTicketMetrics(
      [createdEvent, first, resolved, reopened].map(stored),
      {
        asOf: Date.parse('2017-02-10T00:00:00Z'),
        from: Date.parse('2017-01-01T00:00:00Z'),
      },
    );
    expect(m.totals.tickets).toBe(1);
    expect(m.totals.queueTime.meanSeconds).toBeCloseTo(92.759, 6);
    expect(m.totals.reopens).toBe(1);
    expect(m.totals.backlog.open).toBe(1);
  });

  it('verifies X-Hub-Signature (sha256=<hex HMAC of the raw body>) in constant time', () => {
    const bytes = fixtureBytes('jira/issue_created.json');
    const secret = 'jira-webhook-secret';
    const signature = `sha256=${createHmac('sha256', secret)
      .update(bytes)
      .digest('hex')}`;
    const good = fixtureDelivery('jira/issue_created.json', {
      'x-hub-signature': signature,
    });
    expect(verifyJiraSignature(good, [secret])).toEqual({ ok: true });
    expect(verifyDelivery('jira', good, { secrets: ['old', secret] })).toEqual({
      ok: true,
    });
    expect(verifyJiraSignature(good, ['another'])).toEqual({
      ok: false,
      reason: 'X-Hub-Signature does not match the body',
    });
    expect(
      verifyJiraSignature(fixtureDelivery('jira/issue_created.json'), [secret]),
    ).toEqual({ ok: false, reason: 'missing X-Hub-Signature' });
    expect(
      verifyJiraSignature(
        fixtureDelivery('jira/issue_created.json', {
          'x-hub-signature': 'sha1=abc',
        }),
        [secret],
      ),
    ).toEqual({ ok: false, reason: 'X-Hub-Signature is not sha256=<hex>' });
    // One changed byte.
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 2] ^= 1;
    expect(
      verifyJiraSignature(
        {
          ...good,
          rawBody: tampered,
        },
        [secret],
      ).ok,
    ).toBe(false);
  });
});

describe('jiraAdapter (own cases)', () => {
  it('rejects a body without an issue', () => {
    expect(() =>
      jiraAdapter.normalize(
        jsonDelivery({ webhookEvent: 'jira:issue_created' }),
      ),
    ).toThrow('Jira jira:issue_created without issue');
  });
});
