import { DatabaseService } from '@backstage/backend-plugin-api';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  CostEstimate,
  FulfilmentSpec,
  RequestHistoryEntry,
  RequestStatus,
  SelfServiceRequest,
  canTransition,
  requestPagePath,
} from '@goldpath/plugin-requests-common';
import { RequestPermissionQuery } from '@goldpath/plugin-requests-node';
import { Knex } from 'knex';
import { migrateRequestsDatabase } from './migrations';

const REQUESTS = 'requests';
const HISTORY = 'requests_history';
const MAX_ERROR_CHARS = 2000;

/** A request to store. */
export interface NewRequest {
  id: string;
  kind: string;
  kindTitle: string;
  title: string;
  justification?: string;
  requester: string;
  createdBy: string;
  targetRef: string;
  targetOwnerRef?: string;
  parameters: Record<string, unknown>;
  cost?: CostEstimate;
  fulfilment: FulfilmentSpec;
  createdAt: number;
}

/** Which pending requests a listing may show: all, or those matching permission criteria. */
export type PendingFilter = 'all' | PermissionCriteria<RequestPermissionQuery>;

/** Columns of the fulfilment state a transition or an attempt sets. */
export interface FulfilmentPatch {
  attempts?: number;
  nextAttemptAt?: number | null;
  lastError?: string | null;
  taskId?: string | null;
  output?: Record<string, unknown> | null;
  completedAt?: number | null;
}

/** What a status change is. */
export interface Transition {
  id: string;
  /** The status the request must still have; the update is conditional on it. */
  from: RequestStatus;
  to: RequestStatus;
  actor: string;
  at: number;
  reason?: string;
  /** Only when the request is this user's (cancel). */
  requester?: string;
  /** Records the decision (approve, reject, cancel). */
  decision?: 'approved' | 'rejected' | 'cancelled';
  patch?: FulfilmentPatch;
}

