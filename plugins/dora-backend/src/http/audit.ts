import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  AuditTrailRecordOptions,
  AuditTrailService,
  auditOutcomeOfError,
} from '@goldpath/plugin-audit-node';
import { randomUUID } from 'node:crypto';

/** The audit actions of the dora plugin. */
export const INGEST_BATCH_ACTION = 'dora.ingest.batch';
export const WEBHOOK_DELIVERY_ACTION = 'dora.webhook.delivery';
export const EVENTS_BUS_EVENT_ACTION = 'dora.events-bus.event';

/** What an audit id may hold (letters, digits, `. _ : -`; at most 128). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The id a caller gave its request (`X-Request-Id`) when it can be an audit id; else a new one. */
export function batchIdOf(header: string | undefined): string {
  const given = header?.trim();
  return given && ID_PATTERN.test(given) ? given : randomUUID();
}

/** The headers each source names its delivery with (redeliveries keep it). */
const DELIVERY_HEADERS = [
  'x-github-delivery', // GitHub, GitHub Issues
  'x-gitlab-event-uuid', // GitLab
  'x-atlassian-webhook-identifier', // Jira
  'x-webhook-id', // PagerDuty
  'ce-id', // CloudEvents (CDEvents) in binary mode
  'x-request-id',
];

/**
 * The id of a webhook delivery from its headers, made fit for an audit id,
 * or undefined when the source sends none.
 */
export function deliveryIdOf(
  headers: Record<string, string | undefined>,
): string | undefined {
  for (const name of DELIVERY_HEADERS) {
    const value = headers[name]?.trim();
    if (value) {
      const id = value.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 100);
      if (ID_PATTERN.test(id)) return id;
    }
  }
  return undefined;
}

/**
 * Records the failure or refusal of an action. Never throws: the error of
 * the action is what the caller answers (a database that is down must stay
 * a 503), so a record that cannot be kept is logged instead.
 */
export async function recordFailure(
  trail: AuditTrailService,
  logger: LoggerService,
  error: unknown,
  options: Omit<AuditTrailRecordOptions, 'outcome' | 'error'>,
): Promise<void> {
  try {
    await trail.record({
      ...options,
      outcome: auditOutcomeOfError(error),
      ...(error instanceof Error ? { error } : {}),
      meta: {
        ...options.meta,
        error: isError(error) ? error.name : 'Error',
      },
    });
  } catch (e) {
    logger.error(
      `Could not record the audit record of ${
        options.action
      } (${auditOutcomeOfError(error)}): ${(e as Error).message}`,
    );
  }
}
