import {
  ChangeEvent,
  DeliveryEvent,
  DeploymentEvent,
  EnvironmentTier,
  IncidentEvent,
  Outcome,
} from '../events/schema';
import { parseInstant } from '../events/time';
import { ResolvedEngineOptions } from './options';

/**
 * One deployment of a service, merged from all events that share its
 * `deploymentId`.
 *
 * @public
 */
export interface DeploymentFact {
  deploymentId: string;
  /** The producing tool (`source` of its latest event that names one), lower-cased. */
  source?: string;
  environment: string;
  environmentTier?: EnvironmentTier;
  production: boolean;
  outcome: Outcome;
  startedAt?: number;
  /** Finish time: the latest event's timestamp, unless still in progress. */
  finishedAt?: number;
  commitSha?: string;
  /**
   * Whether it counts in the five metrics: successful, finished, production,
   * from a counted source and not a duplicate of another source's report.
   */
  counted: boolean;
  /**
   * Set when another source's report of the same release (same environment
   * and commit, within the correlation tolerance) counts instead: that
   * deployment's id.
   */
  duplicateOf?: string;
  /** Set when the service's deployment sources do not include this one's. */
  sourceExcluded?: boolean;
  rollback: boolean;
  hotfix: boolean;
  remediatesIncidentId?: string;
  remediatesDeploymentId?: string;
  /** Counted and marked as rework (rollback, hotfix, remediation, pattern). */
  rework: boolean;
  /** Lead times (seconds) of the changes this deployment shipped first. */
  leadTimes: number[];
  /** Changes shipped but not measured (first deployment of the service). */
  unattributedChanges: number;
  /** Changes whose lead time came out negative (clock skew), excluded. */
  negativeLeadTimes: number;
  /** Why it failed: `incident:<id>` or `rollback:<id>` / `hotfix:<id>` / `remediation:<id>`. */
  failureCauses: string[];
  /** When it was recovered (failed deployments only). */
  recoveredAt?: number;
  /** Recovery duration in seconds (failed and recovered, not negative). */
  recoverySeconds?: number;
  /**
   * Recovered before it finished (clock skew): recovered, not open, and
   * excluded from the recovery-time median.
   */
  negativeRecovery?: boolean;
}

/**
 * How an incident was attributed to a deployment.
 *
 * @public
 */
export type AttributionRule =
  | 'causedByDeploymentId'
  | 'rootCauseCommitSha'
  | 'previousDeployment';

/** @public */
export interface IncidentFact {
  incidentId: string;
  openedAt: number;
  resolvedAt?: number;
  severity?: string;
  deploymentId?: string;
  rule?: AttributionRule;
  /** `resolvedAt − openedAt` in seconds (resolved, not negative). */
  restoreSeconds?: number;
}

/** @public */
export interface ChangeFact {
  commitSha: string;
  changeId?: string;
  mergedAt: number;
  /** Lead-time start: earliest authored commit, else the merge. */
  startAt: number;
  deploymentId?: string;
  deployedAt?: number;
  leadTimeSeconds?: number;
  /** Why a deployed change has no lead time. */
  unmeasured?: 'firstDeployment' | 'negative';
}

/**
 * Everything the engine derives from one service's events, independent of
 * the window; metrics over any range are then simple filters over it.
 *
 * @public
 */
export interface ServiceFacts {
  service: string;
  /** Every deployment, ordered by finish (or last event) time. */
  deployments: DeploymentFact[];
  /** The counted (production, successful) deployments, ordered by finish. */
  counted: DeploymentFact[];
  incidents: IncidentFact[];
  changes: ChangeFact[];
  /** Number of distinct events the facts come from. */
  events: number;
}

const OUTCOME_RANK: Record<Outcome, number> = {
  in_progress: 0,
  success: 1,
  cancelled: 2,
  failure: 3,
};

const t = (iso: string) => parseInstant(iso)!;

/** Orders strings by code unit, like a binary collation. */
const compareIds = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

