import {
  computeServiceScorecard,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';
import { MalformedPayloadError } from '../types';
import {
  ownFixtureDelivery,
  ownFixtureJson,
  ignoredReason,
  jsonDelivery,
  singleEvent,
} from '../__testUtils__/deliveries';
import { argocdAdapter } from './argocd';

// The fixtures are bodies rendered by hand from template.goldpath-deployment
// in argocd/argocd-notifications-cm.yaml.
describe('argocdAdapter', () => {
  it('turns a successful sync into a successful deployment', () => {
    const delivery = ownFixtureDelivery(
      'argocd/deployment.succeeded.rendered.json',
      {
        'x-goldpath-token': 'secret',
      },
    );
    expect(argocdAdapter.eventName(delivery)).toBe('Succeeded');
    const { event, identity } = singleEvent(argocdAdapter, delivery);
    expect(event).toEqual({
      id: 'argocd:checkout:4f2a1c9e6b7d8a0f1e2d3c4b5a69788796a5b4c3:Succeeded:2024-06-12T09:40:31Z',
      type: 'deployment',
      timestamp: '2024-06-12T09:40:31.000Z',
      source: 'argocd',
      deploymentId: 'checkout@4f2a1c9e6b7d8a0f1e2d3c4b5a69788796a5b4c3',
      environment: 'production',
      outcome: 'success',
      commitSha: '4f2a1c9e6b7d8a0f1e2d3c4b5a69788796a5b4c3',
      startedAt: '2024-06-12T09:40:01.000Z',
      attributes: {
        phase: 'Succeeded',
        revision: '4f2a1c9e6b7d8a0f1e2d3c4b5a69788796a5b4c3',
        project: 'payments',
        appNamespace: 'argocd',
        destinationServer: 'https://kubernetes.default.svc',
        destinationNamespace: 'checkout',
        health: 'Healthy',
        syncStatus: 'Synced',
        message: 'successfully synced (all tasks run)',
      },
    });
    expect(identity).toEqual({
      annotation: 'argocd/app-name',
      value: 'checkout',
      fallbackName: 'checkout',
    });
  });

  it('turns a failed sync into a failed deployment', () => {
    const { event } = singleEvent(
      argocdAdapter,
      ownFixtureDelivery('argocd/deployment.failed.rendered.json'),
    );
    expect(event).toMatchObject({
      id: 'argocd:checkout-eu:9b1e0c7d3a2f4e5d6c7b8a9f0e1d2c3b4a5f6e7d:Failed:2024-06-13T14:02:19Z',
      deploymentId: 'checkout-eu@9b1e0c7d3a2f4e5d6c7b8a9f0e1d2c3b4a5f6e7d',
      environment: 'prod-eu',
      outcome: 'failure',
      actor: 'alice@example.com',
      timestamp: '2024-06-13T14:02:19.000Z',
      attributes: expect.objectContaining({
        destinationName: 'prod-eu-1',
        health: 'Degraded',
      }),
    });
  });

  it('turns a running sync into an in-progress deployment of the same deployment id', () => {
    const running = singleEvent(
      argocdAdapter,
      ownFixtureDelivery('argocd/deployment.running.rendered.json'),
    ).event;
    const succeeded = singleEvent(
      argocdAdapter,
      ownFixtureDelivery('argocd/deployment.succeeded.rendered.json'),
    ).event;
    expect(running).toMatchObject({
      id: 'argocd:checkout:4f2a1c9e6b7d8a0f1e2d3c4b5a69788796a5b4c3:Running:2024-06-12T09:40:01Z',
      outcome: 'in_progress',
      timestamp: '2024-06-12T09:40:01.000Z',
    });
    expect(running.deploymentId).toBe(succeeded.deploymentId);
    expect(running.id).not.toBe(succeeded.id);
  });

  it('maps Error to failure and ignores other phases', () => {
    const body = ownFixtureJson('argocd/deployment.failed.rendered.json');
    body.phase = 'Error';
    expect(singleEvent(argocdAdapter, jsonDelivery(body)).event.outcome).toBe(
      'failure',
    );
    body.phase = 'Terminating';
    expect(ignoredReason(argocdAdapter.normalize(jsonDelivery(body)))).toBe(
      'Argo CD operation phase Terminating is not used',
    );
  });

  it('reads multi-source apps (empty revision, revisions list)', () => {
    const body = ownFixtureJson('argocd/deployment.succeeded.rendered.json');
    body.revision = '';
    body.revisions = ['4f2a1c9e6b7d8a0f1e2d3c4b5a69788796a5b4c3', '1.4.2'];
    const { event } = singleEvent(argocdAdapter, jsonDelivery(body));
    expect(event).toMatchObject({
      deploymentId: 'checkout@4f2a1c9e6b7d8a0f1e2d3c4b5a69788796a5b4c3',
      commitSha: '4f2a1c9e6b7d8a0f1e2d3c4b5a69788796a5b4c3',
      attributes: expect.objectContaining({
        revisions: '4f2a1c9e6b7d8a0f1e2d3c4b5a69788796a5b4c3,1.4.2',
      }),
    });
  });

  it('keeps non-git revisions out of commitSha', () => {
    const body = ownFixtureJson('argocd/deployment.succeeded.rendered.json');
    body.revision = '1.4.2'; // a Helm chart version
    const { event } = singleEvent(argocdAdapter, jsonDelivery(body));
    expect(event.commitSha).toBeUndefined();
    expect(event.deploymentId).toBe('checkout@1.4.2');
  });

  it.each([
    ['without the field', undefined],
    ['with the empty label the template sends', ''],
    ['with a blank label', '  '],
  ])(
    'never assumes production: %s, the environment is unknown with tier other',
    (_what, environment) => {
      const body = ownFixtureJson('argocd/deployment.succeeded.rendered.json');
      if (environment === undefined) delete body.environment;
      else body.environment = environment;
      const { event } = singleEvent(argocdAdapter, jsonDelivery(body));
      expect(event).toMatchObject({
        environment: 'unknown',
        environmentTier: 'other',
        outcome: 'success',
        attributes: expect.objectContaining({ environmentUnknown: true }),
      });
    },
  );

  it('a sync of an unlabelled Application is stored but never a production deployment', () => {
    const body = ownFixtureJson('argocd/deployment.succeeded.rendered.json');
    body.environment = '';
    const { event } = singleEvent(argocdAdapter, jsonDelivery(body));
    const valid = validateDeliveryEvent({ ...event, service: 'checkout' });
    if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
    for (const productionDefault of ['pattern', 'all'] as const) {
      const card = computeServiceScorecard(
        'component:default/checkout',
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

  it('takes the environment from the label and leaves its tier to the pattern', () => {
    const body = ownFixtureJson('argocd/deployment.succeeded.rendered.json');
    body.environment = ' dev-cluster ';
    const { event } = singleEvent(argocdAdapter, jsonDelivery(body));
    expect(event.environment).toBe('dev-cluster');
    expect(event.environmentTier).toBeUndefined();
    expect(event.attributes).not.toHaveProperty('environmentUnknown');
  });

  it('refuses bodies that are not the template', () => {
    expect(() =>
      argocdAdapter.normalize(jsonDelivery({ phase: 'Succeeded' })),
    ).toThrow(new MalformedPayloadError('Argo CD notification without app'));
    expect(() =>
      argocdAdapter.normalize(jsonDelivery({ app: 'checkout' })),
    ).toThrow('Argo CD notification without phase');
    expect(() =>
      argocdAdapter.normalize(
        jsonDelivery({ app: 'checkout', phase: 'Succeeded' }),
      ),
    ).toThrow('Argo CD notification without revision or startedAt');
  });
});
