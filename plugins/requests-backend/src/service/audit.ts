import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuditTrailService,
  auditOutcomeOfError,
} from '@goldpath/plugin-audit-node';
import { JsonObject } from '@backstage/types';
import { SelfServiceRequest } from '@goldpath/plugin-requests-common';
import { Request } from 'express';

/** The actions of requests that reach the audit trail. */
export type RequestAuditAction =
  | 'created'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'fulfilled'
  | 'failed';

/** One audited action, begun before it happens and closed with its outcome. */
export interface RequestAuditEvent {
  success(request?: SelfServiceRequest): Promise<void>;
  fail(error: Error): Promise<void>;
}

/** Where the requests plugin records its actions ({@link TrailRequestAudit}). */
export interface RequestAudit {
  begin(
    action: RequestAuditAction,
    options: {
      /** The HTTP request of the action (the auditor event carries it); absent for the fulfilment task. */
      httpRequest?: Request;
      /** Who acted; absent for the fulfilment task (the plugin acts: `plugin:requests`). */
      credentials?: BackstageCredentials;
      /** The request acted on (its id is known before it is stored). */
      request?: Pick<SelfServiceRequest, 'id' | 'targetRef' | 'kind'>;
      meta?: JsonObject;
    },
  ): Promise<RequestAuditEvent>;
}

/** The longest reason kept in a record's meta (records keep small facts). */
const MAX_REASON = 500;

const clip = (meta: JsonObject | undefined): JsonObject => {
  if (!meta) return {};
  const reason = meta.reason;
  return typeof reason === 'string' && reason.length > MAX_REASON
    ? { ...meta, reason: `${reason.slice(0, MAX_REASON - 1)}…` }
    : meta;
};

/**
 * The audit trail action of each request action. A fulfilment that failed
 * for good is `requests.request.fulfilled` with outcome `failed`.
 */
const TRAIL_ACTION: Record<RequestAuditAction, string> = {
  created: 'requests.request.created',
  approved: 'requests.request.approved',
  rejected: 'requests.request.rejected',
  cancelled: 'requests.request.cancelled',
  fulfilled: 'requests.request.fulfilled',
  failed: 'requests.request.fulfilled',
};

/**
 * {@link RequestAudit} over the audit trail (`auditTrailServiceRef` of
 * `@goldpath/plugin-audit-node`): each action becomes one record, sent to
 * Backstage's auditor and to the audit plugin's store. Actor: the caller's
 * credentials (the plugin itself for the fulfilment task); target: the
 * requested entity; correlation id: the request id, so a request's created,
 * decided and fulfilled records are one flow. A refused action (no
 * permission, already decided) is outcome `rejected`; an error `failed`.
 */
export class TrailRequestAudit implements RequestAudit {
  constructor(private readonly trail: AuditTrailService) {}

  async begin(
    action: RequestAuditAction,
    options: Parameters<RequestAudit['begin']>[1],
  ): Promise<RequestAuditEvent> {
    const record = (
      outcome: 'succeeded' | 'failed' | 'rejected',
      extra: { request?: SelfServiceRequest; error?: Error },
    ) => {
      const target = extra.request ?? options.request;
      return this.trail.record({
        action: TRAIL_ACTION[action],
        outcome,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.httpRequest ? { request: options.httpRequest } : {}),
        ...(target
          ? { targetEntityRef: target.targetRef, correlationId: target.id }
          : {}),
        ...(extra.error ? { error: extra.error } : {}),
        severityLevel: action === 'created' ? 'low' : 'medium',
        meta: {
          ...(target ? { requestId: target.id, kind: target.kind } : {}),
          // No user refs in meta: only the actor is pseudonymised.
          ...(extra.request ? { status: extra.request.status } : {}),
          ...clip(options.meta),
        },
      });
    };
    return {
      success: async request => {
        // The request reached `failed`: the fulfilment failed.
        await record(action === 'failed' ? 'failed' : 'succeeded', {
          ...(request ? { request } : {}),
          ...(action === 'failed'
            ? {
                error: new Error(
                  request?.fulfilmentState?.lastError ?? 'fulfilment failed',
                ),
              }
            : {}),
        });
      },
      fail: async error => {
        await record(auditOutcomeOfError(error), {
          error,
        });
      },
    };
  }
}
