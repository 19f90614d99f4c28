import {
  DAY,
  HOUR,
  T0,
  at,
  change,
  deploy,
  ev,
  incident,
  shuffle,
} from '../__testUtils__/events';
import { DeliveryEvent } from '../events/schema';
import { computeScorecards, computeServiceScorecard } from './scorecard';
import { DoraEngineOptions } from './options';

const SVC = 'component:default/svc';
/** asOf = T0 + 100 days, window 90 days → [T0 + 10d, T0 + 100d). */
const base: DoraEngineOptions = { asOf: at(100), windowDays: 90 };
const card = (events: DeliveryEvent[], options: DoraEngineOptions = {}) =>
  computeServiceScorecard(SVC, events, { ...base, ...options });

describe('production deployments', () => {
  it('counts only successful, finished, production deployments', () => {
    const c = card([
      deploy('a', at(20)),
      deploy('b', at(21), { environment: 'prod-eu' }),
      deploy('c', at(22), { environment: 'staging' }),
      deploy('d', at(23), { environment: 'preprod' }),
      deploy('e', at(24), { outcome: 'failure' }),
      deploy('f', at(25), { outcome: 'cancelled' }),
      deploy('g', at(26), { outcome: 'in_progress' }),
      deploy('h', at(27), {
        environment: 'live',
        environmentTier: 'production',
      }),
      deploy('i', at(28), {
        environment: 'production',
        environmentTier: 'staging',
      }),
    ]);
    expect(c.deploymentFrequency.deployments).toBe(3); // a, b, h
  });

  it('treats every environment as production with productionDefault=all', () => {
    const events = [deploy('a', at(20), { environment: 'staging' })];
    expect(card(events).deploymentFrequency.deployments).toBe(0);
    expect(
      card(events, { productionDefault: 'all' }).deploymentFrequency
        .deployments,
    ).toBe(1);
  });

  it('accepts a custom production pattern', () => {
    const events = [deploy('a', at(20), { environment: 'live-eu' })];
    expect(
      card(events, { productionPattern: '^live' }).deploymentFrequency
        .deployments,
    ).toBe(1);
  });

  it('merges status updates of one deployment and finishes it at the latest', () => {
    const c = card([
      deploy('a', at(20), { outcome: 'in_progress' }),
      deploy('a', at(20, 1), { outcome: 'success' }),
      change('c1', at(19), { commits: [{ sha: 'c1', authoredAt: at(19) }] }),
      deploy('first', at(15)),
    ]);
    expect(c.deploymentFrequency.deployments).toBe(2);
    // c1 shipped by 'a' (finished at day 20 + 1h): lead time 1 day 1 hour
    expect(c.changeLeadTime.medianSeconds).toBe((DAY + HOUR) / 1000);
  });

  it('a deployment that failed on its last update is not counted', () => {
    const c = card([
      deploy('a', at(20), { outcome: 'success' }),
      deploy('a', at(20, 2), { outcome: 'failure' }),
    ]);
    expect(c.deploymentFrequency.deployments).toBe(0);
  });
});

