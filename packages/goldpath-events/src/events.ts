/**
 * Builds the canonical delivery events (docs/EVENTS.md) and their
 * idempotent ids from command-line input and the CI context. Pure: the
 * current time is passed in.
 */

import { createHash } from 'node:crypto';
import { CiContext } from './context';
import { UsageError } from './errors';

export const OUTCOMES = [
  'success',
  'failure',
  'cancelled',
  'in_progress',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ENVIRONMENT_TIERS = [
  'production',
  'staging',
  'testing',
  'development',
  'other',
] as const;
export type EnvironmentTier = (typeof ENVIRONMENT_TIERS)[number];

export const INCIDENT_STATUSES = ['open', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The envelope every event has. */
interface Envelope {
  id: string;
  timestamp: string;
  service: string;
  source: string;
  actor?: string;
  attributes?: Record<string, string>;
}

export interface DeploymentEvent extends Envelope {
  type: 'deployment';
  deploymentId: string;
  environment: string;
  environmentTier?: EnvironmentTier;
  outcome: Outcome;
  commitSha?: string;
  pipelineId?: string;
  startedAt?: string;
  rollback?: boolean;
  hotfix?: boolean;
  remediatesIncidentId?: string;
}

export interface ChangeEvent extends Envelope {
  type: 'change';
  commitSha: string;
  changeId?: string;
  commits?: Array<{ sha: string; authoredAt?: string }>;
}

export interface BuildEvent extends Envelope {
  type: 'build';
  pipelineId: string;
  outcome: Outcome;
  commitSha?: string;
  startedAt?: string;
}

export interface IncidentEvent extends Envelope {
  type: 'incident';
  incidentId: string;
  status: IncidentStatus;
  openedAt?: string;
  resolvedAt?: string;
  causedByDeploymentId?: string;
  severity?: string;
}

/** One cumulative latency bucket (Prometheus style), `le` in seconds. */
export interface LatencyBucket {
  le: number | '+Inf';
  count: number;
}

/** Goldpath's `model_health` event: telemetry of a served ML model. */
export interface ModelHealthEvent extends Envelope {
  type: 'model_health';
  model: string;
  modelVersion?: string;
  dataDrift?: { score: number; threshold?: number; method?: string };
  accuracy?: { value: number; metric?: string; sampleSize?: number };
  latency?: { buckets: LatencyBucket[]; sum?: number; count?: number };
  windowStart?: string;
}

/** An event as this emitter sends it. */
export type DeliveryEvent =
  | DeploymentEvent
  | ChangeEvent
  | BuildEvent
  | IncidentEvent
  | ModelHealthEvent;

/** Flags shared by every command. Times are canonical UTC ISO strings. */
interface CommonInput {
  service: string;
  /** `--attribute key=value`; wins over the attributes of the CI context. */
  attributes?: Record<string, string>;
}

export interface DeploymentInput extends CommonInput {
  type: 'deployment';
  outcome: Outcome;
  environment?: string;
  environmentTier?: EnvironmentTier;
  deploymentId?: string;
  commitSha?: string;
  startedAt?: string;
  finishedAt?: string;
  rollback?: boolean;
  hotfix?: boolean;
  remediatesIncidentId?: string;
}

export interface ChangeInput extends CommonInput {
  type: 'change';
  commitSha?: string;
  changeId?: string;
  mergedAt?: string;
  authoredAt?: string;
}

export interface BuildInput extends CommonInput {
  type: 'build';
  outcome: Outcome;
  pipelineId?: string;
  commitSha?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface IncidentInput extends CommonInput {
  type: 'incident';
  incidentId: string;
  status: IncidentStatus;
  openedAt?: string;
  resolvedAt?: string;
  causedByDeploymentId?: string;
  severity?: string;
}

export interface ModelHealthInput extends CommonInput {
  type: 'model_health';
  model: string;
  modelVersion?: string;
  dataDrift?: ModelHealthEvent['dataDrift'];
  accuracy?: ModelHealthEvent['accuracy'];
  latency?: ModelHealthEvent['latency'];
  /** When the measurement was taken; default now. */
  measuredAt?: string;
  windowStart?: string;
}

/** What the command line asks to send. */
export type EventInput =
  | DeploymentInput
  | ChangeInput
  | BuildInput
  | IncidentInput
  | ModelHealthInput;

/** The schema's limit on ids. */
const MAX_ID_LENGTH = 256;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hex commit shas compare case-insensitively (the backend lower-cases them). */
function normaliseSha(sha: string): string {
  return /^[0-9a-f]+$/i.test(sha) ? sha.toLowerCase() : sha;
}

/** Keeps ids within the schema's limit, still stable and unique. */
function limitId(id: string): string {
  if (id.length <= MAX_ID_LENGTH) return id;
  const hash = sha256(id);
  return `${id.slice(0, MAX_ID_LENGTH - hash.length - 1)}:${hash}`;
}

/**
 * The idempotency key of an event: the same for the same facts, so a
 * retried step or a re-sent request is counted as a duplicate.
 *
 * - `run` scope (deployments, builds): the CI run and attempt plus the
 *   event's identifying fields, e.g.
 *   `gha:acme/checkout:42:1:deployment:checkout:production:success`;
 *   a new run attempt is a new deployment and gets new ids.
 * - `repository` scope (changes, incidents): facts that do not depend on the
 *   run, e.g. `gha:acme/checkout:change:checkout:<sha>`.
 * - outside a recognised CI run: `ci:<type>:<sha256 of the identifying fields>`.
 */
export function eventId(
  context: CiContext,
  scope: 'run' | 'repository',
  type: DeliveryEvent['type'],
  service: string,
  readable: string[],
  identifying: Record<string, string>,
): string {
  const key = scope === 'run' ? context.runKey : context.repositoryKey;
  const serviceKey = service.trim().toLowerCase();
  if (key) {
    return limitId([key, type, serviceKey, ...readable].join(':'));
  }
  const fields = { type, service: serviceKey, ...identifying };
  const canonical = JSON.stringify(
    Object.keys(fields)
      .sort()
      .map(k => [k, fields[k as keyof typeof fields]]),
  );
  return `ci:${type}:${sha256(canonical)}`;
}

function required(value: string | undefined, message: string): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(message);
  }
  return value.trim();
}

function envelope<T extends DeliveryEvent['type']>(
  type: T,
  input: EventInput,
  context: CiContext,
  id: string,
  timestamp: string,
): Envelope & { type: T } {
  const attributes = { ...context.attributes, ...input.attributes };
  return {
    id,
    type,
    timestamp,
    service: input.service,
    source: context.source,
    ...(context.actor ? { actor: context.actor } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
}

function deployment(
  input: DeploymentInput,
  context: CiContext,
  now: string,
): DeploymentEvent {
  const environment = required(
    input.environment ?? context.environment,
    '--environment is required (GitLab CI: or an environment on the job)',
  );
  const tier =
    input.environmentTier ??
    ENVIRONMENT_TIERS.find(t => t === context.environmentTier);
  const pipelineId = context.pipelineId;
  // One deployment per run and environment: the in_progress and the final
  // event of a run share it. The backend merges events by deploymentId
  // across environments, so the environment is part of the default; a
  // rollback in the same run (an `if: failure()` job) is a deployment of its own.
  const deploymentId =
    input.deploymentId ??
    (pipelineId !== undefined
      ? `${pipelineId}:${environment}${input.rollback ? ':rollback' : ''}`
      : undefined);
  if (deploymentId === undefined) {
    throw new UsageError(
      '--deployment-id is required outside GitHub Actions and GitLab CI (or set GOLDPATH_PIPELINE_ID)',
    );
  }
  const timestamp = input.finishedAt ?? now;
  const commitSha = input.commitSha ?? context.commitSha;
  // The in_progress event marks the start of the deployment.
  const startedAt =
    input.startedAt ??
    (input.outcome === 'in_progress' ? timestamp : undefined);
  const id = eventId(
    context,
    'run',
    'deployment',
    input.service,
    [
      environment,
      input.outcome,
      ...(input.rollback ? ['rollback'] : []),
      ...(input.deploymentId !== undefined ? [input.deploymentId] : []),
    ],
    {
      deploymentId,
      environment,
      outcome: input.outcome,
      ...(input.rollback ? { rollback: 'true' } : {}),
    },
  );
  return {
    ...envelope('deployment', input, context, id, timestamp),
    deploymentId,
    environment,
    ...(tier ? { environmentTier: tier } : {}),
    outcome: input.outcome,
    ...(commitSha ? { commitSha: normaliseSha(commitSha) } : {}),
    ...(pipelineId ? { pipelineId } : {}),
    ...(startedAt ? { startedAt } : {}),
    ...(input.rollback ? { rollback: true } : {}),
    ...(input.hotfix ? { hotfix: true } : {}),
    ...(input.remediatesIncidentId
      ? { remediatesIncidentId: input.remediatesIncidentId }
      : {}),
  };
}

function change(
  input: ChangeInput,
  context: CiContext,
  now: string,
): ChangeEvent {
  const commitSha = normaliseSha(
    required(
      input.commitSha ?? context.commitSha,
      '--commit is required outside GitHub Actions and GitLab CI (or set GOLDPATH_COMMIT_SHA)',
    ),
  );
  const id = eventId(
    context,
    'repository',
    'change',
    input.service,
    [commitSha],
    {
      commitSha,
    },
  );
  return {
    ...envelope('change', input, context, id, input.mergedAt ?? now),
    commitSha,
    ...(input.changeId ? { changeId: input.changeId } : {}),
    ...(input.authoredAt
      ? { commits: [{ sha: commitSha, authoredAt: input.authoredAt }] }
      : {}),
  };
}

function build(input: BuildInput, context: CiContext, now: string): BuildEvent {
  const pipelineId = required(
    input.pipelineId ?? context.pipelineId,
    '--pipeline-id is required outside GitHub Actions and GitLab CI (or set GOLDPATH_PIPELINE_ID)',
  );
  const commitSha = input.commitSha ?? context.commitSha;
  const id = eventId(
    context,
    'run',
    'build',
    input.service,
    [
      input.outcome,
      ...(input.pipelineId !== undefined ? [input.pipelineId] : []),
    ],
    { pipelineId, outcome: input.outcome },
  );
  return {
    ...envelope('build', input, context, id, input.finishedAt ?? now),
    pipelineId,
    outcome: input.outcome,
    ...(commitSha ? { commitSha: normaliseSha(commitSha) } : {}),
    ...(input.startedAt ? { startedAt: input.startedAt } : {}),
  };
}

function incident(
  input: IncidentInput,
  context: CiContext,
  now: string,
): IncidentEvent {
  const id = eventId(
    context,
    'repository',
    'incident',
    input.service,
    [input.incidentId, input.status],
    { incidentId: input.incidentId, status: input.status },
  );
  return {
    ...envelope('incident', input, context, id, now),
    incidentId: input.incidentId,
    status: input.status,
    ...(input.openedAt ? { openedAt: input.openedAt } : {}),
    ...(input.resolvedAt ? { resolvedAt: input.resolvedAt } : {}),
    ...(input.causedByDeploymentId
      ? { causedByDeploymentId: input.causedByDeploymentId }
      : {}),
    ...(input.severity ? { severity: input.severity } : {}),
  };
}

function modelHealth(
  input: ModelHealthInput,
  context: CiContext,
  now: string,
): ModelHealthEvent {
  if (!input.dataDrift && !input.accuracy && !input.latency) {
    throw new UsageError(
      'model-health needs at least one of --data-drift, --accuracy or --latency-buckets',
    );
  }
  const timestamp = input.measuredAt ?? now;
  // A measurement per model and instant: a re-sent request is a duplicate.
  const id = eventId(
    context,
    'run',
    'model_health',
    input.service,
    [input.model, timestamp],
    { model: input.model, timestamp },
  );
  return {
    ...envelope('model_health', input, context, id, timestamp),
    model: input.model,
    ...(input.modelVersion ? { modelVersion: input.modelVersion } : {}),
    ...(input.dataDrift ? { dataDrift: input.dataDrift } : {}),
    ...(input.accuracy ? { accuracy: input.accuracy } : {}),
    ...(input.latency ? { latency: input.latency } : {}),
    ...(input.windowStart ? { windowStart: input.windowStart } : {}),
  };
}

/**
 * The event the command line describes, in the CI context, at `now` (used
 * where no time is given). Throws a {@link UsageError} when something
 * required is neither given nor known from the environment.
 */
export function buildEvent(
  input: EventInput,
  context: CiContext,
  now: Date,
): DeliveryEvent {
  const iso = now.toISOString();
  switch (input.type) {
    case 'deployment':
      return deployment(input, context, iso);
    case 'change':
      return change(input, context, iso);
    case 'build':
      return build(input, context, iso);
    case 'incident':
      return incident(input, context, iso);
    case 'model_health':
      return modelHealth(input, context, iso);
    default:
      throw new UsageError(
        `unknown event type ${(input as { type: string }).type}`,
      );
  }
}
