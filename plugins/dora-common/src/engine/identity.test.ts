import {
  DAY,
  HOUR,
  at,
  change,
  deploy,
  ev,
  incident,
} from '../__testUtils__/events';
import { DeliveryEvent } from '../events/schema';
import { analyzeService } from './analyze';
import {
  DoraEngineOptions,
  parseDeploymentSources,
  resolveEngineOptions,
} from './options';
import { computeServiceScorecard } from './scorecard';

const SVC = 'component:default/svc';
const base: DoraEngineOptions = { asOf: at(100), windowDays: 90 };
const card = (events: DeliveryEvent[], options: DoraEngineOptions = {}) =>
  computeServiceScorecard(SVC, events, { ...base, ...options });
const facts = (events: DeliveryEvent[], options: DoraEngineOptions = {}) =>
  analyzeService(SVC, events, resolveEngineOptions({ ...base, ...options }));

const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);

/**
 * One release of SHA2 to production as three tools report it: GitHub's
 * deployment_status, an Argo CD notification and the CI emitter, each with
 * its own deploymentId and a slightly different finish time.
 */
function threeSources(
  day: number,
  sha: string,
  extra: { argocd?: Record<string, unknown> } = {},
): DeliveryEvent[] {
  return [
    deploy(`github:deployment:${day}`, at(day, 0, 2), {
      source: 'github',
      environment: 'production',
      commitSha: sha,
    }),
    deploy(`svc@${sha}`, at(day), {
      source: 'argocd',
      environment: 'Production',
      commitSha: sha,
      startedAt: at(day, -1),
      ...extra.argocd,
    }),
    deploy(`ci-run-${day}`, at(day, 0, 5), {
      source: 'github-actions',
      environment: 'production',
      commitSha: sha,
    }),
  ];
}

describe('cross-source identity', () => {
  it('counts one release reported by three sources once', () => {
    const events = [
      change(SHA1, at(19), { commits: [{ sha: SHA1, authoredAt: at(19) }] }),
      deploy('first', at(15), { source: 'argocd', commitSha: SHA2 }),
      ...threeSources(20, SHA1),
    ];
    const c = card(events);
    expect(c.deploymentFrequency.deployments).toBe(2);
    expect(c.deploymentFrequency.duplicates).toBe(2);
    // Measured once, to the earliest report's finish (Argo CD's, day 20).
    expect(c.changeLeadTime.changes).toBe(1);
    expect(c.changeLeadTime.medianSeconds).toBe(DAY / 1000);

    const f = facts(events);
    const kept = f.counted.map(d => d.deploymentId);
    expect(kept).toEqual(['first', `svc@${SHA1}`]);
    expect(
      f.deployments
        .filter(d => d.duplicateOf)
        .map(d => [d.deploymentId, d.duplicateOf]),
    ).toEqual([
      ['github:deployment:20', `svc@${SHA1}`],
      ['ci-run-20', `svc@${SHA1}`],
    ]);
  });

  it('gives the same answer whatever the order of the events', () => {
    const events = threeSources(20, SHA1);
    const forward = card(events);
    const backward = card([...events].reverse());
    expect(backward).toEqual(forward);
    expect(forward.deploymentFrequency.deployments).toBe(1);
  });

  it('keeps releases apart beyond the tolerance, in other environments or commits', () => {
    const c = card([
      deploy('gh-1', at(20), { source: 'github', commitSha: SHA1 }),
      // 31 minutes later: beyond the default 30
      deploy('argo-1', at(20, 0, 31), { source: 'argocd', commitSha: SHA1 }),
      deploy('gh-2', at(30), { source: 'github', commitSha: SHA1 }),
      deploy('argo-2', at(30), {
        source: 'argocd',
        commitSha: SHA1,
        environment: 'prod-eu',
      }),
      deploy('gh-3', at(40), { source: 'github', commitSha: SHA1 }),
      deploy('argo-3', at(40), { source: 'argocd', commitSha: SHA2 }),
      // no commit: never correlated
      deploy('gh-4', at(50), { source: 'github' }),
      deploy('argo-4', at(50), { source: 'argocd' }),
    ]);
    expect(c.deploymentFrequency.deployments).toBe(8);
    expect(c.deploymentFrequency.duplicates).toBe(0);
  });

  it('never folds two deployments of one source (a redeploy is a deployment)', () => {
    const c = card([
      deploy('argo-1', at(20), { source: 'argocd', commitSha: SHA1 }),
      deploy('argo-2', at(20, 0, 10), { source: 'argocd', commitSha: SHA1 }),
      deploy('gh-1', at(20, 0, 12), { source: 'github', commitSha: SHA1 }),
    ]);
    // gh-1 joins the first release; argo-2 stays a deployment of its own
    expect(c.deploymentFrequency.deployments).toBe(2);
    expect(c.deploymentFrequency.duplicates).toBe(1);
  });

  it('has a configurable tolerance, 0 turning correlation off', () => {
    const events = [
      deploy('gh', at(20), { source: 'github', commitSha: SHA1 }),
      deploy('argo', at(20, 2), { source: 'argocd', commitSha: SHA1 }),
    ];
    expect(card(events).deploymentFrequency.deployments).toBe(2);
    expect(
      card(events, { correlationToleranceMinutes: 180 }).deploymentFrequency
        .deployments,
    ).toBe(1);
    expect(
      card(threeSources(20, SHA1), { correlationToleranceMinutes: 0 })
        .deploymentFrequency.deployments,
    ).toBe(3);
    expect(() => card(events, { correlationToleranceMinutes: -1 })).toThrow(
      /correlationToleranceMinutes/,
    );
  });

  it('counts the preferred source of a release and only the listed sources', () => {
    const events = [
      ...threeSources(20, SHA1),
      // reported by the CI emitter only
      deploy('ci-only', at(30), { source: 'github-actions', commitSha: SHA2 }),
    ];
    const f = facts(events, { deploymentSources: ['github', 'argocd'] });
    expect(f.counted.map(d => d.deploymentId)).toEqual([
      'github:deployment:20',
    ]);
    expect(
      f.deployments.find(d => d.deploymentId === 'ci-only')?.sourceExcluded,
    ).toBe(true);
    expect(
      f.deployments.find(d => d.deploymentId === `svc@${SHA1}`)?.duplicateOf,
    ).toBe('github:deployment:20');
    // The kept report takes the others' start time.
    expect(f.counted[0].startedAt).toBe(Date.parse(at(20, -1)));
  });

  it('attributes incidents and remediations naming any report of a release', () => {
    const c = card([
      deploy('first', at(15), { source: 'argocd', commitSha: SHA2 }),
      ...threeSources(20, SHA1),
      ...incident('i1', at(21), at(21, 2), {
        causedByDeploymentId: 'ci-run-20',
      }),
    ]);
    expect(c.changeFailRate).toMatchObject({
      failedDeployments: 1,
      deployments: 2,
    });
    expect(c.failedDeploymentRecoveryTime.recovered).toBe(1);
  });

  it('keeps a rollback mark only one source gave', () => {
    const c = card([
      deploy('first', at(15), { source: 'github', commitSha: SHA2 }),
      ...threeSources(20, SHA1, { argocd: { rollback: true } }),
    ]);
    expect(c.deploymentReworkRate).toMatchObject({
      reworkDeployments: 1,
      deployments: 2,
    });
    expect(c.changeFailRate.failedDeployments).toBe(1);
  });
});

