import { ScaffoldEvent } from '../events/schema';
import { AdoptionComponent, adoptionRange, computeAdoption } from './adoption';

const SVC = 'template:default/svc';
const WEB = 'template:default/web';
const RED = 'group:default/red';
const BLUE = 'group:default/blue';
const GREEN = 'group:default/green';
const SHOP = 'system:default/shop';
const PAY = 'system:default/pay';
const ref = (name: string) => `component:default/${name}`;

/*
 * The hand-checked fixture. asOf = 2024-04-15T00:00Z, months = 3: the
 * reported months are 2024-02, 2024-03 and 2024-04 (up to asOf); the
 * history starts one month earlier, at 2024-01-01.
 *
 * Components (owners, system, attribution):
 *   a: red,  shop, svc 1.2.0      b: red,  shop, svc 1.0.0
 *   c: blue, pay,  svc 1.2.0      d: blue, pay,  none
 *   e: no owner, no system, web (no version)
 * Active refs from the store: a, d, and ghost (not in the catalog: ignored).
 *
 * Scaffold events:
 *   s1  2024-01-10 svc u1 success service a          → history (Jan), team red (owner of a)
 *   s2  2024-02-05 svc u1 success attributes.team green → Feb, team green
 *   s3  2024-02-06 svc u2 success service c          → Feb, team blue (owner of c)
 *   s4  2024-02-07 svc u3 failure                    → not counted (failed)
 *   s5  2024-03-03 svc u2 success service b          → Mar, team red
 *   s6  2024-03-04 svc u4 (no outcome)               → not counted (not successful)
 *   s7  2024-04-01 svc u1 success attributes.team green → Apr, team green
 *   s8  2024-04-02 web u5 success service e          → Apr, no team (e has no owner)
 *   s9  2024-03-31T23:30-01:00 web u6 success        → 2024-04-01T00:30Z: Apr, no team
 *   s10 2024-04-20 svc u1 success                    → after asOf: ignored
 *   s11 2023-12-31 svc u9 success                    → before the history: ignored
 *
 * Templates used per month: Feb 1 (svc: 2 runs), Mar 1 (svc: 1), Apr 2
 * (svc: 1, web: 2) → runs 2, 1, 3.
 *
 * Repeat use of svc (users, with the earlier months' users before):
 *   Feb: users {u1,u2}; earlier {u1} → repeat 1; previous month (Jan) 1 user
 *        → stickiness 1/1 = 1. Teams {green,blue}; earlier {red} → repeat 0.
 *   Mar: users {u2}; earlier {u1,u2} → repeat 1; previous month (Feb) 2 users
 *        → stickiness 1/2 = 0.5. Teams {red}; earlier {red,green,blue} → 1.
 *   Apr: users {u1}; earlier {u1,u2} → repeat 1 (u1 ran in Jan and Feb);
 *        previous month (Mar) 1 user → stickiness 1/1 = 1 (the definition
 *        divides repeat users of any earlier month by last month's users).
 *        Teams {green}; green ran in Feb → repeat 1.
 * Repeat use of web: Feb and Mar no runs, previous month no users → null;
 *   Apr users {u5,u6}, none earlier → repeat 0; Mar had no users → null
 *   (never 0 for "no data").
 *
 * Coverage (from template / components): fleet 4/5 = 0.8; red 2/2 = 1,
 * blue 1/2 = 0.5, none 1/1 = 1; shop 2/2, pay 1/2, none 1/1.
 * Active (active / components): count 2 of 5; red 1/2 (a), blue 1/2 (d),
 * none 0/1; shop 1/2, pay 1/2, none 0/1.
 * Version drift of svc: highest seen 1.2.0 (a, c: 0 behind), 1.0.0 (b: 1
 * behind, one newer version 1.2.0) → outdated owners [red]. web: only an
 * unknown version: current null, behind null.
 */
const components: AdoptionComponent[] = [
  {
    ref: ref('a'),
    owners: [RED],
    system: SHOP,
    template: { ref: SVC, version: '1.2.0' },
  },
  {
    ref: ref('b'),
    owners: [RED],
    system: SHOP,
    template: { ref: SVC, version: '1.0.0' },
  },
  {
    ref: ref('c'),
    owners: [BLUE],
    system: PAY,
    template: { ref: SVC, version: '1.2.0' },
  },
  { ref: ref('d'), owners: [BLUE], system: PAY, template: null },
  { ref: ref('e'), owners: [], template: { ref: WEB } },
];

function scaffold(
  id: string,
  timestamp: string,
  template: string,
  extra: Partial<ScaffoldEvent> = {},
): ScaffoldEvent {
  return {
    id,
    type: 'scaffold',
    timestamp,
    template,
    service: ref('unlisted'),
    ...extra,
  };
}

