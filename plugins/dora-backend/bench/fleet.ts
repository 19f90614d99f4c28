import { Entity } from '@backstage/catalog-model';

/**
 * A deterministic synthetic fleet for the benchmark: `services` components
 * owned by teams, grouped in systems and product lines, 40 % of them created
 * from the golden-path template, each with a year of delivery history.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const serviceName = (i: number) => `svc-${String(i).padStart(4, '0')}`;
export const serviceRef = (i: number) => `component:default/${serviceName(i)}`;

/** The fleet as catalog entities (components, teams, systems, domains). */
export function fleetEntities(services: number): Entity[] {
  const teams = Math.max(1, Math.round(services / 40));
  const systems = Math.max(1, Math.round(services / 100));
  const domains = Math.max(1, Math.round(systems / 4));
  const entities: Entity[] = [];
  const entity = (
    kind: string,
    name: string,
    extra: Partial<Entity> = {},
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', ...(extra.metadata ?? {}) },
    relations: extra.relations ?? [],
  });
  for (let d = 0; d < domains; d++)
    entities.push(entity('Domain', `domain-${d}`));
  for (let t = 0; t < teams; t++) entities.push(entity('Group', `team-${t}`));
  for (let s = 0; s < systems; s++) {
    entities.push(
      entity('System', `system-${s}`, {
        relations: [
          { type: 'partOf', targetRef: `domain:default/domain-${s % domains}` },
        ],
      }),
    );
  }
  for (let i = 0; i < services; i++) {
    const golden = hash(`golden-${i}`) % 10 < 4;
    entities.push(
      entity('Component', serviceName(i), {
        metadata: {
          name: serviceName(i),
          namespace: 'default',
          annotations: {
            // webhook deliveries name the service by its repository
            'github.com/project-slug': `acme/${serviceName(i)}`,
            ...(golden
              ? {
                  'backstage.io/source-template':
                    'template:default/golden-path-service',
                }
              : {}),
          },
        },
        relations: [
          { type: 'ownedBy', targetRef: `group:default/team-${i % teams}` },
          { type: 'partOf', targetRef: `system:default/system-${i % systems}` },
        ],
      }),
    );
  }
  return entities;
}

/**
 * Exactly `count` canonical events of one service over the year before
 * `asOf`: changes, staging and production deployments (with in-progress
 * updates), incidents and rollbacks, in the proportions of a busy service.
 */
export function serviceEvents(
  i: number,
  count: number,
  asOf: number,
): object[] {
  const rng = random(hash(`fleet-${i}`));
  const service = serviceRef(i);
  const events: object[] = [];
  const start = asOf - 365 * DAY;
  // ~6 events per deployment cycle: change ×2, staging, prod start, prod end, sometimes incident pairs
  const cycles = Math.ceil(count / 5);
  const step = (365 * DAY) / cycles;
  let n = 0;
  const push = (e: object) => {
    if (n < count) {
      events.push(e);
      n++;
    }
  };
  for (let c = 0; c < cycles && n < count; c++) {
    const finish = start + c * step + rng() * step * 0.8;
    const sha = (
      hash(`${i}-${c}`).toString(16) + hash(`${c}-${i}`).toString(16)
    ).padEnd(16, '0');
    const merged = finish - (0.5 + rng() * 30) * HOUR;
    push({
      id: `${service}:c${c}`,
      type: 'change',
      service,
      commitSha: sha,
      timestamp: new Date(merged).toISOString(),
      commits: [
        {
          sha: `${sha}a`,
          authoredAt: new Date(merged - rng() * 20 * HOUR).toISOString(),
        },
      ],
      actor: `dev-${hash(sha) % 50}@example.com`,
    });
    push({
      id: `${service}:s${c}`,
      type: 'deployment',
      service,
      deploymentId: `s${c}`,
      environment: 'staging',
      outcome: 'success',
      commitSha: sha,
      timestamp: new Date(finish - HOUR).toISOString(),
    });
    push({
      id: `${service}:p${c}:start`,
      type: 'deployment',
      service,
      deploymentId: `p${c}`,
      environment: 'production',
      outcome: 'in_progress',
      commitSha: sha,
      startedAt: new Date(finish - 10 * 60_000).toISOString(),
      timestamp: new Date(finish - 10 * 60_000).toISOString(),
    });
    push({
      id: `${service}:p${c}:end`,
      type: 'deployment',
      service,
      deploymentId: `p${c}`,
      environment: 'production',
      outcome: rng() < 0.03 ? 'failure' : 'success',
      commitSha: sha,
      startedAt: new Date(finish - 10 * 60_000).toISOString(),
      timestamp: new Date(finish).toISOString(),
    });
    if (rng() < 0.12) {
      const opened = finish + 20 * 60_000;
      push({
        id: `${service}:i${c}:open`,
        type: 'incident',
        service,
        incidentId: `I${c}`,
        status: 'open',
        openedAt: new Date(opened).toISOString(),
        timestamp: new Date(opened).toISOString(),
      });
      push({
        id: `${service}:i${c}:resolved`,
        type: 'incident',
        service,
        incidentId: `I${c}`,
        status: 'resolved',
        openedAt: new Date(opened).toISOString(),
        resolvedAt: new Date(opened + (0.2 + rng() * 6) * HOUR).toISOString(),
        timestamp: new Date(opened + (0.2 + rng() * 6) * HOUR).toISOString(),
      });
    } else {
      push({
        id: `${service}:b${c}`,
        type: 'build',
        service,
        pipelineId: `b${c}`,
        outcome: 'success',
        commitSha: sha,
        timestamp: new Date(finish - 2 * HOUR).toISOString(),
      });
    }
  }
  return events;
}