function byTimeThenId<E extends { timestamp: string; id: string }>(
  a: E,
  b: E,
): number {
  return t(a.timestamp) - t(b.timestamp) || compareIds(a.id, b.id);
}

/** Keeps one event per id, chosen independently of input order. */
export function dedupeEvents(
  events: readonly DeliveryEvent[],
): DeliveryEvent[] {
  const byId = new Map<string, { event: DeliveryEvent; json?: string }>();
  for (const event of events) {
    const seen = byId.get(event.id);
    if (!seen) {
      byId.set(event.id, { event });
      continue;
    }
    const json = JSON.stringify(event);
    seen.json ??= JSON.stringify(seen.event);
    if (json < seen.json) {
      byId.set(event.id, { event, json });
    }
  }
  return [...byId.values()].map(v => v.event);
}

function roundDuration(ms: number, options: ResolvedEngineOptions): number {
  const seconds = ms / 1000;
  return options.rounding === 'minuteCeil'
    ? Math.ceil(seconds / 60) * 60
    : seconds;
}

const isRework = (d: DeploymentFact) =>
  d.counted && (d.rollback || d.hotfix || d.remediatesIncidentId !== undefined);

function mergeDeployment(
  events: DeploymentEvent[],
  options: ResolvedEngineOptions,
): { fact: DeploymentFact; commits?: Set<string> } {
  events.sort(
    (a, b) =>
      t(a.timestamp) - t(b.timestamp) ||
      OUTCOME_RANK[a.outcome] - OUTCOME_RANK[b.outcome] ||
      (a.id < b.id ? -1 : 1),
  );
  const latest = events[events.length - 1];
  let tier: EnvironmentTier | undefined;
  let commitSha: string | undefined;
  let commits: Set<string> | undefined;
  let startedAt: number | undefined;
  let remediatesIncidentId: string | undefined;
  let remediatesDeploymentId: string | undefined;
  let rollback = false;
  let hotfix = false;
  let source: string | undefined;
  for (const e of events) {
    source = e.source?.trim().toLowerCase() || source;
    tier = e.environmentTier ?? tier;
    commitSha = e.commitSha ?? commitSha;
    remediatesIncidentId = e.remediatesIncidentId ?? remediatesIncidentId;
    remediatesDeploymentId = e.remediatesDeploymentId ?? remediatesDeploymentId;
    rollback ||= e.rollback === true;
    hotfix ||= e.hotfix === true;
    if (e.startedAt) {
      startedAt = Math.min(startedAt ?? Infinity, t(e.startedAt));
    }
    if (e.commits) {
      commits = new Set([...(commits ?? []), ...e.commits]);
    }
  }
  const production = tier
    ? tier === 'production'
    : options.productionDefault === 'all' ||
      options.productionPattern.test(latest.environment);
  const finishedAt =
    latest.outcome === 'in_progress' ? undefined : t(latest.timestamp);
  const counted =
    latest.outcome === 'success' && finishedAt !== undefined && production;
  const fact: DeploymentFact = {
    deploymentId: latest.deploymentId,
    ...(source ? { source } : {}),
    environment: latest.environment,
    ...(tier ? { environmentTier: tier } : {}),
    production,
    outcome: latest.outcome,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(finishedAt !== undefined ? { finishedAt } : {}),
    ...(commitSha ? { commitSha } : {}),
    counted,
    rollback,
    hotfix,
    ...(remediatesIncidentId ? { remediatesIncidentId } : {}),
    ...(remediatesDeploymentId ? { remediatesDeploymentId } : {}),
    rework: false,
    leadTimes: [],
    unattributedChanges: 0,
    negativeLeadTimes: 0,
    failureCauses: [],
  };
  fact.rework = isRework(fact);
  return { fact, commits };
}

interface ChangeState extends ChangeFact {
  shas: Set<string>;
  title?: string;
}

