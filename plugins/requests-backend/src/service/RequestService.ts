import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ConditionTransformer } from '@backstage/plugin-permission-node';
import { validateContract } from '@goldpath/plugin-catalog-common';
import {
  CostEstimate,
  RequestStatus,
  SelfServiceRequest,
  alreadyDecidedMessage,
  costFromContract,
  createRequestBodySchema,
  requestKindTitle,
  requestsApprovePermission,
} from '@goldpath/plugin-requests-common';
import { RequestPermissionQuery } from '@goldpath/plugin-requests-node';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PendingFilter, RequestStore } from '../database/RequestStore';
import { RequestAudit, RequestAuditEvent } from './audit';
import { FulfilmentService } from './FulfilmentService';
import { RequestNotifier } from './notify';

type CreateBody = z.output<typeof createRequestBodySchema>;

export interface RequestServiceOptions {
  store: RequestStore;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  transformConditions: ConditionTransformer<RequestPermissionQuery>;
  fulfilment: FulfilmentService;
  notifier: RequestNotifier;
  audit: RequestAudit;
  logger: LoggerService;
  allowSelfApproval: boolean;
  now?: () => number;
}

/** The owner of an entity: its `ownedBy` relation, else `spec.owner` (a group by default). */
export function ownerOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return relation.targetRef.toLocaleLowerCase('en-US');
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** The cost estimate of an entity's contract, if it has a valid one stating an amount. */
function contractCost(entity: Entity): CostEstimate | undefined {
  const raw = (entity.spec as { contract?: unknown } | undefined)?.contract;
  if (raw === undefined || raw === null) return undefined;
  const parsed = validateContract(raw, { path: 'spec.contract' });
  return parsed.ok
    ? costFromContract(
        parsed.contract,
        stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
      )
    : undefined;
}

const principalName = (credentials: BackstageCredentials): string => {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user' ? p.userEntityRef! : p.subject ?? p.type;
};

/** Requests: creation, listings, decisions and cancellation, with their checks. */
export class RequestService {
  private readonly now: () => number;

