import { MalformedPayloadError } from '../types';
import {
  describeWithPayloads,
  fixtureDelivery,
  fixtureJson,
  ignoredReason,
  jsonDelivery,
  singleEvent,
} from '../__testUtils__/deliveries';
import { pagerdutyAdapter } from './pagerduty';

const headers = { 'x-webhook-id': 'c3b1e7e0-4f7f-4a4e-9d33-3b2b1f0c9e21' };

// The reference payloads, read in place from ../shared/reference/payloads.
describeWithPayloads('pagerdutyAdapter', () => {
  it('opens an incident on incident.triggered (real capture)', () => {
    const delivery = fixtureDelivery(
      'pagerduty/incident.triggered.v3.json',
      headers,
    );
    expect(pagerdutyAdapter.eventName(delivery)).toBe('incident.triggered');
    const { event, identity } = singleEvent(pagerdutyAdapter, delivery);
    expect(event).toEqual({
      id: 'pagerduty:01BZYIL05THJDFF2Y08X9SVMTU',
      type: 'incident',
      timestamp: '2021-06-04T13:35:29.781Z',
      source: 'pagerduty',
      actor: 'PJ0LVEB',
      incidentId: 'PFQZPSY',
      status: 'open',
      openedAt: '2021-06-04T13:35:29.781Z',
      severity: 'high',
      attributes: {
        eventType: 'incident.triggered',
        number: 9,
        title: 'Test Incident 3',
        url: 'https://pig208.pagerduty.com/incidents/PFQZPSY',
        urgency: 'high',
      },
    });
    expect(identity).toEqual({
      annotation: 'pagerduty.com/service-id',
      value: 'PA2P440',
      fallbackName: 'pig208',
    });
  });

  it('resolves an incident on incident.resolved at occurred_at (real capture)', () => {
    const { event, identity } = singleEvent(
      pagerdutyAdapter,
      fixtureDelivery('pagerduty/incident.resolved.v3.json', headers),
    );
    expect(event).toMatchObject({
      id: 'pagerduty:01BZYH1JJY09P9LEIST8HG2PMN',
      incidentId: 'PCPZE64',
      status: 'resolved',
      resolvedAt: '2021-06-04T13:16:53.816Z',
      timestamp: '2021-06-04T13:16:53.816Z',
    });
    expect(event.openedAt).toBeUndefined();
    expect(identity?.value).toBe('PA2P440');
  });

  it('reopens an incident on incident.reopened', () => {
    const body = fixtureJson('pagerduty/incident.triggered.v3.json');
    body.event.event_type = 'incident.reopened';
    const { event } = singleEvent(
      pagerdutyAdapter,
      jsonDelivery(body, headers),
    );
    expect(event).toMatchObject({
      status: 'open',
      openedAt: '2021-06-04T13:35:29.781Z',
    });
  });

  it('takes the severity from the priority when there is one', () => {
    const body = fixtureJson('pagerduty/incident.triggered.v3.json');
    body.event.data.priority = {
      id: 'PSO75BM',
      summary: 'P1',
      type: 'priority_reference',
    };
    const { event } = singleEvent(
      pagerdutyAdapter,
      jsonDelivery(body, headers),
    );
    expect(event.severity).toBe('P1');
  });

  it('ignores other event types', () => {
    expect(
      ignoredReason(
        pagerdutyAdapter.normalize(
          fixtureDelivery(
            'pagerduty/incident.priority_updated.signature-test-vector.body.json',
          ),
        ),
      ),
    ).toBe('PagerDuty incident.priority_updated is not used');
  });
});

// Our own cases: always run.
describe('pagerdutyAdapter (own cases)', () => {
  it.each([
    [{}, 'PagerDuty webhook without event'],
    [{ messages: [] }, 'only v3 webhooks'],
    [
      { event: { id: 'x', occurred_at: '2021-06-04T13:35:29Z' } },
      'without event.event_type',
    ],
    [
      {
        event: {
          id: 'x',
          event_type: 'incident.triggered',
          occurred_at: '2021-06-04T13:35:29Z',
          data: { id: 'P1' },
        },
      },
      'PagerDuty incident.triggered without event.data.service',
    ],
  ])('refuses %j', (body, message) => {
    expect(() => pagerdutyAdapter.normalize(jsonDelivery(body))).toThrow(
      MalformedPayloadError,
    );
    expect(() => pagerdutyAdapter.normalize(jsonDelivery(body))).toThrow(
      message,
    );
  });
});
