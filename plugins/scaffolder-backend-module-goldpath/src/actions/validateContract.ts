import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  checkContractValues,
  contractVersionChoices,
  isVersionCompatible,
  validateContract,
} from '@goldpath/plugin-catalog-common';
import { validateContractExamples } from './validateContract.examples';

/** The id of {@link createValidateContractAction}'s action. */
export const VALIDATE_CONTRACT_ACTION_ID = 'goldpath:contract:validate';

/**
 * What {@link createValidateContractAction} needs.
 *
 * @public
 */
export interface ValidateContractActionOptions {
  /** The catalog (`catalogServiceRef`), read with the initiator's credentials. */
  catalog: CatalogService;
}

/**
 * `goldpath:contract:validate`: checks parameter values against the contract
 * (`spec.contract`) of a building block in the catalog, and optionally a
 * region against its `constraints.regions` and a contract version the new
 * consumer is built against, before anything is created. Fails
 * with one error listing every violation as `<parameter>: <rule>`.
 * Read-only, so it also runs in a dry run.
 *
 * @public
 */
export function createValidateContractAction(
  options: ValidateContractActionOptions,
) {
  const { catalog } = options;
  return createTemplateAction({
    id: VALIDATE_CONTRACT_ACTION_ID,
    description:
      "Checks parameter values against a building block's contract (required, type, enum, pattern, min/max, length, unknown parameters, region) and fails with every violation.",
    examples: validateContractExamples,
    supportsDryRun: true,
    schema: {
      input: {
        block: z =>
          z
            .string()
            .min(1)
            .describe(
              'The entity ref of the building block, e.g. resource:default/vpc-module',
            ),
        values: z =>
          z
            .record(z.unknown())
            .describe("The values meant for the block's inputs, by input name"),
        region: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              "The region to deploy to, checked against the contract's constraints.regions",
            ),
        version: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'The contract version the consumer is built against: the current one, or one its compatibility[] rows accept',
            ),
      },
      output: {
        blockRef: z =>
          z.string().describe('The full entity ref of the checked block'),
        contractVersion: z =>
          z.string().describe('The version of the contract checked against'),
      },
    },
    async handler(ctx) {
      const { block, values, region, version } = ctx.input;
      const entity = await catalog.getEntityByRef(block, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (!entity) {
        throw new InputError(
          `block: ${block} is not in the catalog (or not visible to you)`,
        );
      }
      const blockRef = stringifyEntityRef(entity);
      const raw = (entity.spec as { contract?: unknown } | undefined)?.contract;
      if (raw === undefined || raw === null) {
        throw new InputError(`block: ${blockRef} has no spec.contract`);
      }
      const parsed = validateContract(raw, { path: 'spec.contract' });
      if (!parsed.ok) {
        throw new InputError(
          `block: the contract of ${blockRef} is invalid: ${parsed.problems.join(
            '; ',
          )}`,
        );
      }
      const problems = checkContractValues(parsed.contract, values, {
        region,
      });
      if (
        version !== undefined &&
        !isVersionCompatible(version, parsed.contract)
      ) {
        problems.push(
          `version: ${version} is not compatible with the current contract (choose one of ${contractVersionChoices(
            parsed.contract,
          ).join('|')})`,
        );
      }
      if (problems.length > 0) {
        throw new InputError(
          `The values do not satisfy the contract of ${blockRef} (${
            parsed.contract.version
          }): ${problems.join('; ')}`,
        );
      }
      ctx.logger.info(
        `The values satisfy the contract of ${blockRef} (${parsed.contract.version})`,
      );
      ctx.output('blockRef', blockRef);
      ctx.output('contractVersion', parsed.contract.version);
    },
  });
}
