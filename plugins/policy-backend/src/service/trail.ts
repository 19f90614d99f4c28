import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuditTrailService,
  auditOutcomeOfError,
} from '@goldpath/plugin-audit-node';
import { Request } from 'express';

/** The audit actions of the policy plugin. */
export const REPORT_UPLOAD_ACTION = 'policy.report.upload';
export const WAIVER_CREATE_ACTION = 'policy.waiver.create';
export const WAIVER_DELETE_ACTION = 'policy.waiver.delete';

interface ActionFacts {
  action: string;
  targetEntityRef?: string;
  meta?: Record<string, unknown>;
}

/**
 * The policy plugin's writes on the audit trail (`auditTrailServiceRef`):
 * Backstage's auditor and the audit plugin's store. The actor is the
 * request's principal.
 */
export class PolicyAudit {
  constructor(
    private readonly options: {
      trail: AuditTrailService;
      httpAuth: HttpAuthService;
      logger: LoggerService;
    },
  ) {}

  /**
   * Records a write that succeeded. Recorded before the answer: a record
   * that cannot be kept fails the request (the write is idempotent or the
   * caller sees the error), so no succeeded write goes unrecorded.
   */
  async succeeded(
    req: Request,
    credentials: BackstageCredentials,
    facts: ActionFacts,
  ): Promise<void> {
    await this.options.trail.record({
      ...facts,
      outcome: 'succeeded',
      credentials,
      request: req,
    });
  }

  /**
   * Records a write that was refused (`rejected`: 4xx, such as no
   * permission) or failed. Never throws: the action's own error is the
   * answer. A caller without valid credentials is no actor: not recorded.
   */
  async notSucceeded(
    req: Request,
    error: unknown,
    facts: ActionFacts,
  ): Promise<void> {
    let credentials: BackstageCredentials;
    try {
      credentials = await this.options.httpAuth.credentials(req);
    } catch {
      return;
    }
    try {
      await this.options.trail.record({
        ...facts,
        outcome: auditOutcomeOfError(error),
        ...(error instanceof Error ? { error } : {}),
        credentials,
        request: req,
        meta: {
          ...facts.meta,
          error: error instanceof Error ? error.name : 'Error',
        },
      });
    } catch (e) {
      this.options.logger.error(
        `Could not record the audit record of ${facts.action}: ${
          (e as Error).message
        }`,
      );
    }
  }
}
