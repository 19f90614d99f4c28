import { MalformedPayloadError, WebhookDelivery } from '../types';
import {
  describeWithPayloads,
  fixtureBytes,
  fixtureJson,
  ignoredReason,
  jsonDelivery,
  rawDelivery,
  singleEvent,
} from '../__testUtils__/deliveries';
import { artifactName, cdeventsAdapter } from './cdevents';

/**
 * The three ways a CDEvent arrives: the exact bytes (of a reference file, or
 * our own body serialised), a structured CloudEvent, a binary CloudEvent.
 */
function modes(
  cdevent: any,
  bytes: Buffer | string = JSON.stringify(cdevent),
): Array<[string, WebhookDelivery]> {
  const { id, source, type, timestamp } = cdevent.context;
  return [
    ['plain', rawDelivery(bytes)],
    [
      'structured',
      jsonDelivery(
        {
          specversion: '1.0',
          id,
          source,
          type,
          time: timestamp,
          datacontenttype: 'application/json',
          data: cdevent,
        },
        { 'content-type': 'application/cloudevents+json' },
      ),
    ],
    [
      'binary',
      rawDelivery(bytes, {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': id,
        'ce-source': source,
        'ce-type': type,
        'ce-time': timestamp,
      }),
    ],
  ];
}

/** Normalises a CDEvent in every mode, checks they agree, returns the event. */
function normalizeAllModes(cdevent: any, bytes?: Buffer | string) {
  const results = modes(cdevent, bytes).map(([mode, delivery]) => {
    expect([mode, cdeventsAdapter.eventName(delivery)]).toEqual([
      mode,
      cdevent.context.type,
    ]);
    return singleEvent(cdeventsAdapter, delivery);
  });
  expect(results[1]).toEqual(results[0]);
  expect(results[2]).toEqual(results[0]);
  return results[0];
}

/** {@link normalizeAllModes} of a reference file under `cdevents/`. */
function normalizeFile(file: string) {
  return normalizeAllModes(
    fixtureJson(`cdevents/${file}`),
    fixtureBytes(`cdevents/${file}`),
  );
}

const LINKED = { chainId: '4c8cb7dd-3448-41de-8768-eec704e2829b' };

const ARTIFACT =
  'pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427';

/**
 * A CDEvents v0.5 service event written by hand for this project (not a
 * conformance file), with the context and subject of the spec's examples so
 * that it yields the same event as `service_deployed.v0.5.1.json`.
 */
function ownServiceEvent(predicate: string) {
  return {
    context: {
      specversion: '0.5.1',
      id: '271069a8-fc18-44f1-b38f-9d70a1695819',
      chainId: LINKED.chainId,
      source: '/event/source/123',
      type: `dev.cdevents.service.${predicate}.0.3.0`,
      timestamp: '2023-03-20T14:27:05.315384Z',
    },
    subject: {
      id: 'mySubject123',
      source: '/event/source/123',
      content: { environment: { id: 'test123' }, artifactId: ARTIFACT },
    },
  };
}

/**
 * A CDEvents v0.5 incident event written by hand for this project (not a
 * conformance file), for the incident of `incident_detected.v0.5.1.json`.
 */
function ownIncidentEvent(predicate: string) {
  return {
    context: {
      specversion: '0.5.1',
      id: 'F4BD2B55-B6F6-4F44-AF72-BD2D0E7A8708',
      chainId: LINKED.chainId,
      source: '/monitoring/prod1',
      type: `dev.cdevents.incident.${predicate}.0.3.0`,
      timestamp: '2022-11-11T13:52:20.079Z',
    },
    subject: {
      id: 'incident-123',
      source: '/monitoring/prod1',
      content: {
        description: 'Checkout answers 503 to one request in ten',
        environment: { id: 'prod1' },
        service: { id: 'myApp' },
        ticketURI: 'https://tickets.example.org/goldpath/INC-7',
      },
    },
  };
}

