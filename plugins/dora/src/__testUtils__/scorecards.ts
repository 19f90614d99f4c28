import {
  Distribution,
  EntityRollupResponse,
  EntityScorecardResponse,
  EntityTimelineResponse,
  LevelCounts,
  RollupGroup,
  RollupGroupBy,
  RollupResponse,
  RollupSlice,
  ServiceScorecard,
  TrendPoint,
} from '@goldpath/plugin-dora-common';
import { DoraApi } from '../api';
import { adoptionResponse } from './adoption';
import { modelHealthResponse } from './modelHealth';
import { ticketsResponse } from './tickets';

const WINDOW = {
  from: '2024-03-03T00:00:00.000Z',
  to: '2024-06-01T00:00:00.000Z',
  days: 90,
};
const AS_OF = '2024-06-01T00:00:00.000Z';

export function week(
  period: string,
  deployments: number,
  extra: Partial<TrendPoint> = {},
): TrendPoint {
  return {
    period,
    from: '2024-01-01T00:00:00.000Z',
    to: '2024-01-08T00:00:00.000Z',
    deployments,
    deploymentDays: Math.min(deployments, 5),
    changes: deployments * 2,
    leadTimeMedianSeconds: deployments ? 3600 : null,
    failedDeployments: 0,
    changeFailRate: deployments ? 0 : null,
    reworkDeployments: 0,
    reworkRate: deployments ? 0 : null,
    recovered: 0,
    recoveryMedianSeconds: null,
    incidentsResolved: 0,
    timeToRestoreMedianSeconds: null,
    ...extra,
  };
}

/** The metrics of {@link fullScorecard}, without trends. */
function fullMetrics(): ServiceScorecard {
  return {
    deploymentFrequency: {
      deployments: 45,
      deploymentDays: 40,
      perDay: 0.5,
      perWeek: 3.5,
      medianDeploymentDaysPerWeek: 3,
      medianDeploymentDaysPerMonth: 13,
      medianDeploymentsPerDeploymentDay: 1,
      onDemand: false,
      level: 'high',
      score: 8,
    },
    changeLeadTime: {
      medianSeconds: 93_600, // 1d 2h
      p90Seconds: 259_200,
      changes: 120,
      unattributed: 2,
      negative: 0,
      level: 'high',
      score: 7,
    },
    changeFailRate: {
      ratio: 0.0667,
      failedDeployments: 3,
      deployments: 45,
      unattributedIncidents: 0,
      level: 'elite',
      score: 9.3,
    },
    failedDeploymentRecoveryTime: {
      medianSeconds: 2_700, // 45m
      p90Seconds: 7_200,
      recovered: 2,
      open: 1,
      level: 'elite',
      score: 10,
    },
    deploymentReworkRate: {
      ratio: 0.125,
      reworkDeployments: 5,
      deployments: 40,
      level: 'medium',
      score: 8.75,
    },
    timeToRestore: {
      medianSeconds: 5_400,
      p90Seconds: 9_000,
      incidents: 2,
      open: 0,
    },
    score: 8.61,
    benchmark: 'dora-2024',
  };
}

/**
 * The week before {@link fullScorecard}: deployment frequency was lower
 * (3.0), lead time longer (1d 4h), the fail rate lower (5%), recovery had no
 * data, rework the same, and the score lower (8.2).
 */
export function previousWeekScorecard(): ServiceScorecard {
  const s = fullMetrics();
  s.deploymentFrequency.perWeek = 3;
  s.changeLeadTime.medianSeconds = 100_800; // 1d 4h
  s.changeFailRate.ratio = 0.05;
  s.failedDeploymentRecoveryTime.medianSeconds = null;
  s.score = 8.2;
  return s;
}

/**
 * A scorecard with data in every metric: 45 deployments over 90 days,
 * 3.5 a week, created from the golden path template, with last week's
 * scorecard.
 */
export function fullScorecard(): EntityScorecardResponse {
  return {
    scope: 'service',
    entityRef: 'component:default/checkout',
    asOf: AS_OF,
    window: { ...WINDOW },
    template: { ref: 'template:default/golden-path-service', version: '1.4.0' },
    previousWeek: previousWeekScorecard(),
    ...fullMetrics(),
    trends: {
      weekly: [
        week('2024-W10', 2),
        week('2024-W11', 4, {
          failedDeployments: 1,
          changeFailRate: 0.25,
          recovered: 1,
          recoveryMedianSeconds: 2_700,
        }),
        week('2024-W12', 0),
        week('2024-W13', 5, { leadTimeMedianSeconds: 7_200 }),
      ],
      monthly: [],
    },
  };
}

