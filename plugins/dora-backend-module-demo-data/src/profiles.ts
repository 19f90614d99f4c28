import { DemoServiceProfile } from './generator';

const goldenPath = {
  ref: 'template:default/golden-path-service',
  version: '1.4.0',
};

/**
 * The delivery habits of the example organisation's services
 * (`examples/entities.yaml`): golden-path services deliver faster and fail
 * less, so the scorecards have a story to tell.
 *
 * @public
 */
export const EXAMPLE_ORG_PROFILES: readonly DemoServiceProfile[] = [
  {
    service: 'component:default/checkout',
    deploysPerWeekday: 3.5,
    changesPerDeploy: 1.6,
    codingHours: [1, 6],
    waitHours: [0.3, 2],
    failureRate: 0.04,
    rollbackShare: 0.7,
    recoveryMinutes: [8, 50],
    template: goldenPath,
  },
  {
    service: 'component:default/web-shop',
    deploysPerWeekday: 1.1,
    changesPerDeploy: 2,
    codingHours: [2, 12],
    waitHours: [1, 10],
    failureRate: 0.06,
    rollbackShare: 0.6,
    recoveryMinutes: [15, 90],
    template: goldenPath,
  },
  {
    service: 'component:default/cart',
    deploysPerWeekday: 0.3,
    changesPerDeploy: 4,
    codingHours: [8, 48],
    waitHours: [24, 150],
    failureRate: 0.14,
    rollbackShare: 0.3,
    recoveryMinutes: [60, 600],
  },
  {
    service: 'component:default/search',
    deploysPerWeekday: 0.6,
    changesPerDeploy: 2.5,
    codingHours: [4, 24],
    waitHours: [4, 48],
    failureRate: 0.09,
    rollbackShare: 0.5,
    recoveryMinutes: [30, 240],
  },
  {
    service: 'component:default/payments-api',
    deploysPerWeekday: 1.6,
    changesPerDeploy: 1.5,
    codingHours: [2, 10],
    waitHours: [0.5, 4],
    failureRate: 0.05,
    rollbackShare: 0.8,
    recoveryMinutes: [10, 45],
    template: goldenPath,
  },
  {
    service: 'component:default/fraud-detector',
    deploysPerWeekday: 0.9,
    changesPerDeploy: 2,
    codingHours: [3, 20],
    waitHours: [2, 20],
    failureRate: 0.07,
    rollbackShare: 0.6,
    recoveryMinutes: [20, 120],
    template: goldenPath,
  },
  {
    service: 'component:default/ledger',
    deploysPerWeekday: 0.1,
    changesPerDeploy: 6,
    codingHours: [24, 120],
    waitHours: [120, 500],
    failureRate: 0.25,
    rollbackShare: 0.2,
    recoveryMinutes: [240, 2880],
  },
  {
    service: 'component:default/notifications',
    deploysPerWeekday: 0.25,
    changesPerDeploy: 3,
    codingHours: [6, 40],
    waitHours: [20, 120],
    failureRate: 0.12,
    rollbackShare: 0.4,
    recoveryMinutes: [45, 480],
  },
];