/** The deployment (exact) a service event of the examples' context becomes. */
function serviceDeployment(cdeventType: string, rollback: boolean | undefined) {
  return {
    event: {
      id: `cdevents:/event/source/123:271069a8-fc18-44f1-b38f-9d70a1695819:${cdeventType
        .replace(/^dev\.cdevents\./, '')
        .replace(/\.\d+\.\d+\.\d+$/, '')}`,
      type: 'deployment',
      timestamp: '2023-03-20T14:27:05.315Z',
      source: 'cdevents',
      deploymentId: '271069a8-fc18-44f1-b38f-9d70a1695819',
      environment: 'test123',
      outcome: 'success',
      ...(rollback ? { rollback } : {}),
      attributes: {
        cdeventType,
        ...LINKED,
        artifactId: ARTIFACT,
      },
    },
    identity: {
      annotation: 'goldpath.dev/aliases',
      value: 'cdevents:mySubject123',
      fallbackName: 'mysubject123',
    },
  };
}

/** The incident (a subset of the event) an incident event of the examples' context becomes. */
function incident(predicate: string, status: string) {
  return {
    event: {
      id: `cdevents:/monitoring/prod1:F4BD2B55-B6F6-4F44-AF72-BD2D0E7A8708:incident.${predicate}`,
      type: 'incident',
      timestamp: '2022-11-11T13:52:20.079Z',
      incidentId: 'incident-123',
      status,
      ...(status === 'open'
        ? { openedAt: '2022-11-11T13:52:20.079Z' }
        : { resolvedAt: '2022-11-11T13:52:20.079Z' }),
      attributes: expect.objectContaining({
        cdeventType: `dev.cdevents.incident.${predicate}.0.3.0`,
        environment: 'prod1',
      }),
    },
    identity: {
      annotation: 'goldpath.dev/aliases',
      value: 'cdevents:myApp',
      fallbackName: 'myapp',
    },
  };
}

