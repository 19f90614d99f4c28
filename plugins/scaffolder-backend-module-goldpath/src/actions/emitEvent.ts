import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { TEMPLATE_VERSION_ANNOTATION } from '@goldpath/plugin-catalog-common';
import {
  FieldError,
  OUTCOMES,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';
import { DoraService } from '@goldpath/plugin-dora-node';
import { AuditTrailService } from '@goldpath/plugin-audit-node';
import { emitEventExamples } from './emitEvent.examples';
import {
  SCAFFOLD_RUN_ACTION,
  recordStepFailed,
  recordStepSucceeded,
} from './trail';

/** The id of {@link createEmitEventAction}'s action. */
export const EMIT_EVENT_ACTION_ID = 'goldpath:event:emit';

/** The checkpoint key of the store write (one event per step). */
export const EMIT_EVENT_CHECKPOINT_KEY = 'goldpath-scaffold-event';

/**
 * What {@link createEmitEventAction} needs.
 *
 * @public
 */
export interface EmitEventActionOptions {
  /** The dora plugin (`doraServiceRef`). */
  dora: DoraService;
  /**
   * The scaffolder's audit trail (`auditTrailServiceRef`): each run is
   * recorded as `scaffolder.task.run` (target: the created entity,
   * correlation id: the task id). Without it, nothing is recorded.
   */
  audit?: AuditTrailService;
  /** The clock, read once per run; defaults to the system clock. */
  now?: () => Date;
}

const formatErrors = (errors: FieldError[]) =>
  errors.map(e => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');

/**
 * `goldpath:event:emit`: records a delivery event in the dora plugin, by
 * default the `scaffold` event of this task (`template`, `templateVersion`,
 * `service`, `outcome`, `taskId`), or any canonical event given as `event`.
 * The event id derives from the task id (`scaffold:<task id>`), and the store
 * write runs in a checkpoint, so a retried step records the event once. In a
 * dry run the event is validated and output, not stored.
 *
 * @public
 */
export function createEmitEventAction(options: EmitEventActionOptions) {
  const { dora, audit } = options;
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: EMIT_EVENT_ACTION_ID,
    description:
      "Records this task's scaffold event (or any canonical delivery event) in Goldpath's dora plugin, once per task.",
    examples: emitEventExamples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'The entity the template created, e.g. component:default/checkout; required unless event is given',
            ),
        outcome: z =>
          z
            .enum(OUTCOMES)
            .optional()
            .describe(
              'How the template run went: success, failure, cancelled or in_progress; left out when not given',
            ),
        templateVersion: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              "The template's version; defaults to the template's goldpath.dev/template-version annotation, else none",
            ),
        event: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'A canonical delivery event (docs/EVENTS.md) to record instead of the scaffold event; id defaults to <type>:<task id>, source to scaffolder, actor to the user who ran the task',
            ),
      },
      output: {
        eventId: z => z.string().describe('The id of the recorded event'),
        event: z =>
          z
            .record(z.unknown())
            .describe('The event as validated and normalised'),
        stored: z =>
          z
            .boolean()
            .describe(
              'Whether the store accepted it now (false for a duplicate id, an opted-out service, or a dry run)',
            ),
      },
    },
    async handler(ctx) {
      // What the audit record says, filled in as the step learns it.
      const facts: { targetEntityRef?: string; meta: Record<string, unknown> } =
        { meta: {} };
      try {
        const stored = await run();
        if (audit && stored !== undefined) {
          await recordStepSucceeded(audit, {
            action: SCAFFOLD_RUN_ACTION,
            taskId: ctx.task.id,
            credentials: () => ctx.getInitiatorCredentials(),
            ...facts,
            // The template said the run failed: so does the record.
            ...(facts.meta.runOutcome === 'failure'
              ? { outcome: 'failed' as const }
              : {}),
            meta: { ...facts.meta, stored },
          });
        }
      } catch (e) {
        if (audit && !ctx.isDryRun) {
          await recordStepFailed(audit, ctx.logger, e, {
            action: SCAFFOLD_RUN_ACTION,
            taskId: ctx.task.id,
            credentials: () => ctx.getInitiatorCredentials(),
            ...facts,
          });
        }
        throw e;
      }

      /** The step; answers whether the event was stored now (undefined in a dry run). */
      async function run(): Promise<boolean | undefined> {
        const { service, outcome, templateVersion, event: custom } = ctx.input;
        if (custom && (service || outcome || templateVersion)) {
          throw new InputError(
            'event: give either event or the scaffold fields (service, outcome, templateVersion), not both',
          );
        }
        const taskId = ctx.task.id;
        const actor = ctx.user?.ref;
        let input: Record<string, unknown>;
        if (custom) {
          const type = typeof custom.type === 'string' ? custom.type : 'event';
          input = {
            id: `${type}:${taskId}`,
            source: 'scaffolder',
            ...(actor ? { actor } : {}),
            ...custom,
          };
        } else {
          if (!service) {
            throw new InputError(
              'service: is required (the entity the template created), unless event is given',
            );
          }
          const templateRef = ctx.templateInfo?.entityRef;
          if (!templateRef) {
            throw new InputError(
              'The task has no template entity ref, so there is no scaffold event to record',
            );
          }
          const version =
            templateVersion?.trim() ||
            ctx.templateInfo?.entity?.metadata.annotations?.[
              TEMPLATE_VERSION_ANNOTATION
            ]?.trim();
          input = {
            id: `scaffold:${taskId}`,
            type: 'scaffold',
            timestamp: now().toISOString(),
            service,
            source: 'scaffolder',
            template: templateRef,
            ...(version ? { templateVersion: version } : {}),
            ...(outcome ? { outcome } : {}),
            taskId,
            ...(actor ? { actor } : {}),
          };
        }

        const validated = validateDeliveryEvent(input);
        if (!validated.ok) {
          throw new InputError(
            `The event is not a valid delivery event: ${formatErrors(
              validated.errors,
            )}`,
          );
        }
        const eventId = validated.event.id;
        const recorded = validated.event as JsonObject;
        if (typeof recorded.service === 'string') {
          facts.targetEntityRef = recorded.service;
        }
        facts.meta = {
          eventId,
          eventType: recorded.type,
          ...(typeof recorded.template === 'string'
            ? { template: recorded.template }
            : {}),
          ...(typeof recorded.templateVersion === 'string'
            ? { templateVersion: recorded.templateVersion }
            : {}),
          ...(typeof recorded.outcome === 'string'
            ? { runOutcome: recorded.outcome }
            : {}),
        };
        // Copy without the actor: outputs are shown in the task log.
        const { actor: _actor, ...shown } = validated.event as JsonObject;
        ctx.output('eventId', eventId);
        ctx.output('event', shown);
        if (ctx.isDryRun) {
          ctx.logger.info(`Dry run: event ${eventId} is valid, not recorded`);
          ctx.output('stored', false);
          return undefined;
        }

        const result = await ctx.checkpoint({
          key: EMIT_EVENT_CHECKPOINT_KEY,
          fn: async () => {
            let ingested;
            try {
              ingested = await dora.ingestEvents([input]);
            } catch (e) {
              if (e instanceof ResponseError && e.statusCode === 400) {
                throw new InputError(
                  `The dora plugin rejected event ${eventId}: ${e.body.error.message}`,
                );
              }
              throw e;
            }
            if (ingested.rejected.length > 0) {
              throw new InputError(
                `The dora plugin rejected event ${eventId}: ${formatErrors(
                  ingested.rejected[0].errors,
                )}`,
              );
            }
            return {
              accepted: ingested.accepted,
              duplicates: ingested.duplicates,
              optedOut: ingested.optedOut,
            };
          },
        });
        ctx.logger.info(
          result.accepted > 0
            ? `Recorded event ${eventId}`
            : `Event ${eventId} was not stored again (${
                result.duplicates > 0 ? 'already recorded' : 'service opted out'
              })`,
        );
        ctx.output('stored', result.accepted > 0);
        return result.accepted > 0;
      }
    },
  });
}
