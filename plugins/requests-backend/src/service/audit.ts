import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { SelfServiceRequest } from '@goldpath/plugin-requests-common';
import { Request } from 'express';

/** The actions of requests that reach the audit sink. */
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

/**
 * Where the requests plugin records its actions. The seam the audit trail
 * (`auditTrailServiceRef` of `@goldpath/plugin-audit-node`) plugs into: today
 * {@link AuditorRequestAudit} sends each action to Backstage's auditor.
 */
export interface RequestAudit {
  begin(
    action: RequestAuditAction,
    options: {
      /** The HTTP request of the action (its actor); absent for the fulfilment task. */
      httpRequest?: Request;
      /** The request acted on (absent before it is created). */
      request?: Pick<SelfServiceRequest, 'id' | 'targetRef' | 'kind'>;
      meta?: JsonObject;
    },
  ): Promise<RequestAuditEvent>;
}

const summary = (r: SelfServiceRequest): JsonObject => ({
  requestId: r.id,
  kind: r.kind,
  targetRef: r.targetRef,
  requester: r.requester,
  status: r.status,
  ...(r.decision ? { decidedBy: r.decision.by } : {}),
});

/**
 * {@link RequestAudit} over `coreServices.auditor`: event ids
 * `request-created`, `request-approved`, `request-rejected`,
 * `request-cancelled`, `request-fulfilled`, `request-failed`; the actor
 * comes from the HTTP request (the auditor reads its credentials), the
 * target entity and the request id from `meta`.
 */
export class AuditorRequestAudit implements RequestAudit {
  constructor(private readonly auditor: AuditorService) {}

  async begin(
    action: RequestAuditAction,
    options: Parameters<RequestAudit['begin']>[1],
  ): Promise<RequestAuditEvent> {
    const event = await this.auditor.createEvent({
      eventId: `request-${action}`,
      severityLevel: action === 'created' ? 'low' : 'medium',
      ...(options.httpRequest ? { request: options.httpRequest } : {}),
      meta: {
        ...(options.request
          ? {
              requestId: options.request.id,
              kind: options.request.kind,
              targetRef: options.request.targetRef,
            }
          : {}),
        ...options.meta,
      },
    });
    return {
      success: async request => {
        await event.success(request ? { meta: summary(request) } : undefined);
      },
      fail: async error => {
        await event.fail({ error });
      },
    };
  }
}
