import {
  EntityScorecardResponse,
  TrendPoint,
} from '@goldpath/plugin-dora-common';

function week(period: string, deployments: number): TrendPoint {
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
  };
}

/**
 * A scorecard with data in every metric: 45 deployments over 90 days,
 * 3.5 a week.
 */
export function fullScorecard(): EntityScorecardResponse {
  return {
    entityRef: 'component:default/checkout',
    asOf: '2024-06-01T00:00:00.000Z',
    window: {
      from: '2024-03-03T00:00:00.000Z',
      to: '2024-06-01T00:00:00.000Z',
      days: 90,
    },
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
    trends: {
      weekly: [
        week('2024-W10', 2),
        week('2024-W11', 4),
        week('2024-W12', 0),
        week('2024-W13', 5),
      ],
      monthly: [],
    },
  };
}

/** A scorecard of a service that has sent nothing yet. */
export function emptyScorecard(): EntityScorecardResponse {
  return {
    ...fullScorecard(),
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