// The spec's conformance files, read in place from ../shared/reference/payloads.
describeWithPayloads('cdeventsAdapter', () => {
  it('turns service_deployed.v0.5.1.json into a successful deployment', () => {
    const { event, identity } = normalizeFile('service_deployed.v0.5.1.json');
    const expected = serviceDeployment(
      'dev.cdevents.service.deployed.0.3.0',
      undefined,
    );
    expect(event).toEqual(expected.event);
    expect(identity).toEqual(expected.identity);
  });

  it.each([
    ['incident_detected.v0.5.1.json', 'detected', 'open'],
    ['incident_resolved.v0.5.1.json', 'resolved', 'resolved'],
  ])('turns %s into an incident (%s → %s)', (file, predicate, status) => {
    const { event, identity } = normalizeFile(file);
    const expected = incident(predicate, status);
    expect(event).toMatchObject(expected.event);
    expect(identity).toEqual(expected.identity);
  });

  it('turns change.merged into a change whose sha is the change id', () => {
    const { event, identity } = normalizeFile('change_merged.v0.5.1.json');
    expect(event).toEqual({
      id: 'cdevents:/event/source/123:271069a8-fc18-44f1-b38f-9d70a1695819:change.merged',
      type: 'change',
      timestamp: '2023-03-20T14:27:05.315Z',
      source: 'cdevents',
      commitSha: 'mySubject123',
      changeId: 'mySubject123',
      attributes: {
        cdeventType: 'dev.cdevents.change.merged.0.3.0',
        ...LINKED,
        repository: 'TestRepo/TestOrg',
        repositorySource: 'https://example.org',
        changeSource: '/event/source/123',
      },
    });
    expect(identity).toEqual({
      annotation: 'goldpath.dev/aliases',
      value: 'cdevents:TestRepo/TestOrg',
      fallbackName: 'testorg',
    });
  });

  it('turns pipelineRun.finished into a build with the outcome of the run', () => {
    const { event, identity } = normalizeFile(
      'pipelinerun_finished.v0.5.1.json',
    );
    expect(event).toEqual({
      id: 'cdevents:/event/source/123:271069a8-fc18-44f1-b38f-9d70a1695819:pipelinerun.finished',
      type: 'build',
      timestamp: '2023-03-20T14:27:05.315Z',
      source: 'cdevents',
      pipelineId: 'mySubject123',
      outcome: 'failure',
      attributes: {
        cdeventType: 'dev.cdevents.pipelinerun.finished.0.3.0',
        ...LINKED,
        pipelineName: 'myPipeline',
        url: 'https://www.example.com/mySubject123',
        errors: 'Something went wrong\nWith some more details',
        cdeventOutcome: 'failure',
      },
    });
    expect(identity).toEqual({
      annotation: 'goldpath.dev/aliases',
      value: 'cdevents:myPipeline',
      fallbackName: 'mypipeline',
    });
  });

  it.each([
    ['success', 'success'],
    ['failure', 'failure'],
    ['error', 'failure'],
    ['cancel', 'cancelled'],
  ])('maps pipeline run outcome %s to %s', (outcome, expected) => {
    const body = fixtureJson('cdevents/pipelinerun_finished.v0.5.1.json');
    body.subject.content.outcome = outcome;
    expect(singleEvent(cdeventsAdapter, jsonDelivery(body)).event.outcome).toBe(
      expected,
    );
  });

  it('names an incident without a service by its artifact', () => {
    const body = fixtureJson('cdevents/incident_detected.v0.5.1.json');
    delete body.subject.content.service;
    const { identity } = singleEvent(cdeventsAdapter, jsonDelivery(body));
    expect(identity).toEqual({
      annotation: 'goldpath.dev/aliases',
      value: 'cdevents:myapp',
      fallbackName: 'myapp',
    });
  });

  it('turns artifact.packaged into a build that links the artifact to its change', () => {
    const { event, identity } = normalizeFile('artifact_packaged.v0.5.1.json');
    expect(event).toEqual({
      id: 'cdevents:/event/source/123:271069a8-fc18-44f1-b38f-9d70a1695819:artifact.packaged',
      type: 'build',
      timestamp: '2023-03-20T14:27:05.315Z',
      source: 'cdevents',
      pipelineId: 'pkg:golang/mygit.com/myorg/myapp@234fd47e07d1004f0aed9c',
      outcome: 'success',
      attributes: {
        cdeventType: 'dev.cdevents.artifact.packaged.0.3.0',
        ...LINKED,
        artifactId: 'pkg:golang/mygit.com/myorg/myapp@234fd47e07d1004f0aed9c',
        changeId: 'myChange123',
        changeSource: 'my-git.example/an-org/a-repo',
        sbomUri: 'https://sbom.repo/myorg/234fd47e07d1004f0aed9c.sbom',
      },
    });
    expect(identity).toEqual({
      annotation: 'goldpath.dev/aliases',
      value: 'cdevents:myapp',
      fallbackName: 'myapp',
    });
  });

  it('ignores types it does not use, of any version', () => {
    const body = fixtureJson('cdevents/service_deployed.v0.5.1.json');
    body.context.type = 'dev.cdevents.service.removed.0.3.0';
    expect(ignoredReason(cdeventsAdapter.normalize(jsonDelivery(body)))).toBe(
      'CDEvent service.removed is not used',
    );
    body.context.type = 'dev.cdevents.taskrun.finished.0.2.0';
    expect(ignoredReason(cdeventsAdapter.normalize(jsonDelivery(body)))).toBe(
      'CDEvent taskrun.finished is not used',
    );
    body.context.type = 'com.example.something';
    expect(
      ignoredReason(cdeventsAdapter.normalize(jsonDelivery(body))),
    ).toMatch(/is not a CDEvents type/);
  });

  it('completes a context-less binary-mode body from the ce-* headers', () => {
    const cdevent = fixtureJson('cdevents/service_deployed.v0.5.1.json');
    const { context, subject } = cdevent;
    const binary = jsonDelivery(
      { subject },
      {
        'ce-id': context.id,
        'ce-source': context.source,
        'ce-type': context.type,
        'ce-time': context.timestamp,
      },
    );
    expect(cdeventsAdapter.eventName(binary)).toBe(context.type);
    const { event } = singleEvent(cdeventsAdapter, binary);
    expect(event).toMatchObject({
      id: 'cdevents:/event/source/123:271069a8-fc18-44f1-b38f-9d70a1695819:service.deployed',
      type: 'deployment',
      timestamp: '2023-03-20T14:27:05.315Z',
      environment: 'test123',
    });
  });

  it('reads a structured CloudEvent whose data is base64', () => {
    const cdevent = fixtureJson('cdevents/service_deployed.v0.5.1.json');
    const structured = jsonDelivery({
      specversion: '1.0',
      id: cdevent.context.id,
      source: cdevent.context.source,
      type: cdevent.context.type,
      data_base64: Buffer.from(JSON.stringify(cdevent)).toString('base64'),
    });
    expect(cdeventsAdapter.normalize(structured)).toEqual(
      cdeventsAdapter.normalize(
        rawDelivery(fixtureBytes('cdevents/service_deployed.v0.5.1.json')),
      ),
    );
  });
  it('refuses a conformance service event without environment', () => {
    const body = fixtureJson('cdevents/service_deployed.v0.5.1.json');
    delete body.subject.content.environment;
    expect(() => cdeventsAdapter.normalize(jsonDelivery(body))).toThrow(
      'CDEvent service.deployed without subject.content.environment.id',
    );
  });
});

