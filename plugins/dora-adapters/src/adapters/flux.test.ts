import {
  computeServiceScorecard,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';
import { MalformedPayloadError } from '../types';
import {
  describeWithPayloads,
  fixtureDelivery,
  fixtureJson,
  ignoredReason,
  jsonDelivery,
  singleEvent,
} from '../__testUtils__/deliveries';
import { fluxKustomizationSucceeded } from '../__testUtils__/derived';
import { commitFromFluxRevision, fluxAdapter } from './flux';

// The reference payloads, read in place from ../shared/reference/payloads.
describeWithPayloads('fluxAdapter', () => {
  it('turns a successful reconciliation into a deployment (main@sha1:<sha> revision)', () => {
    const { event, identity } = singleEvent(
      fluxAdapter,
      jsonDelivery(fluxKustomizationSucceeded()),
    );
    expect(event).toEqual({
      id: 'flux:Kustomization/apps/webapp:main@sha1:8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2:ReconciliationSucceeded',
      type: 'deployment',
      timestamp: '2024-06-12T09:41:07.000Z',
      source: 'flux',
      deploymentId:
        'Kustomization/apps/webapp@main@sha1:8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2',
      environment: 'prod-eu',
      outcome: 'success',
      commitSha: '8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2',
      attributes: {
        reason: 'ReconciliationSucceeded',
        revision: 'main@sha1:8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2',
        kind: 'Kustomization',
        namespace: 'apps',
        message: 'Reconciliation finished in 4.512345s, next run in 10m0s',
        controller: 'kustomize-controller',
      },
    });
    expect(identity).toEqual({
      annotation: 'backstage.io/kubernetes-id',
      value: 'webapp',
      fallbackName: 'webapp',
    });
  });

  it('turns an error into a failed deployment (docs example, older main/<sha> revision)', () => {
    const { event } = singleEvent(
      fluxAdapter,
      fixtureDelivery('flux/event.generic-webhook.kustomization-error.json'),
    );
    expect(event).toEqual({
      id: 'flux:Kustomization/apps/webapp:main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1:ValidationFailed',
      type: 'deployment',
      timestamp: '2022-10-28T07:26:19.000Z',
      source: 'flux',
      deploymentId:
        'Kustomization/apps/webapp@main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
      // no goldpath.dev/environment in the Alert's eventMetadata: not
      // production by default
      environment: 'unknown',
      environmentTier: 'other',
      outcome: 'failure',
      commitSha: '731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
      attributes: {
        reason: 'ValidationFailed',
        revision: 'main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
        kind: 'Kustomization',
        namespace: 'apps',
        message:
          'service/apps/webapp validation error: spec.type: Unsupported value: Ingress',
        controller: 'kustomize-controller',
        environmentUnknown: true,
      },
    });
  });

  it('reads a success reported only in the message (older controllers)', () => {
    const body = fluxKustomizationSucceeded();
    body.reason = 'info';
    body.message =
      'Applied revision: main/8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2';
    body.metadata = {
      'kustomize.toolkit.fluxcd.io/revision':
        'main/8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2',
    };
    const { event } = singleEvent(fluxAdapter, jsonDelivery(body));
    expect(event).toMatchObject({
      outcome: 'success',
      commitSha: '8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2',
      environment: 'unknown',
      environmentTier: 'other',
    });
  });

  it('a reconcile without an environment is stored but never a production deployment', () => {
    const body = fluxKustomizationSucceeded();
    body.metadata = {
      'kustomize.toolkit.fluxcd.io/revision':
        'main@sha1:8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2',
    };
    const { event } = singleEvent(fluxAdapter, jsonDelivery(body));
    expect(event).toMatchObject({
      environment: 'unknown',
      environmentTier: 'other',
      attributes: expect.objectContaining({ environmentUnknown: true }),
    });
    const valid = validateDeliveryEvent({ ...event, service: 'webapp' });
    if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
    for (const productionDefault of ['pattern', 'all'] as const) {
      const card = computeServiceScorecard(
        'component:default/webapp',
        [valid.event],
        { asOf: '2024-07-01T00:00:00Z', productionDefault },
      );
      expect(card.deploymentFrequency).toMatchObject({
        deployments: 0,
        level: null,
      });
      expect(card.score).toBeNull();
    }
  });

  it('reads the environment from the eventMetadata keys, most specific first', () => {
    const body = fluxKustomizationSucceeded();
    body.metadata = {
      'kustomize.toolkit.fluxcd.io/revision':
        'main@sha1:8d4d9e8ab8f0bd7bc8ab3a9e8e2e36e8b3f4d1c2',
      env: 'dev',
      environment: 'staging',
    };
    const { event } = singleEvent(fluxAdapter, jsonDelivery(body));
    expect(event.environment).toBe('staging');
    expect(event.environmentTier).toBeUndefined();
  });

  it.each(['Progressing', 'DependencyNotReady', 'HealthCheckCanceled'])(
    'ignores info events with reason %s',
    reason => {
      const body = fluxKustomizationSucceeded();
      body.reason = reason;
      body.message = 'Deployment/apps/webapp configured';
      expect(ignoredReason(fluxAdapter.normalize(jsonDelivery(body)))).toBe(
        `Flux Kustomization info event ${reason} does not finish a deployment`,
      );
    },
  );

  it('ignores errors without a revision (configuration errors)', () => {
    const body = fixtureJson(
      'flux/event.generic-webhook.kustomization-error.json',
    );
    body.metadata = {};
    body.reason = 'AccessDenied';
    expect(ignoredReason(fluxAdapter.normalize(jsonDelivery(body)))).toBe(
      'Flux Kustomization error AccessDenied without a revision is not a deployment',
    );
  });

  it('ignores events of sources', () => {
    const body = fluxKustomizationSucceeded();
    body.involvedObject.kind = 'GitRepository';
    body.reason = 'NewArtifact';
    expect(ignoredReason(fluxAdapter.normalize(jsonDelivery(body)))).toBe(
      'Flux GitRepository events are not deployments',
    );
  });
});

// Our own cases: always run.
describe('fluxAdapter (own cases)', () => {
  it.each([
    ['UpgradeSucceeded', undefined],
    ['InstallSucceeded', undefined],
    ['RollbackSucceeded', true],
  ])(
    'turns HelmRelease %s into a successful deployment',
    (reason, rollback) => {
      const body = {
        involvedObject: {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          name: 'podinfo',
          namespace: 'apps',
        },
        metadata: {
          'helm.toolkit.fluxcd.io/revision': '6.5.4',
          env: 'staging',
        },
        severity: 'info',
        reason,
        message: `Helm ${reason}`,
        reportingController: 'helm-controller',
        timestamp: '2024-06-12T10:00:00Z',
      };
      const { event } = singleEvent(fluxAdapter, jsonDelivery(body));
      expect(event).toMatchObject({
        // a Helm operation is one deployment even when its chart version repeats
        deploymentId: 'HelmRelease/apps/podinfo@6.5.4@2024-06-12T10:00:00.000Z',
        environment: 'staging',
        outcome: 'success',
      });
      expect(event.rollback).toBe(rollback);
      // a chart version is not a commit
      expect(event.commitSha).toBeUndefined();
    },
  );

  it('keeps Helm operations apart when a chart version repeats (install, upgrade, roll back)', () => {
    const helm = (reason: string, version: string, timestamp: string) =>
      singleEvent(
        fluxAdapter,
        jsonDelivery({
          involvedObject: {
            kind: 'HelmRelease',
            name: 'podinfo',
            namespace: 'apps',
          },
          metadata: { 'helm.toolkit.fluxcd.io/revision': version },
          severity: 'info',
          reason,
          message: `Helm ${reason}`,
          reportingController: 'helm-controller',
          timestamp,
        }),
      ).event;
    const events = [
      helm('InstallSucceeded', '1.2.3', '2024-06-10T10:00:00Z'),
      helm('UpgradeSucceeded', '1.2.4', '2024-06-11T10:00:00Z'),
      helm('RollbackSucceeded', '1.2.3', '2024-06-12T10:00:00Z'),
      helm('UpgradeSucceeded', '1.2.4', '2024-06-13T10:00:00Z'),
    ];
    expect(new Set(events.map(e => e.deploymentId)).size).toBe(4);
    expect(new Set(events.map(e => e.id)).size).toBe(4);
    expect(events[2].rollback).toBe(true);
  });

  it('refuses bodies without involvedObject', () => {
    expect(() =>
      fluxAdapter.normalize(jsonDelivery({ severity: 'info' })),
    ).toThrow(new MalformedPayloadError('Flux event without involvedObject'));
  });

  it.each([
    [
      'main@sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
      '731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
    ],
    [
      'main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
      '731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
    ],
    [
      'refs/heads/main@sha1:731F7EADDFB6AF01CB2173E18F0F75B0BA780EF1',
      '731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
    ],
    [
      'sha1:731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
      '731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
    ],
    [
      '731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
      '731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
    ],
    [
      'latest@sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427',
      undefined,
    ],
    ['6.5.4', undefined],
    [undefined, undefined],
  ])('reads the commit of revision %s', (revision, sha) => {
    expect(commitFromFluxRevision(revision)).toBe(sha);
  });
});
