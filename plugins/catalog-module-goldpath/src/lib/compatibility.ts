import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  BUILT_AGAINST_ANNOTATION,
  COMPATIBILITY_ANNOTATION,
  COMPATIBILITY_ISSUES_ANNOTATION,
  CompatibilityIssue,
  CompatibilityStatus,
  CONTRACT_VERSION_ANNOTATION,
  parseBuiltAgainst,
  ParsedBuiltAgainst,
} from '@goldpath/plugin-catalog-common';

const ISSUE_KINDS: ReadonlyArray<CompatibilityIssue['kind']> = [
  'version',
  'region',
  'unknown-block',
  'no-contract',
];
const STATUSES: ReadonlyArray<CompatibilityStatus> = [
  'ok',
  'mismatch',
  'unknown',
];

/** The entity's ref, lower-case, as relations and annotations name it. */
export function refOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}

/** What the consumer wrote in `goldpath.dev/built-against`, parsed. */
export function readBuiltAgainst(entity: Entity): ParsedBuiltAgainst {
  return parseBuiltAgainst(
    entity.metadata.annotations?.[BUILT_AGAINST_ANNOTATION],
    {
      defaultNamespace: entity.metadata.namespace,
    },
  );
}

/**
 * The consumer's computed compatibility (`goldpath.dev/compatibility`), or
 * `undefined` while the catalog processor has not checked it (never `ok`
 * by default).
 */
export function readCompatibilityStatus(
  entity: Entity,
): CompatibilityStatus | undefined {
  const value = entity.metadata.annotations?.[COMPATIBILITY_ANNOTATION];
  return STATUSES.includes(value as CompatibilityStatus)
    ? (value as CompatibilityStatus)
    : undefined;
}

/**
 * The consumer's computed issues (`goldpath.dev/compatibility-issues`, a
 * JSON array); entries of another shape are left out, and an unreadable
 * value reads as none.
 */
export function readCompatibilityIssues(entity: Entity): CompatibilityIssue[] {
  const text = entity.metadata.annotations?.[COMPATIBILITY_ISSUES_ANNOTATION];
  if (!text) {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) {
    return [];
  }
  return parsed.filter(
    (item): item is CompatibilityIssue =>
      typeof item === 'object' &&
      item !== null &&
      typeof item.block === 'string' &&
      typeof item.message === 'string' &&
      ISSUE_KINDS.includes(item.kind),
  );
}

/** The state of one consumer against one block. */
export interface BlockCompatibility {
  /**
   * `ok`, `mismatch` or `unknown` from the processor's issues; `undefined`
   * when the processor has not checked the consumer yet.
   */
  status?: CompatibilityStatus;
  issues: CompatibilityIssue[];
}

/**
 * The state of a consumer against one block it uses, from the computed
 * annotations: its issues about that block decide; without any, the block
 * is `ok` only once the processor has checked the consumer.
 */
export function compatibilityWith(
  consumer: Entity,
  blockRef: string,
): BlockCompatibility {
  const block = blockRef.toLocaleLowerCase('en-US');
  const issues = readCompatibilityIssues(consumer).filter(
    i => i.block.toLocaleLowerCase('en-US') === block,
  );
  if (issues.some(i => i.kind === 'version' || i.kind === 'region')) {
    return { status: 'mismatch', issues };
  }
  if (issues.length > 0) {
    return { status: 'unknown', issues };
  }
  return {
    status: readCompatibilityStatus(consumer) === undefined ? undefined : 'ok',
    issues,
  };
}

/** The block's current contract version (`goldpath.dev/contract-version`), when computed. */
export function readContractVersion(entity: Entity): string | undefined {
  return (
    entity.metadata.annotations?.[CONTRACT_VERSION_ANNOTATION] || undefined
  );
}