const events: ScaffoldEvent[] = [
  scaffold('s1', '2024-01-10T10:00:00.000Z', SVC, {
    actor: 'u1',
    outcome: 'success',
    service: ref('a'),
  }),
  scaffold('s2', '2024-02-05T10:00:00.000Z', SVC, {
    actor: 'u1',
    outcome: 'success',
    attributes: { team: GREEN },
  }),
  scaffold('s3', '2024-02-06T10:00:00.000Z', SVC, {
    actor: 'u2',
    outcome: 'success',
    service: ref('c'),
  }),
  scaffold('s4', '2024-02-07T10:00:00.000Z', SVC, {
    actor: 'u3',
    outcome: 'failure',
  }),
  scaffold('s5', '2024-03-03T10:00:00.000Z', SVC, {
    actor: 'u2',
    outcome: 'success',
    service: ref('b'),
  }),
  scaffold('s6', '2024-03-04T10:00:00.000Z', SVC, { actor: 'u4' }),
  scaffold('s7', '2024-04-01T10:00:00.000Z', SVC, {
    actor: 'u1',
    outcome: 'success',
    attributes: { team: GREEN },
  }),
  scaffold('s8', '2024-04-02T10:00:00.000Z', WEB, {
    actor: 'u5',
    outcome: 'success',
    service: ref('e'),
  }),
  scaffold('s9', '2024-03-31T23:30:00-01:00', WEB, {
    actor: 'u6',
    outcome: 'success',
  }),
  scaffold('s10', '2024-04-20T10:00:00.000Z', SVC, {
    actor: 'u1',
    outcome: 'success',
  }),
  scaffold('s11', '2023-12-31T10:00:00.000Z', SVC, {
    actor: 'u9',
    outcome: 'success',
  }),
];

const asOf = Date.UTC(2024, 3, 15);
const figures = computeAdoption({
  asOf,
  months: 3,
  components,
  activeRefs: [ref('a'), ref('d'), ref('ghost')],
  scaffoldEvents: events,
  titles: new Map([[RED, 'Red team']]),
});

describe('adoptionRange', () => {
  it.each([
    // asOf, months, history, from, last month start
    ['2024-04-15T00:00:00Z', 3, '2024-01-01', '2024-02-01', '2024-04-01'],
    // asOf is exclusive: at 1 January the last month is December
    ['2024-01-01T00:00:00Z', 1, '2023-11-01', '2023-12-01', '2023-12-01'],
    ['2024-03-01T00:00:01Z', 2, '2024-01-01', '2024-02-01', '2024-03-01'],
  ])('asOf %s, %i months', (at, months, history, from, last) => {
    const range = adoptionRange({ asOf: Date.parse(at), months });
    expect(new Date(range.historyFrom).toISOString().slice(0, 10)).toBe(
      history,
    );
    expect(new Date(range.from).toISOString().slice(0, 10)).toBe(from);
    expect(range.monthStarts).toHaveLength(months + 1);
    expect(new Date(range.monthStarts[months]).toISOString().slice(0, 10)).toBe(
      last,
    );
    expect(range.activeFrom).toBe(Date.parse(at) - 30 * 86_400_000);
  });
});

