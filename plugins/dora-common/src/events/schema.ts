import { z } from 'zod';
import { parseServiceRef } from './refs';
import { formatInstant, parseInstant } from './time';
import { modelHealthEventSchema } from '../modelHealth/schema';

/** @public */
export const DELIVERY_EVENT_TYPES = [
  'change',
  'build',
  'deployment',
  'incident',
  'scaffold',
  'ticket',
  'model_health',
] as const;

/** @public */
export type DeliveryEventType = (typeof DELIVERY_EVENT_TYPES)[number];

/** @public */
export const OUTCOMES = [
  'success',
  'failure',
  'cancelled',
  'in_progress',
] as const;

/** @public */
export type Outcome = (typeof OUTCOMES)[number];

/** @public */
export const ENVIRONMENT_TIERS = [
  'production',
  'staging',
  'testing',
  'development',
  'other',
] as const;

/** @public */
export type EnvironmentTier = (typeof ENVIRONMENT_TIERS)[number];

/** @public */
export const INCIDENT_STATUSES = ['open', 'resolved'] as const;

/** @public */
export const TICKET_STATUSES = [
  'opened',
  'acknowledged',
  'resolved',
  'closed',
] as const;

const HEX = /^[0-9a-f]+$/i;

/** Text without NUL characters, which PostgreSQL refuses in text columns. */
const text = () =>
  z.string().refine(v => !v.includes('\u0000'), {
    message: 'must not contain NUL (\\u0000) characters',
  });

/** `2024-05-01T12:00:00.000Z`: what normalisation produces. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An ISO 8601 date-time with offset, normalised to a UTC ISO string. */
const instant = z.string().transform((value, ctx) => {
  const millis = parseInstant(value);
  if (millis === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not an ISO 8601 date-time with an offset (e.g. 2024-05-01T12:00:00Z)`,
    });
    return z.NEVER;
  }
  // No delivery happened before the Unix epoch: such a time is a unit or
  // parsing mistake of the producer (seconds for milliseconds, a zero date).
  if (millis < 0) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" lies before 1970-01-01T00:00:00Z`,
    });
    return z.NEVER;
  }
  if (CANONICAL.test(value)) {
    return value; // already canonical (parseInstant checked the ranges)
  }
  return formatInstant(millis);
});

const serviceRef = z.string().transform((value, ctx) => {
  const result = parseServiceRef(value);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  }
  return result.ref;
});

/** A template entity ref: kind `template` unless the value names one. */
const templateRef = z.string().transform((value, ctx) => {
  const result = parseServiceRef(value, { defaultKind: 'template' });
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  }
  return result.ref;
});

/** A commit id: hex shas are lower-cased so they compare across tools. */
const sha = text()
  .pipe(z.string().trim().min(1).max(128))
  .transform(v => (HEX.test(v) ? v.toLowerCase() : v));

/** Identifiers that some tools send as numbers (PR numbers, pipeline ids). */
const externalId = z
  .union([text().pipe(z.string().trim().min(1).max(256)), z.number().int()])
  .transform(v => String(v));

const shortText = text().pipe(z.string().trim().min(1).max(256));

const envelope = {
  id: text().pipe(z.string().min(1).max(256)),
  timestamp: instant,
  service: serviceRef,
  source: text().pipe(z.string().trim().min(1).max(64)).optional(),
  actor: z.string().min(1).max(256).optional(),
  attributes: z
    .record(
      z.string().min(1).max(128),
      z.union([z.string().max(4096), z.number(), z.boolean()]),
    )
    .optional(),
};

const changeSchema = z.strictObject({
  ...envelope,
  type: z.literal('change'),
  commitSha: sha,
  changeId: externalId.optional(),
  commits: z
    .array(z.strictObject({ sha, authoredAt: instant.optional() }))
    .max(10_000)
    .optional(),
});