function mergeChanges(events: ChangeEvent[]): ChangeState[] {
  const bySha = new Map<string, ChangeEvent[]>();
  for (const e of events) {
    const list = bySha.get(e.commitSha);
    if (list) list.push(e);
    else bySha.set(e.commitSha, [e]);
  }
  const changes: ChangeState[] = [];
  for (const [commitSha, list] of bySha) {
    list.sort(byTimeThenId);
    const mergedAt = t(list[0].timestamp);
    let startAt = Infinity;
    const shas = new Set<string>([commitSha]);
    let changeId: string | undefined;
    let title: string | undefined;
    for (const e of list) {
      changeId ??= e.changeId;
      for (const key of ['title', 'message']) {
        const v = e.attributes?.[key];
        if (typeof v === 'string') title ??= v;
      }
      for (const c of e.commits ?? []) {
        shas.add(c.sha);
        if (c.authoredAt) startAt = Math.min(startAt, t(c.authoredAt));
      }
    }
    changes.push({
      commitSha,
      ...(changeId ? { changeId } : {}),
      mergedAt,
      startAt: startAt === Infinity ? mergedAt : startAt,
      shas,
      ...(title ? { title } : {}),
    });
  }
  changes.sort(
    (a, b) => a.mergedAt - b.mergedAt || (a.commitSha < b.commitSha ? -1 : 1),
  );
  return changes;
}

function mergeIncident(
  events: IncidentEvent[],
  asOf: number,
): Omit<IncidentFact, 'deploymentId' | 'rule' | 'restoreSeconds'> & {
  causedByDeploymentId?: string;
  rootCauseCommitSha?: string;
} {
  events.sort(byTimeThenId);
  let openedAt: number | undefined;
  let explicitResolvedAt: number | undefined;
  let statusResolvedAt: number | undefined;
  let status: 'open' | 'resolved' | undefined;
  let causedByDeploymentId: string | undefined;
  let rootCauseCommitSha: string | undefined;
  let severity: string | undefined;
  for (const e of events) {
    if (e.openedAt) openedAt = Math.min(openedAt ?? Infinity, t(e.openedAt));
    if (e.resolvedAt) {
      explicitResolvedAt = Math.max(
        explicitResolvedAt ?? -Infinity,
        t(e.resolvedAt),
      );
    }
    if (e.status) {
      status = e.status;
      if (e.status === 'resolved') statusResolvedAt = t(e.timestamp);
    }
    causedByDeploymentId = e.causedByDeploymentId ?? causedByDeploymentId;
    rootCauseCommitSha = e.rootCauseCommitSha ?? rootCauseCommitSha;
    severity = e.severity ?? severity;
  }
  openedAt ??= t(events[0].timestamp);
  const resolved =
    status === 'resolved' ||
    (status === undefined && explicitResolvedAt !== undefined);
  let resolvedAt = resolved
    ? explicitResolvedAt ?? statusResolvedAt
    : undefined;
  if (resolvedAt !== undefined && resolvedAt >= asOf) {
    resolvedAt = undefined;
  }
  return {
    incidentId: events[0].incidentId,
    openedAt,
    ...(resolvedAt !== undefined ? { resolvedAt } : {}),
    ...(severity ? { severity } : {}),
    ...(causedByDeploymentId ? { causedByDeploymentId } : {}),
    ...(rootCauseCommitSha ? { rootCauseCommitSha } : {}),
  };
}

/** Stops a deployment from counting (it stays in `deployments`). */
function uncount(d: DeploymentFact) {
  d.counted = false;
  d.rework = false;
}

/**
 * Cross-source identity (METRICS.md): applies the service's deployment
 * sources, then folds counted deployments that different sources reported
 * for one release (same environment name, case-insensitive, and commit,
 * finished within the tolerance of the release's first report) into one: the
 * deployment of the most preferred source (then the earliest finish, then
 * the smallest id) counts, and takes the others' rework marks, start and
 * explicit commits. Returns the counted deployment each folded id stands for.
 * `deployments` must be ordered by finish.
 */
