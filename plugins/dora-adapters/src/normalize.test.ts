import { validateDeliveryEvent } from '@goldpath/plugin-dora-common';
import * as api from './index';
import { WEBHOOK_SOURCES } from './types';
import {
  RECEIVED_AT,
  describeWithPayloads,
  fixtureDelivery,
  ownFixtureDelivery,
} from './__testUtils__/deliveries';

const { adapters, normalizeWithFallback } = api;

describe('adapters', () => {
  it('has one adapter per source, named after it', () => {
    expect(Object.keys(adapters).sort()).toEqual([...WEBHOOK_SOURCES].sort());
    for (const source of WEBHOOK_SOURCES) {
      expect(adapters[source].source).toBe(source);
    }
  });

  it('exports the public API', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'DEFAULT_TOKEN_HEADER',
        'GITHUB_ISSUES_DEFAULT_MAPPING',
        'JIRA_DEFAULT_MAPPING',
        'MalformedPayloadError',
        'WEBHOOK_SOURCES',
        'adapters',
        'argocdAdapter',
        'cdeventsAdapter',
        'fluxAdapter',
        'githubAdapter',
        'githubIssuesAdapter',
        'gitlabAdapter',
        'jiraAdapter',
        'normalizeWithFallback',
        'opsgenieAdapter',
        'pagerdutyAdapter',
        'verifyDelivery',
        'verifyFluxSignature',
        'verifyGithubSignature',
        'verifyGitlabToken',
        'verifyHeaderToken',
        'verifyJiraSignature',
        'verifyPagerdutySignature',
        'verifyStandardWebhookSignature',
      ].sort(),
    );
  });
});

// The reference payloads, read in place from ../shared/reference/payloads.
describeWithPayloads('normalizeWithFallback', () => {
  it('names the service after the tool identity', () => {
    const result = normalizeWithFallback(
      'gitlab',
      fixtureDelivery('gitlab/deployment_hook.success.real-capture-2025.json'),
    );
    expect(result.kind).toBe('events');
    const [event] = result.kind === 'events' ? result.events : [];
    expect(event).toMatchObject({
      id: 'gitlab:deployment:988572802:success',
      service: 'test',
    });
    expect(validateDeliveryEvent(event, { now: RECEIVED_AT })).toMatchObject({
      ok: true,
      event: { service: 'component:default/test' },
    });
  });

  it('uses the given service and event name', () => {
    const result = normalizeWithFallback(
      'github',
      fixtureDelivery('github/push.with-new-branch.json'),
      { service: 'checkout', eventName: 'push' },
    );
    expect(result).toMatchObject({
      kind: 'events',
      events: [{ type: 'change', service: 'checkout' }],
    });
  });

  it('passes ignored deliveries through', () => {
    expect(
      normalizeWithFallback(
        'github',
        fixtureDelivery('github/pull_request.closed.not-merged.json'),
      ),
    ).toEqual({ kind: 'ignored', reason: 'pull request closed without merge' });
  });

  it.each([
    ['pagerduty', 'pagerduty/incident.triggered.v3.json', 'pig208'],
    ['opsgenie', 'opsgenie/alert.create.json', 'server'],
    ['flux', 'flux/event.generic-webhook.kustomization-error.json', 'webapp'],
    ['cdevents', 'cdevents/artifact_packaged.v0.5.1.json', 'myapp'],
  ] as const)('gives %s events a valid service', (source, file, service) => {
    const result = normalizeWithFallback(source, fixtureDelivery(file));
    if (result.kind !== 'events') throw new Error(result.reason);
    for (const event of result.events) {
      expect(event.service).toBe(service);
      expect(validateDeliveryEvent(event, { now: RECEIVED_AT }).ok).toBe(true);
    }
  });
});

// Our own fixtures (written for this project): always run.
describe('normalizeWithFallback (own fixtures)', () => {
  it('gives argocd events a valid service', () => {
    const result = normalizeWithFallback(
      'argocd',
      ownFixtureDelivery('argocd/deployment.failed.rendered.json'),
    );
    if (result.kind !== 'events') throw new Error(result.reason);
    for (const event of result.events) {
      expect(event.service).toBe('checkout-eu');
      expect(validateDeliveryEvent(event, { now: RECEIVED_AT }).ok).toBe(true);
    }
  });
});