describe('deployment frequency', () => {
  it('counts deployments and distinct UTC deployment days', () => {
    const c = card([
      deploy('a', at(20, 1)),
      deploy('b', at(20, 5)),
      deploy('c', at(30)),
    ]);
    expect(c.deploymentFrequency).toMatchObject({
      deployments: 3,
      deploymentDays: 2,
      perDay: 3 / 90,
      perWeek: 3 / (90 / 7),
    });
  });

  it('puts deployment days on UTC dates whatever the offset', () => {
    // 23:30 at UTC-2 on Jan 21 is 01:30 UTC on Jan 22; 00:30+02:00 on Jan 22 is Jan 21 22:30 UTC.
    const c = card([
      deploy('a', '2024-01-21T23:30:00-02:00'),
      deploy('b', '2024-01-22T00:30:00+02:00'),
    ]);
    expect(c.deploymentFrequency.deploymentDays).toBe(2);
  });

  it.each([
    // [deployment days per week, expected level]
    [5, 'elite'],
    [1, 'high'],
  ])('%s deployment days every week is %s', (perWeek, level) => {
    const events: DeliveryEvent[] = [];
    // window [day 10, day 100): every ISO week from day 14 (a Monday) on
    for (let week = 0; week < 13; week++) {
      for (let d = 0; d < perWeek; d++) {
        events.push(deploy(`w${week}d${d}`, at(14 + week * 7 + d, 12)));
      }
    }
    expect(card(events).deploymentFrequency.level).toBe(level);
  });

  it('is medium with a deployment day in most months, low otherwise', () => {
    // asOf 2024-04-10: full months Feb and March inside the window
    const options = { asOf: '2024-04-10T00:00:00Z' };
    const monthly = [
      deploy('a', '2024-02-10T10:00:00Z'),
      deploy('b', '2024-03-10T10:00:00Z'),
    ];
    expect(card(monthly, options).deploymentFrequency.level).toBe('medium');
    expect(card([monthly[0]], options).deploymentFrequency.level).toBe('low');
  });

  it('has no level for a service without deployment data', () => {
    const c = card([change('c1', at(20))]);
    expect(c.deploymentFrequency.level).toBeNull();
    expect(c.deploymentFrequency.score).toBeNull();
    expect(c.deploymentFrequency.deployments).toBe(0);
  });

  it('scores on-demand (several deploys on the median deployment day) 10', () => {
    const events: DeliveryEvent[] = [];
    for (let day = 10; day < 100; day++) {
      events.push(
        deploy(`a${day}`, at(day, 9)),
        deploy(`b${day}`, at(day, 15)),
      );
    }
    const df = card(events).deploymentFrequency;
    expect(df.level).toBe('elite');
    expect(df.onDemand).toBe(true);
    expect(df.score).toBe(10);
  });

  it('scores low 2 with a deployment in six months, 0 without', () => {
    expect(card([deploy('a', at(20))]).deploymentFrequency.score).toBe(2);
    // only deployment 200 days before asOf: outside the six months
    expect(
      card([deploy('a', at(1))], { asOf: at(201) }).deploymentFrequency.score,
    ).toBe(0);
  });
});

