import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuditTrailService,
  auditOutcomeOfError,
} from '@goldpath/plugin-audit-node';

/** The audit actions of Goldpath's scaffolder actions. */
export const SCAFFOLD_RUN_ACTION = 'scaffolder.task.run';
export const SCAFFOLD_REQUEST_ACTION = 'scaffolder.request.create';

interface StepFacts {
  action: string;
  /** The scaffolder task: the correlation id of every record of one run. */
  taskId: string;
  /** The initiator's credentials (`ctx.getInitiatorCredentials`): the actor. */
  credentials: () => Promise<BackstageCredentials>;
  targetEntityRef?: string;
  meta?: Record<string, unknown>;
}

/**
 * Records a step that did what it should. The id is stable per task and
 * step (`<action>:<task id>[:<key>]`): a retried step is one record.
 * Throws when the record cannot be kept, so the step fails and is retried
 * (its checkpoint keeps the work from being done twice).
 */
export async function recordStepSucceeded(
  trail: AuditTrailService,
  facts: StepFacts & { key?: string; outcome?: 'succeeded' | 'failed' },
): Promise<void> {
  const { key, taskId, outcome, credentials, ...rest } = facts;
  await trail.record({
    ...rest,
    credentials: await credentials(),
    id: `${facts.action}:${taskId}${key ? `:${key}` : ''}`,
    outcome: outcome ?? 'succeeded',
    correlationId: taskId,
  });
}

/**
 * Records a step that was refused (`rejected`: invalid input, refused by the
 * plugin it calls) or failed. Never throws: the step's own error is what the
 * task shows.
 */
export async function recordStepFailed(
  trail: AuditTrailService,
  logger: Pick<LoggerService, 'warn'>,
  error: unknown,
  facts: StepFacts,
): Promise<void> {
  const { taskId, credentials, ...rest } = facts;
  try {
    await trail.record({
      ...rest,
      credentials: await credentials(),
      outcome: auditOutcomeOfError(error),
      ...(error instanceof Error ? { error } : {}),
      correlationId: taskId,
      meta: {
        ...facts.meta,
        error: error instanceof Error ? error.name : 'Error',
      },
    });
  } catch (e) {
    logger.warn(
      `Could not record the audit record of ${facts.action}: ${
        (e as Error).message
      }`,
    );
  }
}