const bounded = (text: string) =>
  text.length > MAX_ERROR_CHARS
    ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…`
    : text;

const iso = (ms: unknown) => new Date(Number(ms)).toISOString();
const json = (text: unknown) =>
  text === null || text === undefined ? undefined : JSON.parse(String(text));

function patchColumns(patch: FulfilmentPatch = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (patch.attempts !== undefined) out.fulfilment_attempts = patch.attempts;
  if (patch.nextAttemptAt !== undefined)
    out.next_attempt_at = patch.nextAttemptAt;
  if (patch.lastError !== undefined) {
    out.last_error = patch.lastError === null ? null : bounded(patch.lastError);
  }
  if (patch.taskId !== undefined) out.task_id = patch.taskId;
  if (patch.output !== undefined) {
    out.fulfilment_output =
      patch.output === null ? null : JSON.stringify(patch.output);
  }
  if (patch.completedAt !== undefined) out.completed_at = patch.completedAt;
  return out;
}

function toRequest(r: any, history?: any[]): SelfServiceRequest {
  const fulfilmentState =
    Number(r.fulfilment_attempts) > 0 ||
    r.task_id ||
    r.completed_at !== null ||
    r.last_error
      ? {
          attempts: Number(r.fulfilment_attempts),
          ...(r.last_error ? { lastError: r.last_error } : {}),
          ...(r.task_id ? { taskId: r.task_id } : {}),
          ...(r.completed_at !== null && r.completed_at !== undefined
            ? { completedAt: iso(r.completed_at) }
            : {}),
          ...(r.fulfilment_output ? { output: json(r.fulfilment_output) } : {}),
        }
      : undefined;
  return {
    id: r.id,
    kind: r.kind,
    kindTitle: r.kind_title,
    title: r.title,
    ...(r.justification ? { justification: r.justification } : {}),
    requester: r.requester_ref,
    createdBy: r.created_by,
    targetRef: r.target_ref,
    ...(r.target_owner_ref ? { targetOwnerRef: r.target_owner_ref } : {}),
    parameters: json(r.parameters) ?? {},
    ...(r.cost ? { cost: json(r.cost) } : {}),
    fulfilment: json(r.fulfilment),
    status: r.status,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    ...(r.decision
      ? {
          decision: {
            outcome: r.decision,
            by: r.decided_by,
            at: iso(r.decided_at),
            ...(r.decision_reason ? { reason: r.decision_reason } : {}),
          },
        }
      : {}),
    ...(fulfilmentState ? { fulfilmentState } : {}),
    ...(history
      ? {
          history: history.map(
            (h): RequestHistoryEntry => ({
              at: iso(h.at),
              actor: h.actor,
              from: h.from_status ?? null,
              to: h.to_status,
              ...(h.reason ? { reason: h.reason } : {}),
            }),
          ),
        }
      : {}),
    page: requestPagePath(r.id),
  };
}

/** Applies permission criteria (from the conditional decision) to a query. */
function applyCriteria(
  qb: Knex.QueryBuilder,
  criteria: PermissionCriteria<RequestPermissionQuery>,
): void {
  if ('allOf' in criteria) {
    qb.where(b => {
      for (const c of criteria.allOf)
        b.andWhere(inner => applyCriteria(inner, c));
    });
  } else if ('anyOf' in criteria) {
    qb.where(b => {
      for (const c of criteria.anyOf)
        b.orWhere(inner => applyCriteria(inner, c));
    });
  } else if ('not' in criteria) {
    qb.whereNot(b => applyCriteria(b, criteria.not));
  } else {
    // IN alone is unknown (not false) for a NULL column, and NOT of unknown
    // drops the row; the rule's apply() says a request without an owner is
    // no match, so `not` must keep it. (knex makes an empty IN `1 = 0`.)
    qb.where(b =>
      b.whereIn(criteria.key, criteria.values).whereNotNull(criteria.key),
    );
  }
}

/**
 * Requests and their history in the plugin's database (SQLite or
 * PostgreSQL). Every status change is one transaction: a conditional update
 * (`where status in (...)`), then the history row, so two replicas can never
 * both decide or both fulfil a request.
 */
export class RequestStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<RequestStore> {
    const client = await options.database.getClient();
    await migrateRequestsDatabase(options.database, client);
    return new RequestStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async insert(request: NewRequest): Promise<SelfServiceRequest> {
    await this.db.transaction(async tx => {
      await tx(REQUESTS).insert({
        id: request.id,
        kind: request.kind,
        kind_title: request.kindTitle,
        title: request.title,
        justification: request.justification ?? null,
        requester_ref: request.requester,
        created_by: request.createdBy,
        target_ref: request.targetRef,
        target_owner_ref: request.targetOwnerRef ?? null,
        parameters: JSON.stringify(request.parameters),
        cost: request.cost ? JSON.stringify(request.cost) : null,
        fulfilment: JSON.stringify(request.fulfilment),
        status: 'pending',
        created_at: request.createdAt,
        updated_at: request.createdAt,
        fulfilment_attempts: 0,
      });
      await tx(HISTORY).insert({
        request_id: request.id,
        at: request.createdAt,
        actor: request.createdBy,
        from_status: null,
        to_status: 'pending',
        reason: request.justification ?? null,
      });
    });
    return (await this.get(request.id, { history: true }))!;
  }

  async get(
    id: string,
    options: { history?: boolean } = {},
  ): Promise<SelfServiceRequest | undefined> {
    const row = await this.db(REQUESTS).where({ id }).first();
    if (!row) return undefined;
    const history = options.history
      ? await this.db(HISTORY).where({ request_id: id }).orderBy('seq', 'asc')
      : undefined;
    return toRequest(row, history);
  }

  /** The permission framework's view of requests (for `apply-conditions`). */
  async getMany(ids: string[]): Promise<Map<string, SelfServiceRequest>> {
    const rows = ids.length ? await this.db(REQUESTS).whereIn('id', ids) : [];
    return new Map(rows.map(r => [r.id, toRequest(r)]));
  }

  /** "My requests": newest first. */
  async listByRequester(
    requester: string,
    options: { limit: number; status?: RequestStatus[] },
  ): Promise<SelfServiceRequest[]> {
    const qb = this.db(REQUESTS)
      .where({ requester_ref: requester })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    if (options.status?.length) qb.whereIn('status', options.status);
    return (await qb).map(r => toRequest(r));
  }

  /** Pending requests the filter lets through, oldest first. */
  async listPending(options: {
    filter: PendingFilter;
    limit: number;
    excludeRequester?: string;
  }): Promise<SelfServiceRequest[]> {
    const qb = this.db(REQUESTS)
      .where({ status: 'pending' })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(options.limit);
    if (options.filter !== 'all') {
      const criteria = options.filter;
      qb.andWhere(b => applyCriteria(b, criteria));
    }
    if (options.excludeRequester) {
      qb.andWhereNot({ requester_ref: options.excludeRequester });
    }
    return (await qb).map(r => toRequest(r));
  }

  /**
   * Changes a request's status if it is still `from` (and, for
   * cancellations, the requester's): the update and the history row in one
   * transaction. Returns the request after the change, or undefined when it
   * was not in such a state (someone else changed it first).
   */
  async transition(t: Transition): Promise<SelfServiceRequest | undefined> {
    if (!canTransition(t.from, t.to)) {
      throw new Error(`${t.from} → ${t.to} is not a request transition`);
    }
    const changed = await this.db.transaction(async tx => {
      const qb = tx(REQUESTS)
        .where({ id: t.id, status: t.from })
        .update({
          status: t.to,
          updated_at: t.at,
          ...(t.decision
            ? {
                decision: t.decision,
                decided_by: t.actor,
                decided_at: t.at,
                decision_reason: t.reason ?? null,
              }
            : {}),
          ...patchColumns(t.patch),
        });
      if (t.requester) qb.andWhere({ requester_ref: t.requester });
      const count = await qb;
      if (count !== 1) return false;
      await tx(HISTORY).insert({
        request_id: t.id,
        at: t.at,
        actor: t.actor,
        from_status: t.from,
        to_status: t.to,
        reason: t.reason ? bounded(t.reason) : null,
      });
      return true;
    });
    return changed ? this.get(t.id, { history: true }) : undefined;
  }

  /** Records a fulfilment attempt's state without a status change, if the status is still `status`. */
  async patchFulfilment(
    id: string,
    status: RequestStatus,
    patch: FulfilmentPatch,
    at: number,
  ): Promise<boolean> {
    const count = await this.db(REQUESTS)
      .where({ id, status })
      .update({ ...patchColumns(patch), updated_at: at });
    return count === 1;
  }

  /**
   * Claims up to `limit` requests in `statuses` whose `next_attempt_at` is
   * due: each claim moves `next_attempt_at` to `leaseUntil` with a
   * conditional update, so a request is worked on by one caller at a time.
   */
  async claimDue(options: {
    statuses: RequestStatus[];
    now: number;
    leaseUntil: number;
    limit: number;
  }): Promise<SelfServiceRequest[]> {
    const due = await this.db(REQUESTS)
      .whereIn('status', options.statuses)
      .where('next_attempt_at', '<=', options.now)
      .orderBy('next_attempt_at', 'asc')
      .limit(options.limit)
      .select('*');
    const claimed: SelfServiceRequest[] = [];
    for (const row of due) {
      const count = await this.db(REQUESTS)
        .where({
          id: row.id,
          status: row.status,
          next_attempt_at: row.next_attempt_at,
        })
        .update({ next_attempt_at: options.leaseUntil });
      // The row as the claim left it: nothing else changed it in between.
      if (count === 1) {
        claimed.push(
          toRequest({ ...row, next_attempt_at: options.leaseUntil }),
        );
      }
    }
    return claimed;
  }
}