describe('change lead time', () => {
  it('does not measure changes shipped by the first deployment seen', () => {
    const c = card([
      change('c1', at(11), { commits: [{ sha: 'c1', authoredAt: at(11) }] }),
      deploy('d1', at(12), { commitSha: 'c1' }),
    ]);
    expect(c.changeLeadTime).toMatchObject({
      medianSeconds: null,
      changes: 0,
      unattributed: 1,
    });
  });

  it('measures from the earliest authored commit to the first production deployment', () => {
    const c = card([
      deploy('d0', at(11)),
      change('m1', at(20), {
        commits: [
          { sha: 'a1', authoredAt: at(18) },
          { sha: 'a2', authoredAt: at(19) },
        ],
      }),
      deploy('stage', at(20, 1), { environment: 'staging', commitSha: 'm1' }),
      deploy('d1', at(20, 2), { commitSha: 'm1' }),
      deploy('d2', at(25), { commitSha: 'm1' }), // redeploy: not a new measurement
    ]);
    expect(c.changeLeadTime.changes).toBe(1);
    expect(c.changeLeadTime.medianSeconds).toBe((2 * DAY + 2 * HOUR) / 1000);
  });

  it('falls back to the merge time without authored commits', () => {
    const c = card([
      deploy('d0', at(11)),
      change('m1', at(20)),
      deploy('d1', at(20, 3), { commitSha: 'm1' }),
    ]);
    expect(c.changeLeadTime.medianSeconds).toBe((3 * HOUR) / 1000);
  });

  it('ships every undeployed change merged at or before the deployed one', () => {
    const c = card([
      deploy('d0', at(11)),
      change('m1', at(20)),
      change('m2', at(21)),
      change('m3', at(22)), // merged after the deployed commit: stays pending
      deploy('d1', at(23), { commitSha: 'm2' }),
    ]);
    // m1: 3 days, m2: 2 days
    expect(c.changeLeadTime.changes).toBe(2);
    expect(c.changeLeadTime.medianSeconds).toBe((2.5 * DAY) / 1000);
  });

  it('without a matching change, ships the changes merged before the deployment started', () => {
    const c = card([
      deploy('d0', at(11)),
      change('m1', at(20)),
      change('m2', at(22)),
      deploy('d1', at(23), { commitSha: 'unknown', startedAt: at(21) }),
    ]);
    expect(c.changeLeadTime.changes).toBe(1); // m1 only
    expect(c.changeLeadTime.medianSeconds).toBe((3 * DAY) / 1000);
  });

  it('uses an explicit commits list, even on the first deployment', () => {
    const c = card([
      change('m1', at(20)),
      change('m2', at(21), { commits: [{ sha: 'x2', authoredAt: at(19) }] }),
      change('m3', at(21, 12)),
      deploy('d1', at(22), { commits: ['m1', 'x2'] }),
    ]);
    // m1: 2 days; m2 via its commit x2 authored day 19: 3 days; m3 not listed
    expect(c.changeLeadTime.changes).toBe(2);
    expect(c.changeLeadTime.unattributed).toBe(0);
    expect(c.changeLeadTime.medianSeconds).toBe((2.5 * DAY) / 1000);
  });

  it('counts a change once however many events describe it', () => {
    const c = card([
      deploy('d0', at(11)),
      change('m1', at(20), { changeId: 42, source: 'github' }),
      change('m1', at(20, 1), {
        source: 'git',
        commits: [{ sha: 'a', authoredAt: at(19) }],
      }),
      deploy('d1', at(21), { commitSha: 'm1' }),
    ]);
    expect(c.changeLeadTime.changes).toBe(1);
    expect(c.changeLeadTime.medianSeconds).toBe((2 * DAY) / 1000);
  });

  it('excludes negative lead times and counts them; keeps zero', () => {
    const c = card([
      deploy('d0', at(11)),
      change('late', at(20), { commits: [{ sha: 'x', authoredAt: at(30) }] }),
      change('zero', at(21), { commits: [{ sha: 'y', authoredAt: at(22) }] }),
      deploy('d1', at(22), { commits: ['late', 'zero'] }),
    ]);
    expect(c.changeLeadTime).toMatchObject({
      changes: 1,
      negative: 1,
      medianSeconds: 0,
    });
  });

  it('is windowed by the deployment finish, not the merge', () => {
    const c = card([
      deploy('d0', at(1)),
      change('old', at(2)),
      deploy('d1', at(12), { commitSha: 'old' }), // in window, merged before it
      change('new', at(95)),
      deploy('d2', at(101), { commitSha: 'new' }), // after asOf
    ]);
    expect(c.changeLeadTime.changes).toBe(1);
    expect(c.changeLeadTime.medianSeconds).toBe((10 * DAY) / 1000);
  });

  it('reports interpolated median and p90 over many changes', () => {
    const events: DeliveryEvent[] = [deploy('d0', at(11))];
    // lead times 1..10 hours
    for (let h = 1; h <= 10; h++) {
      events.push(
        change(`m${h}`, at(20 + h), {
          commits: [{ sha: `a${h}`, authoredAt: at(20 + h) }],
        }),
        deploy(`d${h}`, at(20 + h, h), { commitSha: `m${h}` }),
      );
    }
    const lt = card(events).changeLeadTime;
    expect(lt.medianSeconds).toBe(5.5 * 3600);
    expect(lt.p90Seconds).toBeCloseTo(9.1 * 3600, 6);
    const lower = card(events, { median: 'lower' }).changeLeadTime;
    expect(lower.medianSeconds).toBe(5 * 3600);
    expect(lower.p90Seconds).toBe(9 * 3600);
  });

  it('rounds durations up to whole minutes with rounding=minuteCeil', () => {
    const events = [
      deploy('d0', at(11)),
      change('m1', at(20)),
      deploy('d1', new Date(T0 + 20 * DAY + 61_000).toISOString(), {
        commitSha: 'm1',
      }),
    ];
    expect(card(events).changeLeadTime.medianSeconds).toBe(61);
    expect(
      card(events, { rounding: 'minuteCeil' }).changeLeadTime.medianSeconds,
    ).toBe(120);
  });
});

