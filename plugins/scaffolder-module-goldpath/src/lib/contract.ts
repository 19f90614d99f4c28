import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  checkContractForm,
  Contract,
  ContractFormValue,
  validateContract,
} from '@goldpath/plugin-catalog-common';
import { z } from 'zod';

/**
 * The name templates use: `ui:field: GoldpathContractForm`.
 *
 * @public
 */
export const GOLDPATH_CONTRACT_FORM_FIELD = 'GoldpathContractForm';

/**
 * `ui:options` of the `GoldpathContractForm` field: the building block, as a
 * fixed entity ref (`block`) or as the name of another field of the form
 * that holds one (`blockFrom`, e.g. an `EntityPicker` of building blocks).
 *
 * @public
 */
export interface GoldpathContractFormUiOptions {
  block?: string;
  blockFrom?: string;
}

const uiOptionsSchema = z
  .object({
    block: z.string().trim().min(1).optional(),
    blockFrom: z.string().trim().min(1).optional(),
  })
  .refine(o => o.block !== undefined || o.blockFrom !== undefined, {
    message: 'set ui:options.block (an entity ref) or ui:options.blockFrom',
  });

/** The options read, or the problem with them (for the template's author). */
export type ParsedUiOptions =
  | { ok: true; options: GoldpathContractFormUiOptions }
  | { ok: false; problem: string };

/** Reads `ui:options` with zod; a bad option is named, never thrown. */
export function parseUiOptions(raw: unknown): ParsedUiOptions {
  const parsed = uiOptionsSchema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, options: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue.path.length
    ? `ui:options.${issue.path.join('.')}`
    : 'ui:options';
  return { ok: false, problem: `${where}: ${issue.message}` };
}

/**
 * The building block the field is for: `ui:options.block`, or the value of
 * the form field `ui:options.blockFrom` names.
 */
export function resolveBlockRef(
  options: GoldpathContractFormUiOptions,
  formData: unknown,
): string | undefined {
  if (options.block) return options.block;
  if (!options.blockFrom) return undefined;
  const value =
    formData && typeof formData === 'object'
      ? (formData as Record<string, unknown>)[options.blockFrom]
      : undefined;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** A block's contract as loaded from the catalog. */
export type LoadedContract =
  | { ok: true; ref: string; title: string; contract: Contract }
  | { ok: false; problem: string };

/**
 * Loads a building block and its contract (`spec.contract`, which the
 * catalog processor has validated) from the catalog. Problems are worded as
 * the backend action words them (`block: ...`).
 */
export async function loadBlockContract(
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
  blockRef: string,
): Promise<LoadedContract> {
  const entity = await catalogApi.getEntityByRef(blockRef);
  if (!entity) {
    return {
      ok: false,
      problem: `block: ${blockRef} is not in the catalog (or not visible to you)`,
    };
  }
  const ref = stringifyEntityRef(entity);
  const raw = (entity.spec as { contract?: unknown } | undefined)?.contract;
  if (raw === undefined || raw === null) {
    return { ok: false, problem: `block: ${ref} has no spec.contract` };
  }
  const parsed = validateContract(raw, { path: 'spec.contract' });
  if (!parsed.ok) {
    return {
      ok: false,
      problem: `block: the contract of ${ref} is invalid: ${parsed.problems.join(
        '; ',
      )}`,
    };
  }
  return {
    ok: true,
    ref,
    title: entity.metadata.title ?? entity.metadata.name,
    contract: parsed.contract,
  };
}

/**
 * Every problem of a field value: a missing block, a block that cannot be
 * loaded, a value for another block than the one chosen, and the contract
 * violations of {@link checkContractForm} (`<parameter>: <rule>`, the
 * messages of `goldpath:contract:validate`).
 */
export async function contractFormProblems(options: {
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>;
  value: ContractFormValue | undefined;
  blockRef: string | undefined;
}): Promise<string[]> {
  const { catalogApi, value } = options;
  const block = value?.block;
  if (!block) {
    return [
      options.blockRef
        ? `block: the form of ${options.blockRef} has not loaded yet`
        : 'block: choose a building block first',
    ];
  }
  const loaded = await loadBlockContract(catalogApi, block);
  if (!loaded.ok) return [loaded.problem];
  const problems: string[] = [];
  if (options.blockRef) {
    const chosen = await catalogApi.getEntityByRef(options.blockRef);
    if (chosen && stringifyEntityRef(chosen) !== loaded.ref) {
      problems.push(
        `block: these values are for ${loaded.ref}, but ${options.blockRef} is chosen`,
      );
    }
  }
  return [...problems, ...checkContractForm(loaded.contract, value)];
}
