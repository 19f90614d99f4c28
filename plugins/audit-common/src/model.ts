import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/**
 * The audit record model of Goldpath: one platform action (a scaffolder run,
 * an ingestion batch, a webhook delivery, a policy report upload, a request
 * decision), who did it, what it was about and how it ended.
 */

/**
 * How an action ended: `rejected` is a refusal (403, bad signature), `failed` an error.
 *
 * @public
 */
export const AUDIT_OUTCOMES = ['succeeded', 'failed', 'rejected'] as const;
/** @public */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Who acted: a user (entity ref) or a service principal (its subject, e.g. `plugin:dora`, `external:ci`).
 *
 * @public
 */
export const AUDIT_ACTOR_TYPES = ['user', 'service'] as const;
/** @public */
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/**
 * The actions Goldpath's plugins record. Other plugins may record their own
 * dotted actions (`<plugin>.<object>.<verb>`); these are the known ones.
 *
 * @public
 */
export const AUDIT_ACTIONS = [
  'scaffolder.task.run',
  'scaffolder.request.create',
  'dora.ingest.batch',
  'dora.webhook.delivery',
  'dora.events-bus.event',
  'policy.report.upload',
  'policy.waiver.create',
  'policy.waiver.delete',
  'requests.request.created',
  'requests.request.approved',
  'requests.request.rejected',
  'requests.request.fulfilled',
  'requests.request.cancelled',
  'audit.records.export',
] as const;

/**
 * What a pseudonymised actor looks like (`anon:` and 32 hex digits): the
 * audit backend stores user actors so where the installation sets the dora
 * plugin's key (`goldpath.dora.privacy.actorHashKey`).
 *
 * @public
 */
export const ACTOR_PSEUDONYM_PATTERN = /^anon:[0-9a-f]{32}$/;

/**
 * Largest `meta` object, as UTF-8 JSON.
 *
 * @public
 */
export const AUDIT_META_MAX_BYTES = 4096;
/**
 * Most records in one `POST /records`.
 *
 * @public
 */
export const AUDIT_MAX_BATCH = 100;
/**
 * Largest page of `GET /records`.
 *
 * @public
 */
export const AUDIT_MAX_LIMIT = 500;
/**
 * Page size of `GET /records` without `limit`.
 *
 * @public
 */
export const AUDIT_DEFAULT_LIMIT = 50;

/**
 * A dotted action name: lower-case segments of letters, digits and dashes.
 *
 * @public
 */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
/**
 * A record id or correlation id: 1 to 128 of letters, digits and `. _ : -`.
 *
 * @public
 */
export const AUDIT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/**
 * A Backstage plugin id.
 *
 * @public
 */
export const AUDIT_PLUGIN_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const validator = makeValidator();

/**
 * An entity ref as the audit store keeps it: full (`kind:namespace/name`) and
 * lower case; the namespace defaults to `default`. Undefined for text that is
 * no entity ref.
 *
 * @public
 */
export function normalizeAuditEntityRef(
  text: string,
  defaultKind?: string,
): string | undefined {
  try {
    // Refs are case-insensitive; the validators want lower case.
    const ref = parseEntityRef(text.trim().toLocaleLowerCase('en-US'), {
      ...(defaultKind ? { defaultKind } : {}),
      defaultNamespace: 'default',
    });
    if (
      !validator.isValidKind(ref.kind) ||
      !validator.isValidNamespace(ref.namespace) ||
      !validator.isValidEntityName(ref.name)
    ) {
      return undefined;
    }
    return `${ref.kind}:${ref.namespace}/${ref.name}`;
  } catch {
    return undefined;
  }
}

const entityRef = (what: string, defaultKind?: string) =>
  z
    .string()
    .max(255, 'must be at most 255 characters')
    .transform((value, ctx) => {
      const ref = normalizeAuditEntityRef(value, defaultKind);
      if (!ref) {
        ctx.addIssue({
          code: 'custom',
          message: `must be ${what}`,
        });
        return z.NEVER;
      }
      return ref;
    });

/** Epoch ms of an ISO 8601 timestamp with a zone (`Z` or an offset). */
const isoTimestamp = z.iso.datetime({
  offset: true,
  error:
    'must be an ISO 8601 timestamp with a time zone, e.g. 2026-12-01T10:00:00Z',
});

const actorSchema = z.strictObject({
  type: z.enum(AUDIT_ACTOR_TYPES, { error: 'must be user or service' }),
  ref: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters'),
});

/** Bytes of a string as UTF-8 (without Node's Buffer). */
function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

const metaSchema = z
  .record(z.string(), z.json())
  .refine(meta => utf8Length(JSON.stringify(meta)) <= AUDIT_META_MAX_BYTES, {
    message: `must be at most ${AUDIT_META_MAX_BYTES} bytes as JSON`,
  });

/**
 * The record as a plugin sends it and the API returns it. `actor.ref` of a
 * user is a user entity ref — or, where the installation pseudonymises
 * actors, its pseudonym (`anon:` and 32 hex digits).
 *
 * @public
 */