describe('change fail rate', () => {
  it('is null, not 0, without deployments', () => {
    const c = card([]);
    expect(c.changeFailRate.ratio).toBeNull();
    expect(c.changeFailRate.score).toBeNull();
    expect(c.deploymentReworkRate.ratio).toBeNull();
    expect(c.score).toBeNull();
  });

  it('is 0 with deployments and no failures', () => {
    const c = card([deploy('a', at(20))]);
    expect(c.changeFailRate).toMatchObject({
      ratio: 0,
      score: 10,
      level: 'elite',
    });
  });

  it('attributes an incident to the last deployment finished strictly before it', () => {
    const c = card([
      deploy('a', at(20)),
      deploy('b', at(30)),
      ...incident('i1', at(30)), // at the very instant of b: strict → a
    ]);
    expect(c.changeFailRate.failedDeployments).toBe(1);
    const inclusive = card(
      [deploy('a', at(20)), deploy('b', at(30)), ...incident('i1', at(30))],
      { attribution: 'inclusive' },
    );
    expect(inclusive.changeFailRate.failedDeployments).toBe(1);
    // which deployment failed shows in recovery: resolve i1 one hour later
    const strictRecovery = card([
      deploy('a', at(20)),
      deploy('b', at(30)),
      ...incident('i1', at(30), at(30, 1)),
    ]).failedDeploymentRecoveryTime.medianSeconds;
    const inclusiveRecovery = card(
      [
        deploy('a', at(20)),
        deploy('b', at(30)),
        ...incident('i1', at(30), at(30, 1)),
      ],
      { attribution: 'inclusive' },
    ).failedDeploymentRecoveryTime.medianSeconds;
    expect(strictRecovery).toBe((10 * DAY + HOUR) / 1000); // from a's finish
    expect(inclusiveRecovery).toBe(HOUR / 1000); // from b's finish
  });

  it('prefers an explicit causedByDeploymentId, then the root-cause commit', () => {
    const events = [
      change('m1', at(15)),
      deploy('a', at(16), { commits: ['m1'] }),
      deploy('b', at(20)),
      deploy('c', at(25)),
    ];
    const byId = card([
      ...events,
      ...incident('i1', at(26), at(26, 2), { causedByDeploymentId: 'b' }),
    ]);
    expect(byId.failedDeploymentRecoveryTime.medianSeconds).toBe(
      (6 * DAY + 2 * HOUR) / 1000,
    );
    const byCommit = card([
      ...events,
      ...incident('i1', at(26), at(26, 2), { rootCauseCommitSha: 'm1' }),
    ]);
    expect(byCommit.failedDeploymentRecoveryTime.medianSeconds).toBe(
      (10 * DAY + 2 * HOUR) / 1000,
    );
    // an unknown explicit id falls through to the later rules
    const fallback = card([
      ...events,
      ...incident('i1', at(26), at(26, 2), { causedByDeploymentId: 'zzz' }),
    ]);
    expect(fallback.failedDeploymentRecoveryTime.medianSeconds).toBe(
      (DAY + 2 * HOUR) / 1000,
    );
  });

  it('does not blame another deployment when the explicit one does not count', () => {
    const c = card([
      deploy('a', at(16)),
      deploy('b', at(20), { outcome: 'failure' }),
      ...incident('i1', at(20, 1), at(20, 3), { causedByDeploymentId: 'b' }),
    ]);
    expect(c.changeFailRate).toMatchObject({
      failedDeployments: 0,
      unattributedIncidents: 1,
    });
  });

  it('counts a deployment once however many incidents point at it', () => {
    const c = card([
      deploy('a', at(20)),
      deploy('b', at(30)),
      ...incident('i1', at(21)),
      ...incident('i2', at(22)),
    ]);
    expect(c.changeFailRate).toMatchObject({
      failedDeployments: 1,
      deployments: 2,
      ratio: 0.5,
      score: 5,
    });
  });

  it('counts incidents with no candidate deployment as unattributed', () => {
    const c = card([...incident('i1', at(15)), deploy('a', at(20))]);
    expect(c.changeFailRate).toMatchObject({
      failedDeployments: 0,
      unattributedIncidents: 1,
    });
  });

  it('marks the deployment a rollback or hotfix repairs as failed', () => {
    const rollback = card([
      deploy('a', at(20)),
      deploy('b', at(21)),
      deploy('c', at(21, 1), { rollback: true }),
    ]);
    expect(rollback.changeFailRate.failedDeployments).toBe(1);
    expect(rollback.failedDeploymentRecoveryTime.medianSeconds).toBe(
      HOUR / 1000,
    );
    const hotfix = card([
      deploy('a', at(20)),
      deploy('b', at(21)),
      deploy('c', at(21, 3), { hotfix: true, remediatesDeploymentId: 'a' }),
    ]);
    expect(hotfix.failedDeploymentRecoveryTime.medianSeconds).toBe(
      (DAY + 3 * HOUR) / 1000,
    );
  });
});

