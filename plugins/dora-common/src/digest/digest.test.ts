import type {
  Distribution,
  LevelCounts,
  RollupGroup,
  RollupSlice,
} from '../api';
import type { TemplateCandidate } from '../tickets/metrics';
import {
  digestPolicy,
  digestScope,
  fleetDigest,
  formatDigestDuration,
  teamDigest,
} from './digest';
import { digestWeek } from './week';

const RED = 'group:default/red';
const WEEK = digestWeek(Date.parse('2026-12-01T14:00:00Z'));

const dist = (
  median: number | null,
  n = median === null ? 0 : 1,
): Distribution => ({
  n,
  median,
  p25: median,
  p75: median,
  min: median,
  max: median,
});
const levels = (counts: Partial<LevelCounts> = {}): LevelCounts => ({
  elite: 0,
  high: 0,
  medium: 0,
  low: 0,
  none: 0,
  ...counts,
});
const slice = (
  services: number,
  m: {
    dpw?: number | null;
    lead?: number | null;
    cfr?: number | null;
    rec?: number | null;
  },
): RollupSlice => ({
  services,
  metrics: {
    deploymentsPerWeek: dist(m.dpw ?? null),
    leadTimeSeconds: dist(m.lead ?? null),
    changeFailRate: dist(m.cfr ?? null),
    recoverySeconds: dist(m.rec ?? null),
    reworkRate: dist(null),
    timeToRestoreSeconds: dist(null),
    score: dist(null),
  },
});
const group = (
  services: number,
  m: Parameters<typeof slice>[1],
  extra: {
    golden?: RollupSlice;
    other?: RollupSlice;
    df?: Partial<LevelCounts>;
    lt?: Partial<LevelCounts>;
  } = {},
): RollupGroup => ({
  key: RED,
  title: 'Red',
  serviceRefs: [],
  ...slice(services, m),
  levels: {
    deploymentFrequency: levels(extra.df),
    changeLeadTime: levels(extra.lt),
    changeFailRate: levels(),
    failedDeploymentRecoveryTime: levels(),
  },
  goldenPath: {
    golden: extra.golden ?? slice(0, {}),
    other: extra.other ?? slice(services, m),
    delta: { leadTimeSeconds: null, deploymentsPerWeek: null },
  },
});

describe('formatDigestDuration', () => {
  it.each([
    [45, '45 s'],
    [59.6, '60 s'],
    [90, '2 min'],
    [1800, '30 min'],
    [5400, '1.5 h'],
    [-1800, '-30 min'],
    [172800, '2 d'],
    [0, '0 s'],
  ])('%d s is %s', (seconds, text) => {
    expect(formatDigestDuration(seconds)).toBe(text);
  });
});

describe('digestPolicy', () => {
  it('sums the open violations of the team entities only, case-insensitively', () => {
    const policy = digestPolicy(
      [
        {
          entityRef: 'component:default/a',
          violationsBySeverity: { critical: 0, high: 2, medium: 1, unknown: 0 },
        },
        {
          entityRef: 'Component:default/B',
          violationsBySeverity: { high: 0, low: 4 },
        },
        // a passing entity of the team: no violations, not counted as an entity with violations
        { entityRef: 'component:default/c', violationsBySeverity: { high: 0 } },
        // another team's
        { entityRef: 'component:default/z', violationsBySeverity: { high: 9 } },
      ],
      ['component:default/a', 'component:default/b', 'component:default/c'],
    );
    // 2 high + 1 medium + 4 low = 7 on a and b
    expect(policy).toEqual({
      violations: 7,
      entities: 2,
      bySeverity: { high: 2, medium: 1, low: 4 },
    });
  });
});