const buildSchema = z.strictObject({
  ...envelope,
  type: z.literal('build'),
  pipelineId: externalId,
  outcome: z.enum(OUTCOMES).optional(),
  commitSha: sha.optional(),
  startedAt: instant.optional(),
});

const deploymentSchema = z.strictObject({
  ...envelope,
  type: z.literal('deployment'),
  deploymentId: externalId,
  environment: shortText,
  environmentTier: z.enum(ENVIRONMENT_TIERS).optional(),
  outcome: z.enum(OUTCOMES),
  commitSha: sha.optional(),
  commits: z.array(sha).max(10_000).optional(),
  pipelineId: externalId.optional(),
  startedAt: instant.optional(),
  rollback: z.boolean().optional(),
  hotfix: z.boolean().optional(),
  remediatesIncidentId: externalId.optional(),
  /** Goldpath addition: the deployment a rollback or hotfix repairs. */
  remediatesDeploymentId: externalId.optional(),
});

const incidentSchema = z.strictObject({
  ...envelope,
  type: z.literal('incident'),
  incidentId: externalId,
  status: z.enum(INCIDENT_STATUSES).optional(),
  openedAt: instant.optional(),
  resolvedAt: instant.optional(),
  causedByDeploymentId: externalId.optional(),
  rootCauseCommitSha: sha.optional(),
  severity: externalId.optional(),
});

const scaffoldSchema = z.strictObject({
  ...envelope,
  type: z.literal('scaffold'),
  template: templateRef,
  templateVersion: shortText.optional(),
  outcome: z.enum(OUTCOMES).optional(),
  taskId: shortText.optional(),
});

const ticketSchema = z.strictObject({
  ...envelope,
  type: z.literal('ticket'),
  service: serviceRef.optional(),
  ticketId: externalId,
  status: z.enum(TICKET_STATUSES),
  category: shortText.optional(),
  team: shortText.optional(),
  labels: z.array(shortText).max(100).optional(),
  openedAt: instant.optional(),
  firstResponseAt: instant.optional(),
  resolvedAt: instant.optional(),
});

/**
 * Goldpath addition (docs/EVENTS.md, "model_health"): telemetry of a served
 * ML model. The DORA engine, rollups and adoption ignore this type.
 */
const modelHealthSchema = modelHealthEventSchema(envelope, instant);

/**
 * zod schemas of the canonical delivery events, one per type. Parsing
 * normalises: timestamps become UTC ISO strings, service and template refs
 * become full lower-case entity refs, numeric ids become strings.
 *
 * @public
 */
export const deliveryEventSchemas = {
  change: changeSchema,
  build: buildSchema,
  deployment: deploymentSchema,
  incident: incidentSchema,
  scaffold: scaffoldSchema,
  ticket: ticketSchema,
  model_health: modelHealthSchema,
} as const;

/** @public */
export type ChangeEvent = z.output<typeof deliveryEventSchemas.change>;
/** @public */
export type BuildEvent = z.output<typeof deliveryEventSchemas.build>;
/** @public */
export type DeploymentEvent = z.output<typeof deliveryEventSchemas.deployment>;
/** @public */
export type IncidentEvent = z.output<typeof deliveryEventSchemas.incident>;
/** @public */
export type ScaffoldEvent = z.output<typeof deliveryEventSchemas.scaffold>;
/** @public */
export type TicketEvent = z.output<typeof deliveryEventSchemas.ticket>;
/** @public */
export type ModelHealthEvent = z.output<
  (typeof deliveryEventSchemas)['model_health']
>;

/**
 * A canonical delivery event after validation and normalisation.
 *
 * @public
 */
export type DeliveryEvent =
  | ChangeEvent
  | BuildEvent
  | DeploymentEvent
  | IncidentEvent
  | ScaffoldEvent
  | TicketEvent
  | ModelHealthEvent;

/**
 * A delivery event as a producer may send it (before normalisation).
 *
 * @public
 */
export type DeliveryEventInput = z.input<
  (typeof deliveryEventSchemas)[DeliveryEventType]
>;
