import { ServiceIdentity } from '@goldpath/plugin-dora-adapters';
import {
  ALIASES_ANNOTATION,
  CatalogSnapshot,
  identityKey,
} from '../catalog/CatalogDirectory';

/** Where a tool identity leads. */
export type Resolution =
  | { kind: 'service'; ref: string }
  | { kind: 'optedOut'; reason: string }
  | { kind: 'unresolved' };

/** `*` matches any run of characters; everything else literally. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .trim()
    .toLowerCase()
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

const REPOSITORY_ANNOTATIONS = new Set([
  'github.com/project-slug',
  'gitlab.com/project-slug',
]);

/**
 * Maps tool identities (a repository, a PagerDuty service, an Argo CD app)
 * to catalog entities through their annotations and `goldpath.dev/aliases`,
 * and applies the opt-outs: excluded repositories (config) and entities
 * annotated `goldpath.dev/telemetry: disabled`.
 */
export class IdentityResolver {
  private readonly excluded: RegExp[];

  constructor(options: { excludeRepositories: readonly string[] }) {
    this.excluded = options.excludeRepositories.map(globToRegExp);
  }

  /** Whether a repository slug is excluded from telemetry by configuration. */
  isExcludedRepository(slug: string): boolean {
    const value = slug.toLowerCase();
    return this.excluded.some(r => r.test(value));
  }

  resolve(
    directory: CatalogSnapshot | undefined,
    identity: ServiceIdentity,
    source: string,
  ): Resolution {
    if (
      REPOSITORY_ANNOTATIONS.has(identity.annotation) &&
      this.isExcludedRepository(identity.value)
    ) {
      return {
        kind: 'optedOut',
        reason: `repository ${identity.value} is excluded by goldpath.dora.privacy.excludeRepositories`,
      };
    }
    if (!directory) {
      return { kind: 'unresolved' };
    }
    const value = identity.value.trim().toLowerCase();
    const ref =
      directory.identities.get(identityKey(identity.annotation, value)) ??
      (identity.annotation === ALIASES_ANNOTATION
        ? directory.aliases.get(value)
        : directory.aliases.get(`${source}:${value}`));
    if (!ref) {
      return { kind: 'unresolved' };
    }
    if (directory.services.get(ref)?.telemetryDisabled) {
      return { kind: 'optedOut', reason: `${ref} opted out of telemetry` };
    }
    return { kind: 'service', ref };
  }
}
