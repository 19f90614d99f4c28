import {
  DEFAULT_NAMESPACE,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import semver from 'semver';
import { Contract } from './schema';

/**
 * One building block a consumer names in `goldpath.dev/built-against`.
 *
 * @public
 */
export interface BuiltAgainstEntry {
  /** The block's entity ref, normalised and lower-case: `resource:default/vpc-module`. */
  ref: string;
  /** The contract version the consumer was built against (a semantic version). */
  version: string;
}

/**
 * An entry of `goldpath.dev/built-against` that could not be read.
 *
 * @public
 */
export interface InvalidBuiltAgainstEntry {
  /** The entry as written: `pg`, `vpc@latest`. */
  text: string;
  /** Why: `expected <ref>@<version>, e.g. resource:vpc-module@2.1.0`. */
  reason: string;
}

/**
 * What {@link parseBuiltAgainst} read.
 *
 * @public
 */
export interface ParsedBuiltAgainst {
  entries: BuiltAgainstEntry[];
  /** Entries that could not be read, each with the reason. */
  invalid: InvalidBuiltAgainstEntry[];
}

/**
 * One problem between a consumer and a building block.
 *
 * @public
 */
export type CompatibilityIssue = {
  /** The block's entity ref (normalised). */
  block: string;
  /**
   * - `version`: the block's current contract does not accept the version the consumer was built against;
   * - `region`: the consumer runs in a region the block does not support;
   * - `unknown-block`: the catalog has no such block (or the reference can't be read);
   * - `no-contract`: the block exists but has no valid contract.
   */
  kind: 'version' | 'region' | 'unknown-block' | 'no-contract';
  message: string;
};

/**
 * A consumer's overall state, the value of `goldpath.dev/compatibility`.
 *
 * @public
 */
export type CompatibilityStatus = 'ok' | 'mismatch' | 'unknown';

const validator = makeValidator();

/**
 * Reads a comma-separated annotation value (`eu-west-1, eu-central-1`):
 * trimmed, empty entries dropped.
 *
 * @public
 */
export function splitAnnotationList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

/**
 * Parses an entity ref with defaults, validating each part; `undefined` for a
 * malformed ref (never throws). The answer is lower-case.
 *
 * @public
 */
export function normalizeEntityRef(
  text: string,
  defaults: { defaultKind: string; defaultNamespace?: string },
): string | undefined {
  try {
    const ref = parseEntityRef(text.trim(), {
      defaultKind: defaults.defaultKind,
      defaultNamespace: defaults.defaultNamespace ?? DEFAULT_NAMESPACE,
    });
    if (
      !validator.isValidKind(ref.kind) ||
      !validator.isValidNamespace(ref.namespace) ||
      !validator.isValidEntityName(ref.name)
    ) {
      return undefined;
    }
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Parses the `goldpath.dev/built-against` annotation: comma-separated
 * `[kind:][namespace/]name@version` entries, e.g.
 * `resource:default/vpc-module@2.1.0, pg@1.0.0`. The kind defaults to
 * `resource` and the namespace to the consumer's (`defaultNamespace`, else
 * `default`). Versions must be semantic versions (a leading `v` is dropped).
 * Malformed entries, and a block named twice with different versions, land
 * in `invalid` rather than failing the whole value.
 *
 * @public
 */
export function parseBuiltAgainst(
  text: string | undefined,
  options?: { defaultNamespace?: string },
): ParsedBuiltAgainst {
  const entries: BuiltAgainstEntry[] = [];
  const invalid: InvalidBuiltAgainstEntry[] = [];
  for (const raw of splitAnnotationList(text)) {
    const at = raw.lastIndexOf('@');
    if (at <= 0 || at === raw.length - 1) {
      invalid.push({
        text: raw,
        reason: 'expected <ref>@<version>, e.g. resource:vpc-module@2.1.0',
      });
      continue;
    }
    const ref = normalizeEntityRef(raw.slice(0, at), {
      defaultKind: 'resource',
      defaultNamespace: options?.defaultNamespace,
    });
    if (!ref) {
      invalid.push({ text: raw, reason: 'not a valid entity ref' });
      continue;
    }
    const versionText = raw.slice(at + 1).trim();
    const version = semver.valid(versionText);
    if (!version) {
      invalid.push({
        text: raw,
        reason: `${versionText} is not a semantic version`,
      });
      continue;
    }
    const existing = entries.find(e => e.ref === ref);
    if (existing) {
      if (!semver.eq(existing.version, version)) {
        invalid.push({
          text: raw,
          reason: `${ref} is already listed at ${existing.version}`,
        });
      }
      continue;
    }
    entries.push({ ref, version });
  }
  return { entries, invalid };
}

/**
 * Whether a consumer built against `version` works with a block whose current
 * contract is `contract`: the versions are equal, or a `compatibility[]` row
 * whose `version` (a version or a range) matches the current version lists a
 * range in `compatibleWith` that the consumer's version satisfies. semver
 * semantics throughout (pre-releases only match ranges that name them).
 *
 * @public
 */
export function isVersionCompatible(
  version: string,
  contract: Pick<Contract, 'version' | 'compatibility'>,
): boolean {
  if (!semver.valid(version) || !semver.valid(contract.version)) return false;
  if (semver.eq(version, contract.version)) return true;
  return (contract.compatibility ?? []).some(
    row =>
      semver.satisfies(contract.version, row.version) &&
      row.compatibleWith.some(range => semver.satisfies(version, range)),
  );
}

/**
 * Checks one consumer against one block it names in
 * `goldpath.dev/built-against`.
 *
 * `block.contract`: the block's current contract; `null` when the block is
 * known but has no valid contract; `undefined` when the catalog has no such
 * block. Region rule: when the block lists `constraints.regions`, every
 * region of the consumer must be among them (case-insensitive); a consumer
 * that names no region is not checked. A block the consumer does not name in
 * `builtAgainst` gives no issues.
 *
 * @public
 */
export function checkCompatibility(options: {
  consumer: {
    builtAgainst: readonly BuiltAgainstEntry[];
    regions?: readonly string[];
  };
  block: { ref: string; contract?: Contract | null };
}): CompatibilityIssue[] {
  const { consumer, block } = options;
  const ref = block.ref.toLocaleLowerCase('en-US');
  const entry = consumer.builtAgainst.find(e => e.ref === ref);
  if (!entry) return [];
  if (block.contract === undefined) {
    return [
      {
        block: ref,
        kind: 'unknown-block',
        message: `${ref} is not in the catalog`,
      },
    ];
  }
  if (block.contract === null) {
    return [
      {
        block: ref,
        kind: 'no-contract',
        message: `${ref} has no valid contract`,
      },
    ];
  }
  const contract = block.contract;
  const issues: CompatibilityIssue[] = [];
  if (!isVersionCompatible(entry.version, contract)) {
    issues.push({
      block: ref,
      kind: 'version',
      message: `built against ${entry.version}, but ${ref} is at contract ${contract.version}, and no compatibility row for ${contract.version} accepts ${entry.version}`,
    });
  }
  const supported = contract.constraints?.regions;
  if (supported && consumer.regions?.length) {
    const allowed = new Set(supported.map(r => r.toLocaleLowerCase('en-US')));
    const outside = consumer.regions.filter(
      r => !allowed.has(r.toLocaleLowerCase('en-US')),
    );
    if (outside.length) {
      issues.push({
        block: ref,
        kind: 'region',
        message: `runs in ${outside.join(
          ', ',
        )}, but ${ref} supports only ${supported.join(', ')}`,
      });
    }
  }
  return issues;
}

/**
 * The overall state of a consumer from its issues: `mismatch` when any
 * version or region issue, `unknown` when a block or its contract is not
 * known, `ok` otherwise.
 *
 * @public
 */
export function compatibilityStatus(
  issues: readonly CompatibilityIssue[],
): CompatibilityStatus {
  if (issues.some(i => i.kind === 'version' || i.kind === 'region')) {
    return 'mismatch';
  }
  if (issues.length) return 'unknown';
  return 'ok';
}
