import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  BUILT_AGAINST_ANNOTATION,
  COMPATIBILITY_ANNOTATION,
  COMPATIBILITY_ISSUES_ANNOTATION,
  CONTRACT_ANNOTATION,
  CONTRACT_VERSION_ANNOTATION,
  COST_BUCKET_ANNOTATION,
  CompatibilityIssue,
  CompatibilityStatus,
  Contract,
  REGIONS_ANNOTATION,
  REGION_ANNOTATION,
  checkCompatibility,
  compatibilityStatus,
  parseBuiltAgainst,
  splitAnnotationList,
  validateContract,
} from '@goldpath/plugin-catalog-common';
import { contractRefreshKey } from '../refreshKeys';
import { BlockContracts } from '../sources/BlockContractIndex';
import { ContractFileReader } from './ContractFileReader';
import { withComputedAnnotations } from './computedAnnotations';

/** The kinds that can be building blocks (carry a contract). */
const BLOCK_KINDS = new Set(['resource', 'component', 'template']);

/** Problems per entity reported as processing errors; the rest are counted. */
const MAX_PROBLEMS = 20;

const COMPUTED = [
  CONTRACT_VERSION_ANNOTATION,
  REGIONS_ANNOTATION,
  COST_BUCKET_ANNOTATION,
  COMPATIBILITY_ANNOTATION,
  COMPATIBILITY_ISSUES_ANNOTATION,
] as const;

const COMPATIBILITY_CACHE_KEY = 'compatibility';

/** The last computed compatibility of a consumer, replayed until the block map is loaded. */
interface CachedCompatibility {
  status: CompatibilityStatus;
  issues: CompatibilityIssue[];
}

/**
 * `GoldpathContractProcessor`: building-block contracts and the
 * compatibility of their consumers.
 *
 * - **Blocks** (Resource, Component, Template) carry a contract inline in
 *   `spec.contract` or in a file named by `goldpath.dev/contract`. A contract
 *   that fails its schema, or a file that can't be read, is a processing
 *   error naming the field (`spec.contract.inputs[2].type: ...`), the only
 *   error this processor emits. A valid contract is written back, normalised,
 *   to `spec.contract`, with the computed annotations
 *   `goldpath.dev/contract-version`, `goldpath.dev/regions` and
 *   `goldpath.dev/cost-bucket`.
 * - **Consumers** (any entity with `goldpath.dev/built-against`) are checked
 *   against the current contract of each block, from an in-memory map (no
 *   network call here). Mismatches are soft: `goldpath.dev/compatibility`
 *   (`ok`, `mismatch`, `unknown`) and `goldpath.dev/compatibility-issues`.
 *   Each consumer emits `goldpath:contract:<blockRef>`, so a change of the
 *   block's contract reprocesses it.
 *
 * Author-written values under the computed names are always dropped.
 */
export class GoldpathContractProcessor implements CatalogProcessor {
  static create(options: {
    files: ContractFileReader;
    blocks: BlockContracts;
  }): GoldpathContractProcessor {
    return new GoldpathContractProcessor(options.files, options.blocks);
  }

  private constructor(
    private readonly files: ContractFileReader,
    private readonly blocks: BlockContracts,
  ) {}

  getProcessorName(): string {
    return 'GoldpathContractProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    let result = withComputedAnnotations(entity, COMPUTED);
    const computed: Record<string, string> = {};

    if (BLOCK_KINDS.has(entity.kind.toLocaleLowerCase('en-US'))) {
      const contract = await this.readContract(entity, location, emit, cache);
      if (contract === 'failed') return result;
      if (contract) {
        result = {
          ...result,
          spec: { ...result.spec, contract: contract as unknown as JsonObject },
        };
        computed[CONTRACT_VERSION_ANNOTATION] = contract.version;
        if (contract.constraints?.regions) {
          computed[REGIONS_ANNOTATION] = contract.constraints.regions.join(',');
        }
        if (contract.cost) {
          computed[COST_BUCKET_ANNOTATION] = contract.cost.bucket;
        }
      }
    }

    const builtAgainst =
      entity.metadata.annotations?.[BUILT_AGAINST_ANNOTATION];
    if (builtAgainst !== undefined) {
      const { status, issues } = await this.checkConsumer(
        entity,
        builtAgainst,
        emit,
        cache,
      );
      computed[COMPATIBILITY_ANNOTATION] = status;
      if (issues.length) {
        computed[COMPATIBILITY_ISSUES_ANNOTATION] = JSON.stringify(issues);
      }
    }

    return withComputedAnnotations(result, COMPUTED, computed);
  }

