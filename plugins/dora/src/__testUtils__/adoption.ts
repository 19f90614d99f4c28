import { AdoptionResponse } from '@goldpath/plugin-dora-common';

/** A hand-written `GET /adoption` answer over two months. */
export function adoptionResponse(): AdoptionResponse {
  return {
    asOf: '2024-06-15T10:00:00.000Z',
    window: {
      from: '2024-05-01T00:00:00.000Z',
      to: '2024-06-15T10:00:00.000Z',
      history: '2024-04-01T00:00:00.000Z',
    },
    months: ['2024-05', '2024-06'],
    teamSource: 'attributes.team, else the created service owners',
    active: {
      from: '2024-05-16T10:00:00.000Z',
      to: '2024-06-15T10:00:00.000Z',
      count: 3,
      components: 4,
      byTeam: [
        {
          key: 'group:default/team-a',
          title: 'Team A',
          active: 2,
          components: 2,
        },
      ],
      bySystem: [],
    },
    templatesPerMonth: [
      {
        month: '2024-05',
        templates: 1,
        runs: 2,
        byTemplate: [
          {
            template: 'template:default/golden-path-service',
            title: 'Golden path service',
            runs: 2,
          },
        ],
      },
      {
        month: '2024-06',
        templates: 2,
        runs: 4,
        byTemplate: [
          {
            template: 'template:default/golden-path-service',
            title: 'Golden path service',
            runs: 3,
          },
          {
            template: 'template:default/static-site',
            title: 'Static site',
            runs: 1,
          },
        ],
      },
    ],
    coverage: {
      fleet: {
        key: 'fleet',
        title: 'Fleet',
        fromTemplate: 3,
        components: 4,
        share: 0.75,
      },
      byTeam: [
        {
          key: 'group:default/team-a',
          title: 'Team A',
          fromTemplate: 2,
          components: 2,
          share: 1,
        },
        {
          key: 'group:default/team-b',
          title: 'Team B',
          fromTemplate: 1,
          components: 2,
          share: 0.5,
        },
      ],
      bySystem: [
        {
          key: 'system:default/payments',
          title: 'Payments',
          fromTemplate: 1,
          components: 3,
          share: 1 / 3,
        },
      ],
    },
    repeatUse: [
      {
        template: 'template:default/golden-path-service',
        title: 'Golden path service',
        months: [
          {
            month: '2024-05',
            runs: 2,
            users: 2,
            teams: 1,
            repeatUsers: 0,
            repeatTeams: 0,
            previousMonthUsers: 0,
            stickiness: null,
          },
          {
            month: '2024-06',
            runs: 3,
            users: 3,
            teams: 2,
            repeatUsers: 1,
            repeatTeams: 1,
            previousMonthUsers: 2,
            stickiness: 0.5,
          },
        ],
      },
    ],
    versionDrift: [
      {
        template: 'template:default/golden-path-service',
        title: 'Golden-path Node.js service',
        currentVersion: '1.4.0',
        currentVersionSource: 'highest-seen',
        services: 3,
        versions: [
          {
            version: '1.4.0',
            services: 2,
            serviceRefs: [
              'component:default/checkout',
              'component:default/payments-api',
            ],
            versionsBehind: 0,
            owners: ['group:default/team-a'],
            outcomes: {
              services: 2,
              leadTimeSeconds: { median: 7200, n: 4 },
              deploymentsPerWeek: { median: 3, n: 2 },
            },
          },
          {
            version: '1.2.0',
            services: 1,
            serviceRefs: ['component:default/ledger'],
            versionsBehind: 2,
            owners: ['group:default/team-b'],
          },
        ],
        outdatedOwners: ['group:default/team-b'],
      },
    ],
    outcomes: {
      window: {
        from: '2024-03-17T10:00:00.000Z',
        to: '2024-06-15T10:00:00.000Z',
        days: 90,
      },
      golden: {
        services: 3,
        leadTimeSeconds: { median: 93_600, n: 3 },
        deploymentsPerWeek: { median: 3.5, n: 3 },
      },
      other: {
        services: 1,
        leadTimeSeconds: { median: null, n: 0 },
        deploymentsPerWeek: { median: 0.5, n: 1 },
      },
      delta: { leadTimeSeconds: null, deploymentsPerWeek: 3 },
      byTemplate: [],
    },
  };
}

/** An adoption answer of an empty catalog without scaffold runs. */
export function emptyAdoptionResponse(): AdoptionResponse {
  const full = adoptionResponse();
  return {
    ...full,
    active: {
      ...full.active,
      count: 0,
      components: 0,
      byTeam: [],
      bySystem: [],
    },
    templatesPerMonth: [],
    coverage: {
      fleet: {
        key: 'fleet',
        title: 'Fleet',
        fromTemplate: 0,
        components: 0,
        share: null,
      },
      byTeam: [],
      bySystem: [],
    },
    repeatUse: [],
    versionDrift: [],
    outcomes: {
      ...full.outcomes,
      golden: {
        services: 0,
        leadTimeSeconds: { median: null, n: 0 },
        deploymentsPerWeek: { median: null, n: 0 },
      },
      other: {
        services: 0,
        leadTimeSeconds: { median: null, n: 0 },
        deploymentsPerWeek: { median: null, n: 0 },
      },
      delta: { leadTimeSeconds: null, deploymentsPerWeek: null },
    },
  };
}