export const auditRecordSchema = z.strictObject({
  id: z
    .string({ error: 'is required' })
    .regex(
      AUDIT_ID_PATTERN,
      'must be 1 to 128 letters, digits or . _ : -, starting with a letter or digit',
    ),
  occurredAt: isoTimestamp.transform(v => new Date(v).toISOString()),
  actor: actorSchema,
  action: z
    .string({ error: 'is required' })
    .max(128, 'must be at most 128 characters')
    .regex(
      AUDIT_ACTION_PATTERN,
      'must be a dotted lower-case name like dora.ingest.batch',
    ),
  targetEntityRef: entityRef(
    'an entity ref like component:default/checkout',
  ).optional(),
  outcome: z.enum(AUDIT_OUTCOMES, {
    error: `must be one of ${AUDIT_OUTCOMES.join(', ')}`,
  }),
  correlationId: z
    .string({ error: 'is required' })
    .regex(
      AUDIT_ID_PATTERN,
      'must be 1 to 128 letters, digits or . _ : -, starting with a letter or digit',
    ),
  plugin: z
    .string({ error: 'is required' })
    .regex(AUDIT_PLUGIN_PATTERN, 'must be a plugin id like dora'),
  meta: metaSchema.optional(),
});

/**
 * One audit record.
 *
 * @public
 */
export interface AuditRecord {
  id: string;
  /** ISO 8601, UTC. */
  occurredAt: string;
  actor: { type: AuditActorType; ref: string };
  action: string;
  targetEntityRef?: string;
  outcome: AuditOutcome;
  correlationId: string;
  plugin: string;
  meta?: Record<string, unknown>;
}

/**
 * The body of `POST /api/audit/records`.
 *
 * @public
 */
export const auditRecordsRequestSchema = z.strictObject({
  records: z
    .array(auditRecordSchema, { error: 'must be an array of records' })
    .min(1, 'must hold at least one record')
    .max(AUDIT_MAX_BATCH, `must hold at most ${AUDIT_MAX_BATCH} records`),
});

/** @public */
export interface AuditRecordsRequest {
  records: AuditRecord[];
}

/**
 * The answer of `POST /api/audit/records`: ids stored now and ids already stored (redeliveries).
 *
 * @public
 */
export interface AuditRecordsResponse {
  stored: string[];
  duplicates: string[];
}

/**
 * The query of `GET /api/audit/records` and `GET /api/audit/records.csv`.
 * `action` matches the action and every action below it (`requests` and
 * `requests.request` both match `requests.request.created`); `from` is
 * inclusive, `to` exclusive; `actor` is a user entity ref (kind `user`
 * assumed) or a service subject.
 *
 * @public
 */
export const auditQuerySchema = z
  .strictObject({
    actor: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(255, 'must be at most 255 characters')
      .optional(),
    actorType: z
      .enum(AUDIT_ACTOR_TYPES, { error: 'must be user or service' })
      .optional(),
    entity: entityRef(
      'an entity ref like component:default/checkout',
    ).optional(),
    action: z
      .string()
      .max(128, 'must be at most 128 characters')
      .regex(
        /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/,
        'must be an action or its dotted prefix, like requests.request',
      )
      .optional(),
    outcome: z
      .enum(AUDIT_OUTCOMES, {
        error: `must be one of ${AUDIT_OUTCOMES.join(', ')}`,
      })
      .optional(),
    correlationId: z
      .string()
      .regex(AUDIT_ID_PATTERN, 'must be a correlation id')
      .optional(),
    from: isoTimestamp.optional(),
    to: isoTimestamp.optional(),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a cursor from nextCursor')
      .optional(),
    limit: z
      .string()
      .regex(/^[0-9]+$/, `must be a whole number from 1 to ${AUDIT_MAX_LIMIT}`)
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(1, `must be a whole number from 1 to ${AUDIT_MAX_LIMIT}`)
          .max(
            AUDIT_MAX_LIMIT,
            `must be a whole number from 1 to ${AUDIT_MAX_LIMIT}`,
          ),
      )
      .optional(),
  })
  .refine(q => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'must be before to',
    path: ['from'],
  });

/**
 * A parsed audit query.
 *
 * @public
 */
export interface AuditQuery {
  actor?: string;
  actorType?: AuditActorType;
  entity?: string;
  action?: string;
  outcome?: AuditOutcome;
  correlationId?: string;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  cursor?: string;
  limit?: number;
}

/**
 * The answer of `GET /api/audit/records`: newest first; `nextCursor` when there are more.
 *
 * @public
 */
export interface AuditRecordsPage {
  items: AuditRecord[];
  nextCursor?: string;
}

/**
 * The query string of an {@link AuditQuery}, as the frontend and the node
 * client send it (empty values left out).
 *
 * @public
 */
export function auditQueryToSearchParams(
  query: Partial<Record<keyof AuditQuery, string | number | undefined>>,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of [
    'actor',
    'actorType',
    'entity',
    'action',
    'outcome',
    'correlationId',
    'from',
    'to',
    'cursor',
    'limit',
  ] as const) {
    const value = query[key];
    if (value !== undefined && String(value).trim() !== '') {
      params.set(key, String(value).trim());
    }
  }
  return params;
}