  /**
   * The entity's contract: `undefined` when it has none, `'failed'` when an
   * error was emitted.
   */
  private async readContract(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Contract | undefined | 'failed'> {
    const inline = entity.spec?.contract;
    const file = entity.metadata.annotations?.[CONTRACT_ANNOTATION];
    if (inline !== undefined && file !== undefined) {
      emit(
        processingResult.inputError(
          location,
          `spec.contract: set both inline and in a file (${CONTRACT_ANNOTATION}: ${file}); keep one`,
        ),
      );
      return 'failed';
    }

    let value: unknown = inline;
    let suffix = '';
    if (file !== undefined) {
      if (!file.trim()) {
        emit(
          processingResult.inputError(
            location,
            `${CONTRACT_ANNOTATION}: expected a path to the contract file, got an empty value`,
          ),
        );
        return 'failed';
      }
      const read = await this.files.read({
        file: file.trim(),
        location,
        cache,
        emit,
      });
      if (!read.ok) {
        emit(read.error);
        return 'failed';
      }
      value = read.value;
      suffix = ` (in ${file.trim()}, named by ${CONTRACT_ANNOTATION})`;
    } else if (inline === undefined) {
      return undefined;
    }

    const validation = validateContract(value, { path: 'spec.contract' });
    if (validation.ok) return validation.contract;
    const shown = validation.problems.slice(0, MAX_PROBLEMS);
    const more = validation.problems.length - shown.length;
    shown.forEach((problem, i) => {
      const tail =
        i === shown.length - 1 && more > 0
          ? ` (and ${more} more problems)`
          : '';
      emit(processingResult.inputError(location, `${problem}${suffix}${tail}`));
    });
    return 'failed';
  }

  private async checkConsumer(
    entity: Entity,
    builtAgainst: string,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<CachedCompatibility> {
    const namespace = entity.metadata.namespace ?? 'default';
    const parsed = parseBuiltAgainst(builtAgainst, {
      defaultNamespace: namespace,
    });
    const self = stringifyEntityRef(entity);
    const regions = splitAnnotationList(
      entity.metadata.annotations?.[REGION_ANNOTATION],
    );

    const issues: CompatibilityIssue[] = parsed.invalid.map(entry => ({
      block: entry.text,
      kind: 'unknown-block' as const,
      message: `${BUILT_AGAINST_ANNOTATION}: ${entry.text}: ${entry.reason}`,
    }));
    let loaded = true;
    for (const entry of parsed.entries) {
      if (entry.ref === self) continue;
      emit(processingResult.refresh(contractRefreshKey(entry.ref)));
      const lookup = this.blocks.lookup(entry.ref);
      if (lookup.state === 'not-loaded') {
        loaded = false;
        continue;
      }
      let contract: Contract | null | undefined;
      if (lookup.state === 'contract') contract = lookup.contract;
      else if (lookup.state === 'no-contract') contract = null;
      issues.push(
        ...checkCompatibility({
          consumer: { builtAgainst: parsed.entries, regions },
          block: { ref: entry.ref, contract },
        }),
      );
    }

    if (!loaded) {
      // The map of contracts is not loaded yet (the process just started):
      // keep the last answer instead of flipping every consumer to unknown.
      const cached = await cache.get<any>(COMPATIBILITY_CACHE_KEY);
      if (cached && typeof cached.status === 'string') {
        await cache.set(COMPATIBILITY_CACHE_KEY, cached);
        return cached as CachedCompatibility;
      }
      return { status: 'unknown', issues };
    }

    const answer: CachedCompatibility = {
      status: compatibilityStatus(issues),
      issues,
    };
    await cache.set(COMPATIBILITY_CACHE_KEY, answer as any);
    return answer;
  }
}
