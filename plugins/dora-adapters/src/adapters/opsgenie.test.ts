import { MalformedPayloadError } from '../types';
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
import { opsgenieAdapter } from './opsgenie';

// The reference payloads, read in place from ../shared/reference/payloads.
describeWithPayloads('opsgenieAdapter', () => {
  it('opens an incident on Create at alert.createdAt (epoch ms)', () => {
    const delivery = fixtureDelivery('opsgenie/alert.create.json');
    // The nanosecond fields do not survive JSON.parse: nothing may read them.
    expect(fixtureBytes('opsgenie/alert.create.json').toString()).toMatch(
      /"updatedAt": ?1502709956288000110,/,
    );
    expect(Number.isSafeInteger((delivery.body as any).alert.updatedAt)).toBe(
      false,
    );
    const { event, identity } = singleEvent(opsgenieAdapter, delivery);
    expect(event).toEqual({
      id: 'opsgenie:ec03dad6-62c8-4c94-b38b-d88f398e900f:create',
      type: 'incident',
      timestamp: '2017-08-14T11:25:56.288Z',
      source: 'opsgenie',
      actor: 'test@example.com',
      incidentId: 'ec03dad6-62c8-4c94-b38b-d88f398e900f',
      status: 'open',
      openedAt: '2017-08-14T11:25:56.288Z',
      severity: 'P3',
      attributes: {
        action: 'Create',
        tinyId: '2',
        alias: 'alert-alias',
        message: 'another alert',
      },
    });
    expect(identity).toEqual({
      annotation: 'goldpath.dev/aliases',
      value: 'opsgenie:Server',
      fallbackName: 'server',
    });
  });

  it('resolves an incident on Close at the receipt time', () => {
    const { event, identity } = singleEvent(
      opsgenieAdapter,
      fixtureDelivery('opsgenie/alert.close.json'),
    );
    expect(event).toEqual({
      id: 'opsgenie:052652ac-5d1c-464a-812a-7dd18bbfba8c:close',
      type: 'incident',
      timestamp: new Date(RECEIVED_AT).toISOString(),
      source: 'opsgenie',
      actor: 'fili@ifountain.com',
      incidentId: '052652ac-5d1c-464a-812a-7dd18bbfba8c',
      status: 'resolved',
      resolvedAt: new Date(RECEIVED_AT).toISOString(),
      attributes: {
        action: 'Close',
        tinyId: '23',
        alias: 'aliastest',
        message: 'test alert',
      },
    });
    // No entity and no service tag: the integration names the service.
    expect(identity).toEqual({
      annotation: 'goldpath.dev/aliases',
      value: 'opsgenie:Integration1',
      fallbackName: 'integration1',
    });
  });

  it('keeps the id of a Close redelivered later', () => {
    const first = opsgenieAdapter.normalize(
      fixtureDelivery('opsgenie/alert.close.json'),
    );
    const later = opsgenieAdapter.normalize(
      fixtureDelivery('opsgenie/alert.close.json', {}, RECEIVED_AT + 60_000),
    );
    expect(first.kind === 'events' && first.events[0].event.id).toBe(
      later.kind === 'events' && later.events[0].event.id,
    );
  });

  it('names the service from a service:<name> tag when there is no entity', () => {
    const body = fixtureJson('opsgenie/alert.create.json');
    body.alert.entity = '';
    body.alert.tags = ['vip', 'service:Checkout API'];
    const { identity } = singleEvent(opsgenieAdapter, jsonDelivery(body));
    expect(identity).toEqual({
      annotation: 'goldpath.dev/aliases',
      value: 'opsgenie:Checkout API',
      fallbackName: 'checkout-api',
    });
  });

  it.each(['Acknowledge', 'AddNote', 'Escalate', 'UnAcknowledge'])(
    'ignores %s',
    action => {
      const body = fixtureJson('opsgenie/alert.create.json');
      body.action = action;
      expect(ignoredReason(opsgenieAdapter.normalize(jsonDelivery(body)))).toBe(
        `Opsgenie action ${action} is not used`,
      );
    },
  );

  it('refuses an alert without createdAt', () => {
    const body = fixtureJson('opsgenie/alert.create.json');
    delete body.alert.createdAt;
    expect(() => opsgenieAdapter.normalize(jsonDelivery(body))).toThrow(
      'Opsgenie Create without alert.createdAt',
    );
  });
});

// Our own cases: always run.
describe('opsgenieAdapter (own cases)', () => {
  it('refuses bodies without action or alert', () => {
    expect(() =>
      opsgenieAdapter.normalize(jsonDelivery({ alert: {} })),
    ).toThrow(MalformedPayloadError);
    expect(() =>
      opsgenieAdapter.normalize(jsonDelivery({ action: 'Create' })),
    ).toThrow('Opsgenie Create without alert');
  });
});