describe('teamDigest', () => {
  it('reports the scorecard with the change since last week, the golden-path slice, violations and pending requests', () => {
    const current = group(
      3,
      { dpw: 4.5, lead: 7200, cfr: 0.1, rec: 5400 },
      {
        golden: slice(2, { lead: 3600, dpw: 5 }),
        other: slice(1, { lead: 14400, dpw: 2 }),
        df: { elite: 1, high: 2 },
      },
    );
    const previous = group(3, { dpw: 3.5, lead: 9000, cfr: 0.1, rec: null });
    const digest = teamDigest({
      teamRef: RED,
      teamTitle: 'Team Red',
      week: WEEK,
      current,
      previous,
      policy: {
        violations: 3,
        entities: 2,
        bySeverity: { medium: 2, high: 1 },
      },
      pending: [
        {
          title: 'GPU quota',
          page: '/requests/2',
          createdAt: '2026-11-20T00:00:00Z',
        },
        {
          title: 'DB creds',
          page: '/requests/1',
          createdAt: '2026-11-10T00:00:00Z',
        },
      ],
      listPending: 1,
    });
    expect(digest.scorecard).toEqual({
      services: 3,
      // 4.5 - 3.5 = +1
      deploymentsPerWeek: { now: 4.5, previous: 3.5, change: 1 },
      // 7200 - 9000 = -1800 s (30 min faster)
      leadTimeSeconds: { now: 7200, previous: 9000, change: -1800 },
      changeFailRate: { now: 0.1, previous: 0.1, change: 0 },
      // no recovery last week: no change
      recoverySeconds: { now: 5400, previous: null, change: null },
      deploymentFrequencyLevels: levels({ elite: 1, high: 2 }),
      goldenPath: {
        golden: 2,
        other: 1,
        leadTimeSeconds: { golden: 3600, other: 14400 },
        deploymentsPerWeek: { golden: 5, other: 2 },
      },
    });
    expect(digest.pending).toEqual({
      count: 2,
      oldest: [
        {
          title: 'DB creds',
          page: '/requests/1',
          createdAt: '2026-11-10T00:00:00Z',
        },
      ],
    });
    expect(digest.notification).toEqual({
      title: 'Weekly scorecard of Team Red, 2026-W48',
      description:
        'DORA (3 services, change since last week): deployments 4.5/week (+1/week), lead time 2 h (−30 min), change fail rate 10% (±0), recovery 1.5 h (new). ' +
        'Golden path: 2 of 3 services; lead time 1 h vs 4 h elsewhere. ' +
        'Policy: 3 open violations (1 high, 2 medium) on 2 entities. ' +
        'Requests: 2 pending (oldest: DB creds). ' +
        'Pages: /dora?groupBy=owner · /policy · /requests',
      link: '/dora?groupBy=owner',
      topic: 'goldpath-digest',
      scope: 'goldpath-digest:group:default/red:2026-W48',
    });
  });

  it('says what it does not know rather than inventing figures', () => {
    const digest = teamDigest({
      teamRef: RED,
      week: WEEK,
      policy: null,
      pending: null,
    });
    expect(digest.scorecard).toBeNull();
    expect(digest.pending).toBeNull();
    expect(digest.notification.title).toBe(
      'Weekly scorecard of group:default/red, 2026-W48',
    );
    expect(digest.notification.description).toBe(
      'DORA: no measured services. Pages: /dora?groupBy=owner · /policy · /requests',
    );
  });

  it('reports a team without measured delivery and without violations or requests', () => {
    const digest = teamDigest({
      teamRef: RED,
      week: WEEK,
      current: group(1, {}),
      policy: { violations: 0, entities: 0, bySeverity: {} },
      pending: [],
    });
    expect(digest.notification.description).toBe(
      'DORA (1 service, change since last week): no measured delivery yet. Golden path: 0 of 1 service. ' +
        'Policy: no open violations. Requests: none pending. Pages: /dora?groupBy=owner · /policy · /requests',
    );
  });
});

describe('fleetDigest', () => {
  const candidate = (
    category: string,
    tickets: number,
    totalQueueSeconds: number,
    coveredBy: string | null = null,
  ): TemplateCandidate => ({
    category,
    tickets,
    totalQueueSeconds,
    score: tickets * totalQueueSeconds,
    meanQueueSeconds: totalQueueSeconds / tickets,
    labelledTickets: 0,
    labelledTicketIds: [],
    reason: 'score',
    coveredBy,
  });

  it('reports levels, coverage, uncovered candidates and undelivered digests', () => {
    const digest = fleetDigest({
      teamRef: 'group:default/platform',
      week: WEEK,
      fleet: group(
        5,
        { dpw: 2 },
        { df: { elite: 2, low: 1, none: 2 }, lt: { high: 3, none: 2 } },
      ),
      coverage: { fromTemplate: 3, components: 5, share: 0.6 },
      candidates: [
        candidate('database-credentials', 6, 36000, 'template:default/db'),
        candidate('gpu-quota', 4, 7200),
        candidate('dns', 2, 600),
        candidate('vpn', 2, 60),
        candidate('misc', 2, 30),
      ],
      undelivered: ['group:default/z', 'group:default/b'],
      topCandidates: 2,
    });
    expect(digest.candidates?.map(c => c.category)).toEqual([
      'gpu-quota',
      'dns',
    ]);
    expect(digest.undelivered).toEqual(['group:default/b', 'group:default/z']);
    expect(digest.notification).toEqual({
      title: 'Fleet digest, 2026-W48',
      description:
        '5 measured services. Deployment frequency: 2 elite, 1 low, 2 none. Lead time: 3 high, 2 none. ' +
        'Golden-path coverage: 60% (3 of 5 components). ' +
        'Top template candidates: gpu-quota (4 tickets, 2 h queued); dns (2 tickets, 10 min queued). ' +
        'Undelivered team digests: group:default/b, group:default/z. ' +
        'Pages: /dora?groupBy=owner · /dora/adoption · /dora/tickets',
      link: '/dora/adoption',
      topic: 'goldpath-digest',
      scope: 'goldpath-digest:fleet:group:default/platform:2026-W48',
    });
  });

  it('says when the candidates are not available', () => {
    const digest = fleetDigest({
      teamRef: 'group:default/platform',
      week: WEEK,
      candidates: null,
    });
    expect(digest.notification.description).toBe(
      'No measured services. Template candidates: not available. Pages: /dora?groupBy=owner · /dora/adoption · /dora/tickets',
    );
  });
});

describe('digestScope', () => {
  it('differs per team, kind and week', () => {
    expect(digestScope('team', RED, { label: '2026-W48' })).toBe(
      'goldpath-digest:group:default/red:2026-W48',
    );
    expect(digestScope('fleet', RED, { label: '2026-W48' })).toBe(
      'goldpath-digest:fleet:group:default/red:2026-W48',
    );
  });
});
