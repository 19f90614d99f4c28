import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { validateContract } from '@goldpath/plugin-catalog-common';
import {
  CostEstimate,
  CreateRequestBody,
  costFromContract,
  fulfilmentSpecSchema,
  requestPagePath,
} from '@goldpath/plugin-requests-common';
import { RequestsService } from '@goldpath/plugin-requests-node';
import { AuditTrailService } from '@goldpath/plugin-audit-node';
import { createRequestExamples } from './createRequest.examples';
import {
  SCAFFOLD_REQUEST_ACTION,
  recordStepFailed,
  recordStepSucceeded,
} from './trail';

/** The id of {@link createCreateRequestAction}'s action. */
export const CREATE_REQUEST_ACTION_ID = 'goldpath:request:create';

/**
 * What {@link createCreateRequestAction} needs.
 *
 * @public
 */
export interface CreateRequestActionOptions {
  /** The catalog (`catalogServiceRef`), read with the initiator's credentials. */
  catalog: CatalogService;
  /** The requests plugin (`requestsServiceRef` of `@goldpath/plugin-requests-node`). */
  requests: RequestsService;
  /** The app's base URL (`app.baseUrl`), for the request's link. */
  appBaseUrl: string;
  /**
   * The scaffolder's audit trail (`auditTrailServiceRef`): each request
   * created is recorded as `scaffolder.request.create` (target: the
   * requested entity, correlation id: the task id). Without it, nothing is
   * recorded.
   */
  audit?: AuditTrailService;
}

/**
 * `goldpath:request:create`: creates a self-service request (database
 * credentials, GPU quota, an environment) for the template's user, with the
 * cost estimate of the building block's contract, to be approved in the
 * portal. In a dry run it reads the contract and creates nothing. A retried
 * task does not create a second request (a checkpoint keeps the first).
 *
 * @public
 */
export function createCreateRequestAction(options: CreateRequestActionOptions) {
  const { catalog, requests, audit } = options;
  const appBaseUrl = options.appBaseUrl.replace(/\/+$/, '');
  return createTemplateAction({
    id: CREATE_REQUEST_ACTION_ID,
    description:
      "Creates a self-service request for the template's user, with the cost estimate of the building block's contract, to be approved in the portal; outputs the request id and URL.",
    examples: createRequestExamples,
    supportsDryRun: true,
    schema: {
      input: {
        kind: z =>
          z
            .string()
            .min(1)
            .describe(
              'The request kind, e.g. database-credentials, gpu-quota, environment',
            ),
        kindTitle: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe('The display title of a kind Goldpath does not know'),
        title: z => z.string().min(1).optional().describe('A one-line summary'),
        justification: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe('Why it is needed, shown to the approver'),
        target: z =>
          z
            .string()
            .min(1)
            .describe(
              'The entity the request is for, e.g. resource:default/orders-db',
            ),
        block: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'The building block whose contract states the cost (spec.contract.cost); default: the target',
            ),
        parameters: z =>
          z
            .record(z.unknown())
            .optional()
            .describe('What is asked for (never secrets)'),
        fulfilment: z =>
          z
            .record(z.unknown())
            .describe(
              "What runs on approval: { type: 'scaffolder', templateRef, values } or { type: 'action', id, input }",
            ),
      },
      output: {
        requestId: z =>
          z.string().describe('The id of the request (empty in a dry run)'),
        requestUrl: z =>
          z.string().describe('The page of the request in the portal'),
        status: z => z.string().describe('The status of the request: pending'),
        cost: z =>
          z
            .record(z.unknown())
            .optional()
            .describe("The cost estimate read from the block's contract"),
      },
    },
    async handler(ctx) {
      const facts = {
        action: SCAFFOLD_REQUEST_ACTION,
        taskId: ctx.task.id,
        targetEntityRef: ctx.input.target,
        meta: { kind: ctx.input.kind },
      };
      let result;
      try {
        result = await run();
      } catch (e) {
        if (audit && !ctx.isDryRun) {
          await recordStepFailed(audit, ctx.logger, e, {
            ...facts,
            credentials: () => ctx.getInitiatorCredentials(),
          });
        }
        throw e;
      }
      if (audit && result) {
        await recordStepSucceeded(audit, {
          ...facts,
          key: result.id,
          credentials: () => ctx.getInitiatorCredentials(),
          meta: {
            ...facts.meta,
            requestId: result.id,
            status: result.status,
          },
        });
      }

      /** The step; answers the request created (undefined in a dry run). */
      async function run() {
        const input = ctx.input;
        const credentials = await ctx.getInitiatorCredentials();
        const fulfilment = fulfilmentSpecSchema.safeParse(input.fulfilment);
        if (!fulfilment.success) {
          throw new InputError(
            `fulfilment: ${fulfilment.error.issues
              .map(
                i =>
                  `${i.path.length ? `${i.path.join('.')} ` : ''}${i.message}`,
              )
              .join('; ')}`,
          );
        }

        // The cost comes from the building block's contract, read as the user.
        const blockRef = input.block ?? input.target;
        const block = await catalog.getEntityByRef(blockRef, { credentials });
        if (!block) {
          throw new InputError(
            `${
              input.block ? 'block' : 'target'
            }: ${blockRef} is not in the catalog (or not visible to you)`,
          );
        }
        let cost: CostEstimate | undefined;
        const raw = (block.spec as { contract?: unknown } | undefined)
          ?.contract;
        if (raw !== undefined && raw !== null) {
          const parsed = validateContract(raw, { path: 'spec.contract' });
          if (!parsed.ok) {
            throw new InputError(
              `block: the contract of ${stringifyEntityRef(
                block,
              )} is invalid: ${parsed.problems.join('; ')}`,
            );
          }
          cost = costFromContract(
            parsed.contract,
            stringifyEntityRef(block).toLocaleLowerCase('en-US'),
          );
        }
        if (cost) ctx.output('cost', cost);
        else {
          ctx.logger.info(
            `${stringifyEntityRef(
              block,
            )} states no cost estimate (spec.contract.cost.monthlyEstimate)`,
          );
        }

        const body: CreateRequestBody = {
          kind: input.kind,
          ...(input.kindTitle ? { kindTitle: input.kindTitle } : {}),
          ...(input.title ? { title: input.title } : {}),
          ...(input.justification
            ? { justification: input.justification }
            : {}),
          targetRef: input.target,
          parameters: input.parameters ?? {},
          ...(cost ? { cost } : {}),
          fulfilment: fulfilment.data,
          // A task run by a service principal creates it for the template's user.
          ...((credentials.principal as { type?: string }).type !== 'user' &&
          ctx.user?.ref
            ? { onBehalfOf: ctx.user.ref }
            : {}),
        };

        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: would create a ${input.kind} request for ${input.target}`,
          );
          ctx.output('requestId', '');
          ctx.output('requestUrl', `${appBaseUrl}/requests`);
          ctx.output('status', 'dry-run');
          return undefined;
        }

        const created = await ctx.checkpoint({
          key: `request.create.${input.kind}.${input.target}`,
          fn: async () => {
            const r = await requests.createRequest(body, { credentials });
            return { id: r.id, status: r.status, page: r.page };
          },
        });
        ctx.logger.info(`Created request ${created.id} (${created.status})`);
        ctx.output('requestId', created.id);
        ctx.output(
          'requestUrl',
          `${appBaseUrl}${created.page ?? requestPagePath(created.id)}`,
        );
        ctx.output('status', created.status);
        return created;
      }
    },
  });
}