describe('failed deployment recovery time', () => {
  it('ends at the earliest of incident resolution and remediation', () => {
    const c = card([
      deploy('a', at(20)),
      ...incident('i1', at(20, 1), at(20, 5)),
      deploy('fix', at(20, 3), { remediatesIncidentId: 'i1' }),
    ]);
    expect(c.failedDeploymentRecoveryTime).toMatchObject({
      medianSeconds: (3 * HOUR) / 1000,
      recovered: 1,
      open: 0,
    });
    expect(c.deploymentReworkRate).toMatchObject({
      reworkDeployments: 1,
      deployments: 2,
      ratio: 0.5,
    });
  });

  it('waits for the last of several incidents to resolve', () => {
    const c = card([
      deploy('a', at(20)),
      ...incident('i1', at(20, 1), at(20, 2)),
      ...incident('i2', at(20, 1), at(20, 6)),
    ]);
    expect(c.failedDeploymentRecoveryTime.medianSeconds).toBe(
      (6 * HOUR) / 1000,
    );
  });

  it('reports unrecovered failures as open', () => {
    const c = card([deploy('a', at(20)), ...incident('i1', at(21))]);
    expect(c.failedDeploymentRecoveryTime).toMatchObject({
      medianSeconds: null,
      recovered: 0,
      open: 1,
    });
    expect(c.timeToRestore.open).toBe(1);
  });

  it('is windowed by recovery time', () => {
    const c = card([
      deploy('a', at(5)),
      ...incident('i1', at(6), at(12)), // recovered inside the window
    ]);
    expect(c.failedDeploymentRecoveryTime.recovered).toBe(1);
    expect(c.changeFailRate.deployments).toBe(0); // a finished before the window
  });
});

describe('time to restore', () => {
  it('is the median of resolvedAt − openedAt over incidents resolved in the window', () => {
    const c = card([
      ...incident('i1', at(20), at(20, 2)),
      ...incident('i2', at(30), at(30, 4)),
      ...incident('old', at(1), at(2)),
    ]);
    expect(c.timeToRestore).toMatchObject({
      medianSeconds: (3 * HOUR) / 1000,
      incidents: 2,
      open: 0,
    });
  });

  it('treats a reopened incident as open', () => {
    const c = card([
      ...incident('i1', at(20), at(20, 2)),
      ev({
        type: 'incident',
        incidentId: 'i1',
        status: 'open',
        timestamp: at(21),
      }),
    ]);
    expect(c.timeToRestore).toMatchObject({ incidents: 0, open: 1 });
  });
});

describe('deployment rework rate', () => {
  it('counts rollback, hotfix and remediation deployments', () => {
    const c = card([
      deploy('a', at(20)),
      deploy('b', at(21), { rollback: true }),
      deploy('c', at(22), { hotfix: true }),
      deploy('d', at(23)),
    ]);
    expect(c.deploymentReworkRate).toMatchObject({
      reworkDeployments: 2,
      deployments: 4,
      ratio: 0.5,
      score: 5,
      level: null, // dora-2023 has no rework bands
    });
    expect(
      card([deploy('a', at(20)), deploy('b', at(21), { rollback: true })], {
        benchmark: 'dora-2023-rework',
      }).deploymentReworkRate.level,
    ).toBe('low');
  });

  it('applies the rework pattern to unmeasured changes too', () => {
    const c = card(
      [
        change('m0', at(11), {
          attributes: { message: 'hotfix: restore cart' },
        }),
        deploy('first', at(12), { commitSha: 'm0' }), // the first deployment: unmeasured
      ],
      { reworkPattern: '^hotfix' },
    );
    expect(c.deploymentReworkRate.reworkDeployments).toBe(1);
  });

  it('optionally counts deployments of changes matching a pattern', () => {
    const events = [
      deploy('a', at(20)),
      change('m1', at(21), { attributes: { title: 'Revert "feature"' } }),
      deploy('b', at(22), { commitSha: 'm1' }),
    ];
    expect(card(events).deploymentReworkRate.reworkDeployments).toBe(0);
    expect(
      card(events, { reworkPattern: '^revert' }).deploymentReworkRate
        .reworkDeployments,
    ).toBe(1);
  });
});

describe('windows', () => {
  it('includes the window start and excludes asOf', () => {
    const c = card([
      deploy('start', at(10)),
      deploy('before', new Date(T0 + 10 * DAY - 1).toISOString()),
      deploy('asof', at(100)),
    ]);
    expect(c.deploymentFrequency.deployments).toBe(1);
  });

  it('ignores events at or after asOf entirely', () => {
    const c = card([deploy('a', at(20)), ...incident('future', at(100, 1))]);
    expect(c.changeFailRate.failedDeployments).toBe(0);
    expect(c.timeToRestore.open).toBe(0);
  });

  it('supports other window lengths', () => {
    const c = card([deploy('a', at(20)), deploy('b', at(95))], {
      windowDays: 30,
    });
    expect(c.deploymentFrequency).toMatchObject({
      deployments: 1,
      perWeek: 7 / 30,
    });
  });
});

