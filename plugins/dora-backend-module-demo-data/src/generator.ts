import { DAY_MS, DeliveryEventInput } from '@goldpath/plugin-dora-common';
import { between, hash, poisson, random } from './random';

/**
 * How one demo service delivers: the knobs behind its DORA numbers.
 *
 * @public
 */
export interface DemoServiceProfile {
  /** Entity ref of the service, e.g. `component:default/checkout`. */
  service: string;
  /** Mean production deployments on a weekday (weekends get a tenth). */
  deploysPerWeekday: number;
  /** Mean changes shipped per deployment (at least one). */
  changesPerDeploy: number;
  /** Hours from first commit to merge, min and max. */
  codingHours: [number, number];
  /** Hours from merge to production deployment, min and max. */
  waitHours: [number, number];
  /** Probability that a deployment fails in production. */
  failureRate: number;
  /** Of failures, the share repaired by a rollback (the rest by a hotfix). */
  rollbackShare: number;
  /** Minutes from failure to recovery, min and max. */
  recoveryMinutes: [number, number];
  /** Software template the service was created from, if any. */
  template?: { ref: string; version: string };
}

/** A 40-hex fake commit sha derived from a seed text. */
function sha(text: string): string {
  let out = '';
  for (let i = 0; out.length < 40; i++) {
    out += hash(`${text}#${i}`).toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Who ran the golden-path template for the demo's template-created
 * services, in profile order: Ada comes back a couple of months later, Grace
 * and Alan run it once, so the adoption page has repeat use to show.
 */
const SCAFFOLD_ACTORS = [
  'user:default/ada.lovelace',
  'user:default/grace.hopper',
  'user:default/ada.lovelace',
  'user:default/alan.turing',
];
/** Days between the demo's scaffold runs: always different calendar months. */
const SCAFFOLD_SPACING_DAYS = 31;

/**
 * Generates the demo delivery history: for every service and every UTC day
 * in `[asOf − days, asOf)` (whole days), its changes, staging and production
 * deployments, incidents, rollbacks and hotfixes.
 *
 * Deterministic: each service-day is drawn from a generator seeded with the
 * service and the day, and event ids name that day, so generating again on a
 * later day reproduces the overlapping days exactly (replays are idempotent).
 *
 * @public
 */
export function generateDemoEvents(options: {
  profiles: readonly DemoServiceProfile[];
  asOf: number;
  days: number;
}): DeliveryEventInput[] {
  const lastDay = Math.floor(options.asOf / DAY_MS); // exclusive: today is not generated
  const firstDay = lastDay - options.days;
  const events: DeliveryEventInput[] = [];
  const templated = options.profiles.filter(p => p.template).length;
  let scaffolds = 0;
  for (const profile of options.profiles) {
    const name = profile.service.split('/').pop()!;
    if (profile.template) {
      // One run a month, oldest first, the last a few days before the
      // service's delivery history starts.
      const index = scaffolds++;
      const created =
        (firstDay - 5 - (templated - 1 - index) * SCAFFOLD_SPACING_DAYS) *
          DAY_MS +
        10 * HOUR;
      events.push({
        id: `demo:${name}:scaffold`,
        type: 'scaffold',
        service: profile.service,
        timestamp: iso(created),
        template: profile.template.ref,
        templateVersion: profile.template.version,
        outcome: 'success',
        source: 'scaffolder',
        actor: SCAFFOLD_ACTORS[index % SCAFFOLD_ACTORS.length],
      });
    }
    for (let day = firstDay; day < lastDay; day++) {
      events.push(...generateDay(profile, name, day));
    }
  }
  return events;
}

function generateDay(
  profile: DemoServiceProfile,
  name: string,
  day: number,
): DeliveryEventInput[] {
  const rng = random(hash(`${profile.service}|${day}`));
  const start = day * DAY_MS;
  const weekday = (new Date(start).getUTCDay() + 6) % 7 < 5;
  const lambda = profile.deploysPerWeekday * (weekday ? 1 : 0.1);
  const deploys = poisson(rng, lambda);
  const times = Array.from(
    { length: deploys },
    () => start + between(rng, [8, 18]) * HOUR,
  ).sort((a, b) => a - b);
  const out: DeliveryEventInput[] = [];
  const base = { service: profile.service, source: 'demo' };

  times.forEach((finishedAt, k) => {
    const key = `${name}:${day}:${k}`;
    // The changes this deployment ships.
    const nChanges =
      1 + poisson(rng, Math.max(0, profile.changesPerDeploy - 1));
    const deployStart = finishedAt - between(rng, [4, 15]) * MINUTE;
    const changes = Array.from({ length: nChanges }, (_, c) => {
      const mergedAt = deployStart - between(rng, profile.waitHours) * HOUR;
      const authoredAt = mergedAt - between(rng, profile.codingHours) * HOUR;
      return { sha: sha(`${key}:${c}`), mergedAt, authoredAt, n: c };
    }).sort((a, b) => a.mergedAt - b.mergedAt);
    for (const c of changes) {
      out.push({
        ...base,
        id: `demo:${key}:change:${c.n}`,
        type: 'change',
        timestamp: iso(c.mergedAt),
        commitSha: c.sha,
        changeId: `${(hash(c.sha) % 9000) + 1000}`,
        commits: [
          { sha: sha(`${key}:${c.n}:a`), authoredAt: iso(c.authoredAt) },
          {
            sha: sha(`${key}:${c.n}:b`),
            authoredAt: iso((c.authoredAt + c.mergedAt) / 2),
          },
        ],
        actor: `developer-${hash(c.sha) % 7}@acme.example`,
      });
    }
    const head = changes[changes.length - 1].sha;
    const deploymentId = `${day}-${k}`;
    out.push(
      {
        ...base,
        id: `demo:${key}:staging`,
        type: 'deployment',
        deploymentId: `stg-${deploymentId}`,
        environment: 'staging',
        outcome: 'success',
        commitSha: head,
        timestamp: iso(deployStart - 20 * MINUTE),
      },
      {
        ...base,
        id: `demo:${key}:prod:start`,
        type: 'deployment',
        deploymentId,
        environment: 'production',
        outcome: 'in_progress',
        commitSha: head,
        startedAt: iso(deployStart),
        timestamp: iso(deployStart),
      },
      {
        ...base,
        id: `demo:${key}:prod:end`,
        type: 'deployment',
        deploymentId,
        environment: 'production',
        outcome: 'success',
        commitSha: head,
        startedAt: iso(deployStart),
        timestamp: iso(finishedAt),
      },
    );

    if (rng() >= profile.failureRate) return;
    const incidentId = `INC-${(hash(key) % 90000) + 10000}`;
    const openedAt = finishedAt + between(rng, [3, 40]) * MINUTE;
    const recoveredAt =
      openedAt + between(rng, profile.recoveryMinutes) * MINUTE;
    out.push(
      {
        ...base,
        id: `demo:${key}:incident:open`,
        type: 'incident',
        incidentId,
        status: 'open',
        openedAt: iso(openedAt),
        timestamp: iso(openedAt),
        severity: rng() < 0.3 ? 'SEV1' : 'SEV2',
      },
      {
        ...base,
        id: `demo:${key}:incident:resolved`,
        type: 'incident',
        incidentId,
        status: 'resolved',
        openedAt: iso(openedAt),
        resolvedAt: iso(recoveredAt + 10 * MINUTE),
        timestamp: iso(recoveredAt + 10 * MINUTE),
      },
    );
    const rollback = rng() < profile.rollbackShare;
    const fixSha = sha(`${key}:fix`);
    if (!rollback) {
      out.push({
        ...base,
        id: `demo:${key}:fix:change`,
        type: 'change',
        timestamp: iso(recoveredAt - 15 * MINUTE),
        commitSha: fixSha,
        commits: [
          { sha: sha(`${key}:fix:a`), authoredAt: iso(openedAt + 5 * MINUTE) },
        ],
        attributes: { title: `Hotfix for ${incidentId}` },
      });
    }
    out.push({
      ...base,
      id: `demo:${key}:remediation`,
      type: 'deployment',
      deploymentId: `${deploymentId}-${rollback ? 'rollback' : 'hotfix'}`,
      environment: 'production',
      outcome: 'success',
      ...(rollback ? { commits: [] } : { commits: [fixSha] }),
      rollback,
      hotfix: !rollback,
      remediatesDeploymentId: deploymentId,
      remediatesIncidentId: incidentId,
      startedAt: iso(recoveredAt - 5 * MINUTE),
      timestamp: iso(recoveredAt),
    });
  });
  return out;
}