describe('computeAdoption', () => {
  it('reports the window and months', () => {
    expect(figures.asOf).toBe('2024-04-15T00:00:00.000Z');
    expect(figures.months).toEqual(['2024-02', '2024-03', '2024-04']);
    expect(figures.window).toEqual({
      from: '2024-02-01T00:00:00.000Z',
      to: '2024-04-15T00:00:00.000Z',
      history: '2024-01-01T00:00:00.000Z',
    });
  });

  it.each([
    ['2024-02', 1, 2, [{ template: SVC, runs: 2 }]],
    ['2024-03', 1, 1, [{ template: SVC, runs: 1 }]],
    [
      '2024-04',
      2,
      3,
      [
        { template: SVC, runs: 1 },
        { template: WEB, runs: 2 },
      ],
    ],
  ])(
    'templates used in %s: %i templates, %i runs',
    (month, templates, runs, byTemplate) => {
      const m = figures.templatesPerMonth.find(x => x.month === month)!;
      expect(m).toMatchObject({ templates, runs });
      expect(
        m.byTemplate.map(({ template, runs: r }) => ({ template, runs: r })),
      ).toEqual(byTemplate);
    },
  );

  it.each([
    // template, month, runs, users, teams, repeatUsers, repeatTeams, previousMonthUsers, stickiness
    [SVC, '2024-02', 2, 2, 2, 1, 0, 1, 1],
    [SVC, '2024-03', 1, 1, 1, 1, 1, 2, 0.5],
    [SVC, '2024-04', 1, 1, 1, 1, 1, 1, 1],
    [WEB, '2024-02', 0, 0, 0, 0, 0, 0, null],
    [WEB, '2024-03', 0, 0, 0, 0, 0, 0, null],
    [WEB, '2024-04', 2, 2, 0, 0, 0, 0, null],
  ])(
    'repeat use of %s in %s',
    (
      template,
      month,
      runs,
      users,
      teams,
      repeatUsers,
      repeatTeams,
      previousMonthUsers,
      stickiness,
    ) => {
      const t = figures.repeatUse.find(x => x.template === template)!;
      expect(t.months.find(m => m.month === month)).toEqual({
        month,
        runs,
        users,
        teams,
        repeatUsers,
        repeatTeams,
        previousMonthUsers,
        stickiness,
      });
    },
  );

  it('has no template without a run in the reported months', () => {
    expect(figures.repeatUse.map(t => t.template)).toEqual([SVC, WEB]);
  });

  it.each([
    ['fleet', 'fleet', 4, 5, 0.8],
    ['byTeam', RED, 2, 2, 1],
    ['byTeam', BLUE, 1, 2, 0.5],
    ['byTeam', 'none', 1, 1, 1],
    ['bySystem', SHOP, 2, 2, 1],
    ['bySystem', PAY, 1, 2, 0.5],
    ['bySystem', 'none', 1, 1, 1],
  ] as const)(
    'coverage %s %s: %i of %i',
    (list, key, fromTemplate, count, share) => {
      const entry =
        list === 'fleet'
          ? figures.coverage.fleet
          : figures.coverage[list].find(c => c.key === key)!;
      expect(entry).toMatchObject({
        key,
        fromTemplate,
        components: count,
        share,
      });
    },
  );

  it('orders teams and systems by ref with none last, with titles', () => {
    expect(figures.coverage.byTeam.map(c => [c.key, c.title])).toEqual([
      [BLUE, BLUE],
      [RED, 'Red team'],
      ['none', 'None'],
    ]);
  });

  it.each([
    ['byTeam', RED, 1, 2],
    ['byTeam', BLUE, 1, 2],
    ['byTeam', 'none', 0, 1],
    ['bySystem', SHOP, 1, 2],
    ['bySystem', PAY, 1, 2],
    ['bySystem', 'none', 0, 1],
  ] as const)('active %s %s: %i of %i', (list, key, active, count) => {
    expect(figures.active[list].find(c => c.key === key)).toMatchObject({
      active,
      components: count,
    });
  });

  it('counts active catalog components of the last 30 days only', () => {
    expect(figures.active).toMatchObject({
      count: 2,
      components: 5,
      from: '2024-03-16T00:00:00.000Z',
      to: '2024-04-15T00:00:00.000Z',
    });
  });

  it('reports version drift against the highest version seen', () => {
    expect(figures.versionDrift).toEqual([
      {
        template: SVC,
        title: SVC,
        currentVersion: '1.2.0',
        currentVersionSource: 'highest-seen',
        services: 3,
        versions: [
          {
            version: '1.2.0',
            services: 2,
            serviceRefs: [ref('a'), ref('c')],
            versionsBehind: 0,
            owners: [BLUE, RED],
          },
          {
            version: '1.0.0',
            services: 1,
            serviceRefs: [ref('b')],
            versionsBehind: 1,
            owners: [RED],
          },
        ],
        outdatedOwners: [RED],
      },
      {
        template: WEB,
        title: WEB,
        currentVersion: null,
        currentVersionSource: 'highest-seen',
        services: 1,
        versions: [
          {
            version: null,
            services: 1,
            serviceRefs: [ref('e')],
            versionsBehind: null,
            owners: [],
          },
        ],
        outdatedOwners: [],
      },
    ]);
  });

  it('prefers the template annotation as the current version', () => {
    const drift = computeAdoption({
      asOf,
      months: 3,
      components,
      activeRefs: [],
      scaffoldEvents: [],
      templateVersions: new Map([[SVC, '2.0.0']]),
    }).versionDrift[0];
    expect(drift).toMatchObject({
      currentVersion: '2.0.0',
      currentVersionSource: 'annotation',
      outdatedOwners: [BLUE, RED],
    });
    // 1.2.0 is behind by 2.0.0; 1.0.0 by 1.2.0 and 2.0.0
    expect(drift.versions.map(v => [v.version, v.versionsBehind])).toEqual([
      ['1.2.0', 1],
      ['1.0.0', 2],
    ]);
  });

  it('invents nothing without data', () => {
    const empty = computeAdoption({
      asOf,
      months: 2,
      components: [],
      activeRefs: [],
      scaffoldEvents: [],
    });
    expect(empty.active).toMatchObject({
      count: 0,
      components: 0,
      byTeam: [],
      bySystem: [],
    });
    expect(empty.coverage.fleet).toMatchObject({
      fromTemplate: 0,
      components: 0,
      share: null,
    });
    expect(empty.templatesPerMonth).toEqual([
      { month: '2024-03', templates: 0, runs: 0, byTemplate: [] },
      { month: '2024-04', templates: 0, runs: 0, byTemplate: [] },
    ]);
    expect(empty.repeatUse).toEqual([]);
    expect(empty.versionDrift).toEqual([]);
  });
});