function correlateDeployments(
  deployments: DeploymentFact[],
  explicitCommits: Map<DeploymentFact, Set<string>>,
  options: ResolvedEngineOptions,
): Map<string, DeploymentFact> {
  const preferred = options.deploymentSources;
  if (preferred) {
    for (const d of deployments) {
      if (d.counted && !preferred.includes(d.source ?? '')) {
        uncount(d);
        d.sourceExcluded = true;
      }
    }
  }
  const aliases = new Map<string, DeploymentFact>();
  const tolerance = options.correlationToleranceMs;
  if (tolerance <= 0) return aliases;
  type Release = { first: number; members: DeploymentFact[] };
  const open = new Map<string, Release[]>();
  const releases: Release[] = [];
  for (const d of deployments) {
    if (!d.counted || !d.commitSha) continue;
    const key = `${d.environment.trim().toLowerCase()}\u0000${d.commitSha
      .trim()
      .toLowerCase()}`;
    const candidates = open.get(key) ?? [];
    const release = candidates.find(
      r =>
        d.finishedAt! - r.first <= tolerance &&
        r.members.every(m => (m.source ?? '') !== (d.source ?? '')),
    );
    if (release) {
      release.members.push(d);
    } else {
      const created = { first: d.finishedAt!, members: [d] };
      candidates.push(created);
      open.set(key, candidates);
      releases.push(created);
    }
  }
  const rank = (d: DeploymentFact) => {
    const i = preferred ? preferred.indexOf(d.source ?? '') : -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  for (const { members } of releases) {
    if (members.length < 2) continue;
    const [kept, ...others] = [...members].sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.finishedAt! - b.finishedAt! ||
        compareIds(a.deploymentId, b.deploymentId),
    );
    for (const d of others) {
      uncount(d);
      d.duplicateOf = kept.deploymentId;
      aliases.set(d.deploymentId, kept);
      kept.rollback ||= d.rollback;
      kept.hotfix ||= d.hotfix;
      kept.remediatesIncidentId ??= d.remediatesIncidentId;
      kept.remediatesDeploymentId ??= d.remediatesDeploymentId;
      if (d.startedAt !== undefined) {
        kept.startedAt = Math.min(kept.startedAt ?? Infinity, d.startedAt);
      }
      const theirs = explicitCommits.get(d);
      if (theirs) {
        explicitCommits.set(
          kept,
          new Set([...(explicitCommits.get(kept) ?? []), ...theirs]),
        );
      }
    }
    if (!kept.remediatesIncidentId) delete kept.remediatesIncidentId;
    if (!kept.remediatesDeploymentId) delete kept.remediatesDeploymentId;
    kept.rework = isRework(kept);
  }
  return aliases;
}