  constructor(private readonly options: RequestServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  async create(
    body: CreateBody,
    credentials: BackstageCredentials,
    httpRequest?: Request,
  ): Promise<SelfServiceRequest> {
    const { auth, catalog, store } = this.options;
    let requester: string;
    if (auth.isPrincipal(credentials, 'user')) {
      requester =
        credentials.principal.userEntityRef.toLocaleLowerCase('en-US');
      if (body.onBehalfOf !== undefined && body.onBehalfOf !== requester) {
        throw new InputError(
          'Invalid body: body.onBehalfOf only service principals create requests for someone else',
        );
      }
    } else {
      if (!body.onBehalfOf) {
        throw new InputError(
          'Invalid body: body.onBehalfOf is required when a service creates a request: the user it is for',
        );
      }
      requester = body.onBehalfOf;
    }
    // The target as the caller sees it: a user cannot ask for what they cannot see.
    const target = await catalog.getEntityByRef(body.targetRef, {
      credentials,
    });
    if (!target) {
      throw new InputError(
        `Invalid body: body.targetRef ${body.targetRef} is not in the catalog (or not visible to you)`,
      );
    }
    const refusal = this.options.fulfilment.refusal(body.fulfilment);
    if (refusal) {
      throw new InputError(`Invalid body: body.fulfilment.id ${refusal}`);
    }
    const targetRef = stringifyEntityRef(target).toLocaleLowerCase('en-US');
    const kindTitle = requestKindTitle(body.kind, body.kindTitle);
    const cost = body.cost ?? contractCost(target);
    const id = randomUUID();
    const event = await this.options.audit.begin('created', {
      httpRequest,
      credentials,
      request: { id, targetRef, kind: body.kind },
    });
    const created = await this.audited(event, () =>
      store.insert({
        id,
        kind: body.kind,
        kindTitle,
        title:
          body.title ??
          `${kindTitle} for ${target.metadata.title ?? target.metadata.name}`,
        ...(body.justification ? { justification: body.justification } : {}),
        requester,
        createdBy: principalName(credentials),
        targetRef,
        ...(ownerOf(target) ? { targetOwnerRef: ownerOf(target) } : {}),
        parameters: body.parameters,
        ...(cost ? { cost } : {}),
        fulfilment: body.fulfilment,
        createdAt: this.now(),
      }),
    );
    await this.options.notifier.created(created);
    return created;
  }

  async listMine(
    userRef: string,
    options: { limit: number; status?: RequestStatus[] },
  ): Promise<SelfServiceRequest[]> {
    return this.options.store.listByRequester(
      userRef.toLocaleLowerCase('en-US'),
      options,
    );
  }

  /** Pending requests the user may decide, by the policy's (conditional) decision. */
  async listToApprove(
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
    options: { limit: number },
  ): Promise<SelfServiceRequest[]> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: requestsApprovePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) return [];
    const filter: PendingFilter =
      decision.result === AuthorizeResult.CONDITIONAL
        ? this.options.transformConditions(decision.conditions)
        : 'all';
    return this.options.store.listPending({
      filter,
      limit: options.limit,
      ...(this.options.allowSelfApproval
        ? {}
        : {
            excludeRequester:
              credentials.principal.userEntityRef.toLocaleLowerCase('en-US'),
          }),
    });
  }

  /** Pending requests of teams (the digest), for service principals. */
  async listPendingByOwners(
    ownerRefs: string[],
    options: { limit: number },
  ): Promise<SelfServiceRequest[]> {
    return this.options.store.listPending({
      filter: { key: 'target_owner_ref', values: ownerRefs },
      limit: options.limit,
    });
  }

  /** One request with its history, if the caller may see it (else 404). */
  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<SelfServiceRequest> {
    const request = await this.options.store.get(id, { history: true });
    if (!request) throw new NotFoundError(`No request ${id}`);
    if (!this.options.auth.isPrincipal(credentials, 'user')) return request;
    if (
      request.requester ===
      credentials.principal.userEntityRef.toLocaleLowerCase('en-US')
    ) {
      return request;
    }
    if (await this.mayApprove(id, credentials)) return request;
    throw new NotFoundError(`No request ${id}`);
  }

  private async mayApprove(id: string, credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: requestsApprovePermission, resourceRef: id }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Approves or rejects a pending request; 403 without the permission, 409 when decided. */
  async decide(
    id: string,
    outcome: 'approved' | 'rejected',
    reason: string | undefined,
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
    httpRequest?: Request,
  ): Promise<SelfServiceRequest> {
    const { store } = this.options;
    const user = credentials.principal.userEntityRef.toLocaleLowerCase('en-US');
    const current = await store.get(id);
    if (!current) throw new NotFoundError(`No request ${id}`);
    const event = await this.options.audit.begin(outcome, {
      httpRequest,
      credentials,
      request: current,
      meta: { outcome, ...(reason ? { reason } : {}) },
    });
    const decided = await this.audited(event, async () => {
      if (!(await this.mayApprove(id, credentials))) {
        throw new NotAllowedError(
          `Not allowed: ${requestsApprovePermission.name}`,
        );
      }
      if (current.status !== 'pending') {
        throw new ConflictError(alreadyDecidedMessage(current));
      }
      if (!this.options.allowSelfApproval && current.requester === user) {
        throw new NotAllowedError(
          'Not allowed: a requester cannot decide their own request (goldpath.requests.approval.allowSelfApproval)',
        );
      }
      const at = this.now();
      const changed = await store.transition({
        id,
        from: 'pending',
        to: outcome,
        actor: user,
        at,
        reason,
        decision: outcome,
        // An approved request is due for fulfilment at once.
        ...(outcome === 'approved' ? { patch: { nextAttemptAt: at } } : {}),
      });
      if (!changed) {
        // Another approver (or the requester) was first.
        const now = await store.get(id);
        throw new ConflictError(
          alreadyDecidedMessage(now ?? { status: 'pending' }),
        );
      }
      return changed;
    });
    await this.options.notifier.changed(decided);
    if (outcome === 'approved') {
      try {
        return (await this.options.fulfilment.start(id)) ?? decided;
      } catch (e) {
        // The request stays approved and due: the fulfilment task starts it.
        this.options.logger.error(
          `Could not start the fulfilment of request ${id}`,
          e as Error,
        );
        return decided;
      }
    }
    return decided;
  }

  /** The requester withdraws a pending request. */
  async cancel(
    id: string,
    reason: string | undefined,
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
    httpRequest?: Request,
  ): Promise<SelfServiceRequest> {
    const { store } = this.options;
    const user = credentials.principal.userEntityRef.toLocaleLowerCase('en-US');
    const current = await store.get(id);
    if (!current) throw new NotFoundError(`No request ${id}`);
    const event = await this.options.audit.begin('cancelled', {
      httpRequest,
      credentials,
      request: current,
      ...(reason ? { meta: { reason } } : {}),
    });
    const cancelled = await this.audited(event, async () => {
      if (current.requester !== user) {
        throw new NotAllowedError(
          'Not allowed: only the requester can cancel a request',
        );
      }
      if (current.status !== 'pending') {
        throw new ConflictError(alreadyDecidedMessage(current));
      }
      const changed = await store.transition({
        id,
        from: 'pending',
        to: 'cancelled',
        actor: user,
        at: this.now(),
        reason,
        requester: user,
        decision: 'cancelled',
      });
      if (!changed) {
        const now = await store.get(id);
        throw new ConflictError(
          alreadyDecidedMessage(now ?? { status: 'pending' }),
        );
      }
      return changed;
    });
    await this.options.notifier.changed(cancelled);
    return cancelled;
  }

  /**
   * Runs `act` and records its outcome on `event`. Once `act` has stored its
   * change, that change stands: an audit write failing after it is logged,
   * not turned into an error (the caller would retry a create) or into a
   * second, `failed` record of an action that succeeded.
   */
  private async audited(
    event: RequestAuditEvent,
    act: () => Promise<SelfServiceRequest>,
  ): Promise<SelfServiceRequest> {
    let done: SelfServiceRequest;
    try {
      done = await act();
    } catch (e) {
      await event.fail(e as Error);
      throw e;
    }
    try {
      await event.success(done);
    } catch (e) {
      this.options.logger.error(
        `Request ${done.id} is stored, but its audit record could not be written`,
        e as Error,
      );
    }
    return done;
  }
}
