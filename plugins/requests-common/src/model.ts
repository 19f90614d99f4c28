import { parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { costEstimateSchema, CostEstimate } from './cost';
import { REQUEST_KIND_PATTERN } from './kinds';
import { RequestStatus } from './lifecycle';

const ENTITY_REF_PART = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/i;

/**
 * A full entity ref in lower case (`kind:namespace/name`), or undefined when
 * the text is none. The namespace defaults to `default`; a kind is required
 * unless `defaultKind` is given.
 *
 * @public
 */
export function normalizeRequestEntityRef(
  text: string,
  defaultKind?: string,
): string | undefined {
  try {
    const ref = parseEntityRef(text.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
    if (
      ![ref.kind, ref.namespace, ref.name].every(p => ENTITY_REF_PART.test(p))
    ) {
      return undefined;
    }
    return `${ref.kind}:${ref.namespace}/${ref.name}`.toLocaleLowerCase(
      'en-US',
    );
  } catch {
    return undefined;
  }
}

/** An entity ref, normalised; `kind` limits the kind. @public */
export function entityRefSchema(options: { kind?: string } = {}) {
  const { kind } = options;
  return z
    .string()
    .max(500, 'must be at most 500 characters')
    .transform((text, ctx) => {
      const ref = normalizeRequestEntityRef(text, kind);
      if (!ref) {
        ctx.addIssue({
          code: 'custom',
          message: `must be an entity ref like ${
            kind ?? 'resource'
          }:default/name`,
        });
        return z.NEVER;
      }
      if (kind && !ref.startsWith(`${kind.toLocaleLowerCase('en-US')}:`)) {
        ctx.addIssue({ code: 'custom', message: `must be a ${kind} ref` });
        return z.NEVER;
      }
      return ref;
    });
}

/** JSON size of a value in characters. */
const jsonSize = (v: unknown) => JSON.stringify(v ?? null).length;

/** Parameter names that look like secrets: requests never carry them. */
const SECRET_NAME =
  /(password|passwd|secret|token|private[-_]?key|api[-_]?key)/i;

/** The largest JSON text of a request's parameters or fulfilment values. @public */
export const MAX_REQUEST_PARAMETERS_CHARS = 16_384;

const jsonRecord = (what: string) =>
  z
    .record(z.string().min(1).max(100), z.unknown())
    .refine(v => jsonSize(v) <= MAX_REQUEST_PARAMETERS_CHARS, {
      message: `${what} must be at most ${MAX_REQUEST_PARAMETERS_CHARS} characters of JSON`,
    });

/**
 * A request's parameters: what is asked for
 * (`{ database: 'orders', access: 'read-only' }`). Never secrets: names such as `password` or
 * `token` are refused, the fulfilment creates and hands out secrets itself.
 *
 * @public
 */
export const requestParametersSchema = jsonRecord('parameters').superRefine(
  (params, ctx) => {
    for (const name of Object.keys(params)) {
      if (SECRET_NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message:
            'looks like a secret; requests must not carry secrets (the fulfilment creates them)',
        });
      }
    }
  },
);

/** An action id of the fulfilment extension point: `db:credentials:issue`. @public */
export const FULFILMENT_ACTION_ID_PATTERN = /^[a-z0-9][a-z0-9:._-]{0,127}$/;

/**
 * What runs once a request is approved: a scaffolder task of a template, or
 * an action registered with the `requests.fulfilment` extension point.
 *
 * @public
 */
export const fulfilmentSpecSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('scaffolder'),
    templateRef: entityRefSchema({ kind: 'template' }),
    values: jsonRecord('values').default({}),
  }),
  z.strictObject({
    type: z.literal('action'),
    id: z
      .string()
      .regex(
        FULFILMENT_ACTION_ID_PATTERN,
        'must be an action id such as db:credentials:issue',
      ),
    input: jsonRecord('input').optional(),
  }),
]);