/** A scorecard of a service that has sent nothing yet. */
export function emptyScorecard(): EntityScorecardResponse {
  return {
    ...fullScorecard(),
    template: null,
    previousWeek: null,
    deploymentFrequency: {
      deployments: 0,
      deploymentDays: 0,
      perDay: 0,
      perWeek: 0,
      medianDeploymentDaysPerWeek: 0,
      medianDeploymentDaysPerMonth: 0,
      medianDeploymentsPerDeploymentDay: null,
      onDemand: false,
      level: null,
      score: null,
    },
    changeLeadTime: {
      medianSeconds: null,
      p90Seconds: null,
      changes: 0,
      unattributed: 0,
      negative: 0,
      level: null,
      score: null,
    },
    changeFailRate: {
      ratio: null,
      failedDeployments: 0,
      deployments: 0,
      unattributedIncidents: 0,
      level: null,
      score: null,
    },
    failedDeploymentRecoveryTime: {
      medianSeconds: null,
      p90Seconds: null,
      recovered: 0,
      open: 0,
      level: null,
      score: null,
    },
    deploymentReworkRate: {
      ratio: null,
      reworkDeployments: 0,
      deployments: 0,
      level: null,
      score: null,
    },
    timeToRestore: {
      medianSeconds: null,
      p90Seconds: null,
      incidents: 0,
      open: 0,
    },
    score: null,
    trends: { weekly: [], monthly: [] },
  };
}

export function distribution(
  n: number,
  median: number | null,
  p25 = median,
  p75 = median,
): Distribution {
  return { n, median, p25, p75, min: p25, max: p75 };
}

function levels(counts: Partial<LevelCounts>): LevelCounts {
  return { elite: 0, high: 0, medium: 0, low: 0, none: 0, ...counts };
}

function slice(
  services: number,
  leadTimeSeconds: number | null,
  deploymentsPerWeek: number | null,
): RollupSlice {
  const n = leadTimeSeconds === null ? 0 : services;
  return {
    services,
    metrics: {
      deploymentsPerWeek: distribution(
        deploymentsPerWeek === null ? 0 : services,
        deploymentsPerWeek,
      ),
      leadTimeSeconds: distribution(n, leadTimeSeconds),
      changeFailRate: distribution(services, 0.1),
      recoverySeconds: distribution(services, 3_600),
      reworkRate: distribution(services, 0.05),
      timeToRestoreSeconds: distribution(services, 7_200),
      score: distribution(services, 7),
    },
  };
}

/**
 * A rollup group of three services: two from the golden path template
 * (lead time 1d, 4 deployments a week), one not (lead time 3d, 2 a week).
 * Only two services have a recovery time.
 */
export function rollupGroup(
  key = 'system:default/payments',
  title = 'payments',
  serviceRefs = [
    'component:default/checkout',
    'component:default/billing',
    'component:default/ledger',
  ],
): RollupGroup {
  return {
    key,
    title,
    services: serviceRefs.length,
    serviceRefs,
    metrics: {
      deploymentsPerWeek: distribution(3, 3.5, 2, 4),
      leadTimeSeconds: distribution(3, 93_600, 86_400, 259_200),
      changeFailRate: distribution(3, 0.0667, 0, 0.1),
      recoverySeconds: distribution(2, 2_700, 1_800, 3_600),
      reworkRate: distribution(3, 0.125, 0.1, 0.2),
      timeToRestoreSeconds: distribution(2, 5_400),
      score: distribution(3, 7.4, 6, 8.6),
    },
    levels: {
      deploymentFrequency: levels({ elite: 1, high: 2 }),
      changeLeadTime: levels({ high: 2, medium: 1 }),
      changeFailRate: levels({ elite: 2, low: 1 }),
      failedDeploymentRecoveryTime: levels({ elite: 2, none: 1 }),
    },
    goldenPath: {
      golden: slice(2, 86_400, 4),
      other: slice(1, 259_200, 2),
      delta: { leadTimeSeconds: -172_800, deploymentsPerWeek: 2 },
    },
  };
}

/** The rollup of the system `payments`, as the scorecard endpoint answers it. */
export function systemRollup(): EntityRollupResponse {
  const group = rollupGroup();
  return {
    scope: 'rollup',
    entityRef: 'system:default/payments',
    asOf: AS_OF,
    window: { ...WINDOW },
    rollup: group,
    services: group.serviceRefs.map((entityRef, i) => ({
      entityRef,
      title: entityRef.split('/')[1],
      template:
        i < 2
          ? { ref: 'template:default/golden-path-service', version: '1.4.0' }
          : null,
      scorecard: { ...fullMetrics(), score: [8.6, 7.4, 6][i] },
    })),
  };
}