/** Index of the last counted deployment finishing before (or at) `at`. */
function lastCountedBefore(
  counted: DeploymentFact[],
  at: number,
  inclusive: boolean,
): number {
  let lo = 0;
  let hi = counted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = counted[mid].finishedAt!;
    if (f < at || (inclusive && f === at)) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * Derives the facts of one service from its events (any order, duplicates
 * allowed). Events at or after `asOf` are ignored.
 *
 * @public
 */
export function analyzeService(
  service: string,
  events: readonly DeliveryEvent[],
  options: ResolvedEngineOptions,
): ServiceFacts {
  const known = dedupeEvents(events).filter(e => t(e.timestamp) < options.asOf);
  const deploymentEvents = new Map<string, DeploymentEvent[]>();
  const incidentEvents = new Map<string, IncidentEvent[]>();
  const changeEvents: ChangeEvent[] = [];
  for (const e of known) {
    if (e.type === 'deployment') {
      const list = deploymentEvents.get(e.deploymentId);
      if (list) list.push(e);
      else deploymentEvents.set(e.deploymentId, [e]);
    } else if (e.type === 'incident') {
      const list = incidentEvents.get(e.incidentId);
      if (list) list.push(e);
      else incidentEvents.set(e.incidentId, [e]);
    } else if (e.type === 'change') {
      changeEvents.push(e);
    }
  }

  /** Explicit `commits` lists of deployments that have one. */
  const explicitCommits = new Map<DeploymentFact, Set<string>>();
  const deployments = [...deploymentEvents.values()].map(list => {
    const { fact, commits } = mergeDeployment(list, options);
    if (commits) explicitCommits.set(fact, commits);
    return fact;
  });
  const sortTime = (d: DeploymentFact) => d.finishedAt ?? d.startedAt ?? 0;
  deployments.sort(
    (a, b) =>
      sortTime(a) - sortTime(b) || (a.deploymentId < b.deploymentId ? -1 : 1),
  );
  const aliases = correlateDeployments(deployments, explicitCommits, options);
  const counted = deployments.filter(d => d.counted);
  const countedById = new Map(counted.map(d => [d.deploymentId, d]));
  // An incident or remediation may name any source's id of a release.
  for (const [id, d] of aliases) countedById.set(id, d);
  const knownIds = new Set(deployments.map(d => d.deploymentId));

  // --- Lead time: give every change to the first deployment that ships it.
  const changes = mergeChanges(changeEvents);
  const changeByCommitSha = new Map(changes.map(c => [c.commitSha, c]));
  const changeByAnySha = new Map<string, ChangeState>();
  for (const c of changes) {
    for (const s of c.shas)
      if (!changeByAnySha.has(s)) changeByAnySha.set(s, c);
  }
  /** sha → the first counted deployment that shipped it. */
  const shippedBy = new Map<string, DeploymentFact>();
  let firstUndeployed = 0;
  counted.forEach((deployment, index) => {
    const explicit = explicitCommits.get(deployment);
    const changeset: ChangeState[] = [];
    if (explicit) {
      const seen = new Set<ChangeState>();
      for (const sha of explicit) {
        const c = changeByAnySha.get(sha);
        if (c && c.deployedAt === undefined && !seen.has(c)) {
          seen.add(c);
          changeset.push(c);
        }
      }
    } else {
      const head = deployment.commitSha
        ? changeByCommitSha.get(deployment.commitSha)
        : undefined;
      const cutoff = head
        ? head.mergedAt
        : (deployment.startedAt ?? deployment.finishedAt!) - 1;
      while (
        firstUndeployed < changes.length &&
        changes[firstUndeployed].deployedAt !== undefined
      ) {
        firstUndeployed++;
      }
      for (let i = firstUndeployed; i < changes.length; i++) {
        const c = changes[i];
        if (c.mergedAt > cutoff) break;
        if (c.deployedAt === undefined) changeset.push(c);
      }
    }
    const measured = index > 0 || explicit !== undefined;
    const pattern = options.reworkPattern;
    if (pattern && changeset.some(c => c.title && pattern.test(c.title))) {
      deployment.rework = true;
    }
    for (const c of changeset) {
      c.deploymentId = deployment.deploymentId;
      c.deployedAt = deployment.finishedAt!;
      if (!measured) {
        c.unmeasured = 'firstDeployment';
        deployment.unattributedChanges++;
        continue;
      }
      const ms = deployment.finishedAt! - c.startAt;
      if (ms < 0) {
        c.unmeasured = 'negative';
        deployment.negativeLeadTimes++;
        continue;
      }
      const seconds = roundDuration(ms, options);
      c.leadTimeSeconds = seconds;
      deployment.leadTimes.push(seconds);
    }
    for (const c of changeset) {
      for (const s of c.shas)
        if (!shippedBy.has(s)) shippedBy.set(s, deployment);
    }
    for (const s of explicit ?? [])
      if (!shippedBy.has(s)) shippedBy.set(s, deployment);
    if (deployment.commitSha && !shippedBy.has(deployment.commitSha)) {
      shippedBy.set(deployment.commitSha, deployment);
    }
  });

  // --- Incident attribution: explicit id, root-cause commit, then the
  // latest counted deployment finished before the incident opened.
  const incidents: IncidentFact[] = [];
  const incidentsByDeployment = new Map<DeploymentFact, IncidentFact[]>();
  const incidentById = new Map<string, IncidentFact>();
  for (const list of incidentEvents.values()) {
    const merged = mergeIncident(list, options.asOf);
    const { causedByDeploymentId, rootCauseCommitSha, ...fact } = merged;
    const incident: IncidentFact = fact;
    let target: DeploymentFact | undefined;
    if (causedByDeploymentId && knownIds.has(causedByDeploymentId)) {
      // Rule 1 applies to any deployment of the service it names. When that
      // deployment does not count (failed, not production), no other one is
      // blamed in its place: the incident stays unattributed.
      target = countedById.get(causedByDeploymentId);
      incident.rule = 'causedByDeploymentId';
    } else if (rootCauseCommitSha && shippedBy.has(rootCauseCommitSha)) {
      target = shippedBy.get(rootCauseCommitSha);
      incident.rule = 'rootCauseCommitSha';
    } else {
      const i = lastCountedBefore(
        counted,
        incident.openedAt,
        options.attribution === 'inclusive',
      );
      if (i >= 0) {
        target = counted[i];
        incident.rule = 'previousDeployment';
      }
    }
    if (target) {
      incident.deploymentId = target.deploymentId;
      const list2 = incidentsByDeployment.get(target);
      if (list2) list2.push(incident);
      else incidentsByDeployment.set(target, [incident]);
      target.failureCauses.push(`incident:${incident.incidentId}`);
    }
    if (
      incident.resolvedAt !== undefined &&
      incident.resolvedAt >= incident.openedAt
    ) {
      incident.restoreSeconds = roundDuration(
        incident.resolvedAt - incident.openedAt,
        options,
      );
    }
    incidents.push(incident);
    incidentById.set(incident.incidentId, incident);
  }
  incidents.sort(
    (a, b) => a.openedAt - b.openedAt || (a.incidentId < b.incidentId ? -1 : 1),
  );

  // --- Remediation: rollbacks, hotfixes and remediating deployments mark
  // the deployment they repair as failed and give its recovery time.
  const remediations = new Map<DeploymentFact, number>();
  counted.forEach((d, index) => {
    const marks = d.rollback || d.hotfix;
    if (!marks && !d.remediatesIncidentId) return;
    let target: DeploymentFact | undefined;
    if (d.remediatesDeploymentId) {
      target = countedById.get(d.remediatesDeploymentId);
    }
    if (!target && d.remediatesIncidentId) {
      const incident = incidentById.get(d.remediatesIncidentId);
      target = incident?.deploymentId
        ? countedById.get(incident.deploymentId)
        : undefined;
    }
    if (!target && marks && index > 0) {
      target = counted[index - 1];
    }
    if (!target || target === d) return;
    if (marks) {
      const kind = d.rollback ? 'rollback' : 'hotfix';
      target.failureCauses.push(`${kind}:${d.deploymentId}`);
    }
    const prev = remediations.get(target);
    if (prev === undefined || d.finishedAt! < prev) {
      remediations.set(target, d.finishedAt!);
    }
  });

  // --- Recovery of each failed deployment.
  for (const d of counted) {
    if (d.failureCauses.length === 0) continue;
    const candidates: number[] = [];
    const attributed = incidentsByDeployment.get(d) ?? [];
    if (
      attributed.length > 0 &&
      attributed.every(i => i.resolvedAt !== undefined)
    ) {
      candidates.push(Math.max(...attributed.map(i => i.resolvedAt!)));
    }
    const remediatedAt = remediations.get(d);
    if (remediatedAt !== undefined) candidates.push(remediatedAt);
    if (candidates.length === 0) continue;
    const recoveredAt = Math.min(...candidates);
    d.recoveredAt = recoveredAt;
    if (recoveredAt >= d.finishedAt!) {
      d.recoverySeconds = roundDuration(recoveredAt - d.finishedAt!, options);
    } else {
      d.negativeRecovery = true;
    }
  }

  return {
    service,
    deployments,
    counted,
    incidents,
    changes: changes.map(({ shas: _shas, title: _title, ...c }) => c),
    events: known.length,
  };
}