/** @public */
export type FulfilmentSpec = z.output<typeof fulfilmentSpecSchema>;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/**
 * The body of `POST /api/requests/requests`. `onBehalfOf` is for service
 * principals (the scaffolder action): the user the request is for. A user
 * creates requests for themselves only.
 *
 * @public
 */
export const createRequestBodySchema = z.strictObject({
  kind: z
    .string()
    .regex(
      REQUEST_KIND_PATTERN,
      'must be a lower-case slug such as database-credentials',
    ),
  kindTitle: text(100).optional(),
  title: text(200).optional(),
  justification: text(2000).optional(),
  targetRef: entityRefSchema(),
  parameters: requestParametersSchema.default({}),
  cost: costEstimateSchema.optional(),
  fulfilment: fulfilmentSpecSchema,
  onBehalfOf: entityRefSchema({ kind: 'user' }).optional(),
});

/** @public */
export type CreateRequestBody = z.input<typeof createRequestBodySchema>;

/** The body of approve (`reason` optional) and cancel. @public */
export const approveRequestBodySchema = z.strictObject({
  reason: text(2000).optional(),
});

/** The body of reject: the reason is required. @public */
export const rejectRequestBodySchema = z.strictObject({
  reason: text(2000),
});

/** @public */
export type RequestDecisionBody = z.input<typeof approveRequestBodySchema>;

/** One change of a request's status. @public */
export interface RequestHistoryEntry {
  /** ISO 8601 time of the change. */
  at: string;
  /** Who made it: a user ref, or `plugin:requests` for the fulfilment. */
  actor: string;
  /** null for the creation. */
  from: RequestStatus | null;
  to: RequestStatus;
  reason?: string;
}

/** A request as the API serves it. @public */
export interface SelfServiceRequest {
  id: string;
  kind: string;
  kindTitle: string;
  title: string;
  justification?: string;
  /** The user the request is for. */
  requester: string;
  /** Who created it: the requester, or the service principal (`plugin:scaffolder`) acting for them. */
  createdBy: string;
  targetRef: string;
  /** The target's owner when the request was created (absent: the target has none). */
  targetOwnerRef?: string;
  parameters: Record<string, unknown>;
  cost?: CostEstimate;
  fulfilment: FulfilmentSpec;
  status: RequestStatus;
  createdAt: string;
  updatedAt: string;
  /** The approver's decision, or the requester's cancellation. */
  decision?: {
    outcome: 'approved' | 'rejected' | 'cancelled';
    by: string;
    at: string;
    reason?: string;
  };
  /** How the fulfilment went. */
  fulfilmentState?: {
    attempts: number;
    lastError?: string;
    /** The scaffolder task, for `scaffolder` fulfilments. */
    taskId?: string;
    completedAt?: string;
    /** What the action returned (never secrets). */
    output?: Record<string, unknown>;
  };
  /** Only in `GET /requests/:id`: every change, oldest first. */
  history?: RequestHistoryEntry[];
  /** The portal page of the request (a path of the app). */
  page: string;
}

/** `GET /api/requests/requests?view=…` and `GET /pending`. @public */
export interface RequestListResponse {
  items: SelfServiceRequest[];
}

/** The listings of `GET /requests?view=`. @public */
export const REQUEST_VIEWS = ['mine', 'to-approve'] as const;

/** @public */
export type RequestView = (typeof REQUEST_VIEWS)[number];

/** The app path of a request's page. @public */
export function requestPagePath(id: string): string {
  return `/requests/${encodeURIComponent(id)}`;
}

/**
 * The answer to a second decision:
 * `already decided: approved by user:default/ada at 2026-01-05T10:00:00.000Z`.
 *
 * @public
 */
export function alreadyDecidedMessage(
  request: Pick<SelfServiceRequest, 'status' | 'decision'>,
): string {
  const d = request.decision;
  if (!d) return `already decided: the request is ${request.status}`;
  return `already decided: ${d.outcome} by ${d.by} at ${d.at}`;
}