describe('parseDeploymentSources', () => {
  it('reads names separated by commas or spaces, most preferred first', () => {
    expect(
      parseDeploymentSources(' ArgoCD, github  github-actions,argocd'),
    ).toEqual(['argocd', 'github', 'github-actions']);
  });

  it('rejects empty values and bad names', () => {
    expect(() => parseDeploymentSources(' , ')).toThrow(/no deployment source/);
    expect(() => parseDeploymentSources('argo cd!')).toThrow(/"cd!"/);
  });
});

describe('no production data', () => {
  it('gives null levels and no score without any production deployment', () => {
    const c = card([
      change(SHA1, at(19)),
      deploy('dev', at(20), { environment: 'dev-cluster' }),
      deploy('unknown', at(21), {
        environment: 'unknown',
        environmentTier: 'other',
      }),
      deploy('failed', at(22), { outcome: 'failure' }),
      ...incident('i1', at(23), at(23, 1)),
    ]);
    expect(c.deploymentFrequency).toMatchObject({
      deployments: 0,
      level: null,
      score: null,
    });
    expect(c.changeLeadTime.level).toBeNull();
    expect(c.changeFailRate).toMatchObject({ ratio: null, level: null });
    expect(c.failedDeploymentRecoveryTime.level).toBeNull();
    expect(c.deploymentReworkRate.level).toBeNull();
    expect(c.score).toBeNull();
    // The incident still has its restore time.
    expect(c.timeToRestore.incidents).toBe(1);
  });

  it('is low, not null, with production deployments only before the window', () => {
    const c = card([deploy('old', at(5))]);
    expect(c.deploymentFrequency.deployments).toBe(0);
    expect(c.deploymentFrequency.level).toBe('low');
    expect(c.deploymentFrequency.score).toBe(2);
  });
});

describe('negative recoveries', () => {
  it('reports a recovery before the failed deployment finished as negative, not open', () => {
    const c = card([
      deploy('first', at(15)),
      deploy('a', at(20)),
      // attributed explicitly, resolved (clock skew) before 'a' finished
      ...incident('i1', at(19, 20), at(19, 22), { causedByDeploymentId: 'a' }),
    ]);
    expect(c.changeFailRate.failedDeployments).toBe(1);
    expect(c.failedDeploymentRecoveryTime).toMatchObject({
      medianSeconds: null,
      recovered: 0,
      open: 0,
      negative: 1,
    });
  });

  it('reports an incident resolved before it opened as negative time to restore', () => {
    const c = card([
      // resolved (by a skewed clock) two hours before it opened
      ...incident('i1', at(20, 5)),
      ev({
        type: 'incident',
        incidentId: 'i1',
        status: 'resolved',
        resolvedAt: at(20, 3),
        timestamp: at(20, 6),
      }),
      ...incident('i2', at(30), at(30, 1)),
    ]);
    expect(c.timeToRestore).toMatchObject({
      medianSeconds: HOUR / 1000,
      incidents: 1,
      open: 0,
      negative: 1,
    });
  });
});

describe('deployments reported in several events', () => {
  it('takes outcome, environment and finish from the latest event and unions commits', () => {
    const f = facts([
      deploy('d', at(20), {
        environment: 'staging',
        outcome: 'in_progress',
        commits: [SHA1],
      }),
      deploy('d', at(20, 1), { environment: 'production', commits: [SHA2] }),
    ]);
    expect(f.counted).toHaveLength(1);
    expect(f.counted[0]).toMatchObject({
      environment: 'production',
      outcome: 'success',
      finishedAt: Date.parse(at(20, 1)),
    });
  });
});