const GROUPS: Record<RollupGroupBy, Array<[string, string, string[]]>> = {
  owner: [
    [
      'group:default/team-a',
      'Team A',
      ['component:default/checkout', 'component:default/billing'],
    ],
    ['group:default/team-b', 'Team B', ['component:default/ledger']],
  ],
  system: [
    [
      'system:default/payments',
      'payments',
      [
        'component:default/checkout',
        'component:default/billing',
        'component:default/ledger',
      ],
    ],
  ],
  domain: [
    [
      'domain:default/commerce',
      'Commerce',
      ['component:default/checkout', 'component:default/billing'],
    ],
    ['none', 'No domain', ['component:default/ledger']],
  ],
  template: [
    [
      'template:default/golden-path-service',
      'Golden path service',
      ['component:default/checkout', 'component:default/billing'],
    ],
    ['none', 'No template', ['component:default/ledger']],
  ],
  'template-version': [
    [
      'template:default/golden-path-service@1.4.0',
      'Golden path service 1.4.0',
      ['component:default/checkout', 'component:default/billing'],
    ],
    ['none', 'No template', ['component:default/ledger']],
  ],
};

/** What `GET /rollups?groupBy=…` answers for a fleet of three services. */
export function rollupResponse(groupBy: RollupGroupBy): RollupResponse {
  return {
    groupBy,
    asOf: AS_OF,
    window: { ...WINDOW },
    groups: GROUPS[groupBy].map(([key, title, refs]) =>
      rollupGroup(key, title, refs),
    ),
    fleet: rollupGroup('fleet', 'Fleet'),
  };
}

/**
 * The timeline of `checkout`: four deployments (one to `prod-eu`, a
 * production environment; one failed in production and recovered, one
 * rollback, one to staging), two incidents (one
 * attributed to the failed deployment, one open and unattributed), and
 * eight lead times: two under an hour, two under a day, two under a week,
 * one under a month and one over.
 */
export function timeline(): EntityTimelineResponse {
  const deployment = {
    environment: 'production',
    production: true,
    outcome: 'success' as const,
    commitSha: 'abc123',
    counted: true,
    failed: false,
    failureCauses: [],
    rework: false,
    rollback: false,
    hotfix: false,
    recoveredAt: null,
    changes: 2,
  };
  return {
    entityRef: 'component:default/checkout',
    asOf: AS_OF,
    window: { ...WINDOW },
    deployments: [
      {
        ...deployment,
        deploymentId: 'deploy-1',
        environment: 'prod-eu',
        startedAt: '2024-05-01T10:00:00.000Z',
        finishedAt: '2024-05-01T10:05:00.000Z',
      },
      {
        ...deployment,
        deploymentId: 'deploy-2',
        startedAt: '2024-05-02T09:00:00.000Z',
        finishedAt: '2024-05-02T09:10:00.000Z',
        failed: true,
        failureCauses: ['incident'],
        recoveredAt: '2024-05-02T09:55:00.000Z',
        changes: 3,
      },
      {
        ...deployment,
        deploymentId: 'deploy-3',
        startedAt: '2024-05-02T09:40:00.000Z',
        finishedAt: '2024-05-02T09:55:00.000Z',
        rework: true,
        rollback: true,
        changes: 0,
      },
      {
        ...deployment,
        deploymentId: 'deploy-4',
        environment: 'staging',
        production: false,
        counted: false,
        startedAt: '2024-05-03T08:00:00.000Z',
        finishedAt: '2024-05-03T08:02:00.000Z',
      },
    ],
    incidents: [
      {
        incidentId: 'INC-1',
        openedAt: '2024-05-02T09:20:00.000Z',
        resolvedAt: '2024-05-02T10:50:00.000Z',
        severity: 'sev2',
        deploymentId: 'deploy-2',
        rule: 'causedByDeploymentId',
      },
      {
        incidentId: 'INC-2',
        openedAt: '2024-05-20T12:00:00.000Z',
        resolvedAt: null,
        severity: null,
        deploymentId: null,
        rule: null,
      },
    ],
    leadTimeSeconds: [
      600, 1_800, 7_200, 50_000, 90_000, 200_000, 700_000, 3_000_000,
    ],
  };
}

/** A {@link DoraApi} of jest mocks answering the fixtures above. */
export function mockDoraApi(
  overrides: Partial<DoraApi> = {},
): jest.Mocked<DoraApi> {
  const getScorecard: DoraApi['getScorecard'] = async entityRef =>
    entityRef.startsWith('component:') ? fullScorecard() : systemRollup();
  const getTimeline: DoraApi['getTimeline'] = async () => timeline();
  const getRollups: DoraApi['getRollups'] = async ({ groupBy }) =>
    rollupResponse(groupBy);
  return {
    getScorecard: jest.fn(overrides.getScorecard ?? getScorecard),
    getTimeline: jest.fn(overrides.getTimeline ?? getTimeline),
    getRollups: jest.fn(overrides.getRollups ?? getRollups),
    getAdoption: jest.fn(
      overrides.getAdoption ?? (async () => adoptionResponse()),
    ),
    getModelHealth: jest.fn(
      overrides.getModelHealth ?? (async () => modelHealthResponse()),
    ),
    getTickets: jest.fn(
      overrides.getTickets ?? (async () => ticketsResponse()),
    ),
  };
}
