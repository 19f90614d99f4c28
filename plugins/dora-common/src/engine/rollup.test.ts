import { computeServiceScorecard } from './scorecard';
import { distribution, rollupScorecards } from './rollup';
import { parseThresholdOverrides } from './thresholds';
import { at, change, deploy } from '../__testUtils__/events';

describe('distribution', () => {
  it('summarises per-service values and leaves nulls out of n', () => {
    expect(distribution([4, null, 1, 3, 2])).toEqual({
      n: 4,
      median: 2.5,
      p25: 1.75,
      p75: 3.25,
      min: 1,
      max: 4,
    });
    expect(distribution([null])).toEqual({
      n: 0,
      median: null,
      p25: null,
      p75: null,
      min: null,
      max: null,
    });
  });
});

describe('rollupScorecards', () => {
  const options = { asOf: at(100), windowDays: 90, trends: false };
  // lead time in hours, deployments: one service per spec
  const service = (hours: number, deployments: number) => {
    const events = [deploy('d0', at(11))];
    for (let i = 1; i <= deployments; i++) {
      events.push(
        change(`m${i}`, at(20 + i)),
        deploy(`d${i}`, at(20 + i, hours), { commitSha: `m${i}` }),
      );
    }
    return computeServiceScorecard('x', events, options);
  };

  it('aggregates distributions of per-service values, never pooled events', () => {
    const group = rollupScorecards({
      key: 'group:default/team-a',
      title: 'Team A',
      entries: [
        // one busy service with short lead times must not dominate the median
        {
          entityRef: 'component:default/a',
          goldenPath: true,
          scorecard: service(1, 40),
        },
        {
          entityRef: 'component:default/b',
          goldenPath: false,
          scorecard: service(10, 2),
        },
        {
          entityRef: 'component:default/c',
          goldenPath: false,
          scorecard: service(20, 2),
        },
      ],
    });
    expect(group.services).toBe(3);
    expect(group.serviceRefs).toEqual([
      'component:default/a',
      'component:default/b',
      'component:default/c',
    ]);
    expect(group.metrics.leadTimeSeconds).toMatchObject({
      n: 3,
      median: 10 * 3600,
    });
    expect(group.goldenPath.golden.metrics.leadTimeSeconds.median).toBe(3600);
    expect(group.goldenPath.other.metrics.leadTimeSeconds.median).toBe(
      15 * 3600,
    );
    expect(group.goldenPath.delta.leadTimeSeconds).toBe(3600 - 15 * 3600);
    expect(group.goldenPath.delta.deploymentsPerWeek).toBeCloseTo(
      41 / (90 / 7) - 3 / (90 / 7),
      10,
    );
    expect(group.levels.changeLeadTime).toEqual({
      elite: 3,
      high: 0,
      medium: 0,
      low: 0,
      none: 0,
    });
  });

  it('has null deltas when a slice is empty', () => {
    const group = rollupScorecards({
      key: 'k',
      title: 't',
      entries: [
        {
          entityRef: 'component:default/a',
          goldenPath: false,
          scorecard: service(1, 2),
        },
      ],
    });
    expect(group.goldenPath.golden.services).toBe(0);
    expect(group.goldenPath.delta).toEqual({
      leadTimeSeconds: null,
      deploymentsPerWeek: null,
    });
  });
});

describe('parseThresholdOverrides', () => {
  it('reads durations, ratios and frequency bands', () => {
    expect(
      parseThresholdOverrides(
        'changeLeadTime.elite=4h; changeFailRate.high=20%, deploymentReworkRate.elite=0.1,deploymentFrequency.eliteDaysPerWeek=3',
      ),
    ).toEqual({
      changeLeadTime: { elite: 14_400 },
      changeFailRate: { high: 0.2 },
      deploymentReworkRate: { elite: 0.1 },
      deploymentFrequency: { eliteDaysPerWeek: 3 },
    });
  });

  it.each([
    ['changeLeadTime.elite=soon', 'soon'],
    ['changeFailRate.high=120%', '120%'],
    ['score.elite=1', 'score.elite'],
    ['nonsense', 'nonsense'],
  ])('refuses %s', (text, named) => {
    expect(() => parseThresholdOverrides(text)).toThrow(named);
  });
});