// Our own hand-written CDEvents (not conformance files): always run.
describe('cdeventsAdapter (own events)', () => {
  it.each([
    ['deployed', undefined],
    ['upgraded', undefined],
    ['rolledback', true],
  ] as const)(
    'turns service.%s into a successful deployment',
    (predicate, rollback) => {
      const { event, identity } = normalizeAllModes(ownServiceEvent(predicate));
      const expected = serviceDeployment(
        `dev.cdevents.service.${predicate}.0.3.0`,
        rollback,
      );
      expect(event).toEqual(expected.event);
      expect(identity).toEqual(expected.identity);
    },
  );

  it.each([
    ['detected', 'open'],
    ['reported', 'open'],
  ])('turns incident.%s into an incident (→ %s)', (predicate, status) => {
    const { event, identity } = normalizeAllModes(ownIncidentEvent(predicate));
    const expected = incident(predicate, status);
    expect(event).toMatchObject(expected.event);
    expect(identity).toEqual(expected.identity);
  });

  it('refuses deliveries that are not CDEvents', () => {
    expect(() =>
      cdeventsAdapter.normalize(jsonDelivery({ context: {} })),
    ).toThrow(new MalformedPayloadError('CDEvent without subject'));
    expect(() =>
      cdeventsAdapter.normalize(
        jsonDelivery({ specversion: '1.0', data: 'nope' }),
      ),
    ).toThrow(MalformedPayloadError);
    const body = ownServiceEvent('deployed') as any;
    delete body.subject.content.environment;
    expect(() => cdeventsAdapter.normalize(jsonDelivery(body))).toThrow(
      'CDEvent service.deployed without subject.content.environment.id',
    );
  });

  it.each([
    ['pkg:oci/myapp@sha256%3A0b31b1c0', 'myapp'],
    ['pkg:golang/mygit.com/myorg/myapp@234fd47e07d1004f0aed9c', 'myapp'],
    ['pkg:npm/%40acme/web-ui@1.2.3?arch=x64#dist', 'web-ui'],
    ['registry.example.com/team/app', 'app'],
  ])('names artifact %s %s', (artifactId, name) => {
    expect(artifactName(artifactId)).toBe(name);
  });
});