describe('order and duplicates', () => {
  const history: DeliveryEvent[] = [
    deploy('d0', at(11)),
    change('m1', at(20), { commits: [{ sha: 'a', authoredAt: at(19) }] }),
    deploy('d1', at(21), { commitSha: 'm1', outcome: 'in_progress' }),
    deploy('d1', at(21, 1), { commitSha: 'm1' }),
    ...incident('i1', at(22), at(22, 5)),
    change('m2', at(30)),
    deploy('d2', at(30, 2), { commitSha: 'm2', hotfix: true }),
    deploy('s1', at(31), { environment: 'staging' }),
  ];

  it('gives identical scorecards for shuffled input', () => {
    const expected = card(history);
    for (let seed = 1; seed <= 5; seed++) {
      expect(card(shuffle(history, seed))).toEqual(expected);
    }
  });

  it('ignores duplicates (same id), so replays change nothing', () => {
    expect(card([...history, ...history, ...shuffle(history, 9)])).toEqual(
      card(history),
    );
  });
});

describe('scores', () => {
  it('averages the available metric scores', () => {
    const c = card([
      deploy('d0', at(11)),
      change('m1', at(20)),
      deploy('d1', at(20, 0, 30), { commitSha: 'm1' }), // lead time 30 min → 10
    ]);
    // DF: 2 deployment days in 90 → low, deployed in six months → answer 2 → 2
    expect(c.deploymentFrequency.score).toBe(2);
    expect(c.changeLeadTime.score).toBe(10);
    expect(c.changeFailRate.score).toBe(10);
    expect(c.failedDeploymentRecoveryTime.score).toBeNull();
    expect(c.deploymentReworkRate.score).toBe(10);
    expect(c.score).toBe((2 + 10 + 10 + 10) / 4);
  });

  it('applies threshold overrides to levels', () => {
    const events = [
      deploy('d0', at(11)),
      change('m1', at(20)),
      deploy('d1', at(22), { commitSha: 'm1' }),
    ];
    expect(card(events).changeLeadTime.level).toBe('high');
    expect(
      card(events, { thresholds: { changeLeadTime: { elite: 3 * 86400 } } })
        .changeLeadTime.level,
    ).toBe('elite');
  });
});

describe('trends', () => {
  it('gives zero-filled ISO weeks and months covering the window', () => {
    const c = card([deploy('a', at(20)), deploy('b', at(20, 5))]);
    const weekly = c.trends!.weekly;
    // window [Jan 11, Apr 10): ISO weeks from 2024-W02 (Jan 8) to 2024-W15 (Apr 8)
    expect(weekly[0].period).toBe('2024-W02');
    expect(weekly[weekly.length - 1].period).toBe('2024-W15');
    expect(weekly).toHaveLength(14);
    expect(weekly.filter(w => w.deployments > 0)).toEqual([
      expect.objectContaining({
        period: '2024-W03',
        deployments: 2,
        deploymentDays: 1,
      }),
    ]);
    expect(weekly[0]).toMatchObject({ deployments: 0, changeFailRate: null });
    expect(c.trends!.monthly.map(m => m.period)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
    ]);
  });

  it('can be left out', () => {
    expect(card([], { trends: false }).trends).toBeUndefined();
  });
});

describe('computeScorecards', () => {
  it('keys services by full lower-case ref and skips events without service', () => {
    const report = computeScorecards(
      [
        ev({
          type: 'deployment',
          service: 'Checkout',
          deploymentId: '1',
          environment: 'prod',
          outcome: 'success',
          timestamp: at(20),
        }),
        ev({
          type: 'deployment',
          service: 'system:payments/Ledger',
          deploymentId: '1',
          environment: 'prod',
          outcome: 'success',
          timestamp: at(21),
        }),
        ev({
          type: 'ticket',
          service: undefined,
          ticketId: 't1',
          status: 'opened',
          timestamp: at(21),
        }),
      ],
      base,
    );
    expect(Object.keys(report.services)).toEqual([
      'component:default/checkout',
      'system:payments/ledger',
    ]);
    expect(report.window).toEqual({
      from: at(10),
      to: at(100),
      days: 90,
    });
    expect(report.asOf).toBe(at(100));
  });
});
