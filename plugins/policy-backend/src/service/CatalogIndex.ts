import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  POLICY_SEVERITIES,
  PolicyResourceRef,
  PolicySeverity,
} from '@goldpath/plugin-policy-common';
import { MappingTarget } from '../database/PolicyStore';
import { BundlePolicy, compareText } from './evaluate';

/** The entity's id in Kubernetes (the Kubernetes plugin's annotation). */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** An equality-based label selector (`app=checkout,tier=web`). */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
/** Limits the entity's Kubernetes resources to one namespace. */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
/** Repository annotations that claim file and repository results for a component. */
export const REPOSITORY_ANNOTATIONS = [
  'github.com/project-slug',
  'gitlab.com/project-slug',
];

/** Kinds whose names are `<owner>-<suffix>` (a Deployment's ReplicaSets and Pods, a CronJob's Jobs). */
const SUFFIXED_KINDS = new Set(['pod', 'replicaset', 'job']);

interface KubernetesClaim {
  entityRef: string;
  namespace?: string;
}

interface SelectorClaim extends KubernetesClaim {
  selector: Array<[string, string]>;
}

const lower = (text: string) => text.toLocaleLowerCase('en-US');

/**
 * Reads an equality-based selector: `k=v`, `k==v`, comma-separated. Set-based
 * or negated selectors are not supported: undefined.
 */
export function parseEqualitySelector(
  text: string,
): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const match = /^([A-Za-z0-9./_-]+)\s*==?\s*([A-Za-z0-9._-]*)$/.exec(
      trimmed,
    );
    if (!match || trimmed.includes('!=')) return undefined;
    pairs.push([match[1], match[2]]);
  }
  return pairs.length ? pairs : undefined;
}

/**
 * A repository as `owner/name` (GitLab: `group/sub/name`) in lower case, from
 * a slug, an https URL or an scp-style git address; undefined when it is none.
 */
export function normalizeRepository(
  text: string | undefined,
): string | undefined {
  if (!text) return undefined;
  let value = text.trim().replace(/^git\+/, '');
  const scp = /^[\w.-]+@[^:/]+:(.+)$/.exec(value);
  if (scp) {
    value = scp[1];
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      value = new URL(value).pathname;
    } catch {
      return undefined;
    }
  }
  value = value
    .replace(/\/-\/.*$/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '');
  if (!/^[^/\s]+(\/[^/\s]+)+$/.test(value)) return undefined;
  return lower(value);
}

function policiesOf(entity: Entity): unknown[] {
  const contract = (entity.spec as { contract?: { policies?: unknown } })
    ?.contract;
  return Array.isArray(contract?.policies) ? contract!.policies : [];
}

/**
 * A snapshot of what the catalog says for mapping results to entities (the
 * Kubernetes and repository annotations) and of the policy bundles
 * (`spec.contract.policies`). Pure: build it from entities, then ask.
 */
export class CatalogIndex {
  /** Policy name → the bundle that ships it. */
  readonly bundles: ReadonlyMap<string, BundlePolicy>;
  /** How many entities the snapshot was built from. */
  readonly size: number;

  static build(
    entities: readonly Entity[],
    options: { loadedAt: number; logger?: LoggerService },
  ): CatalogIndex {
    return new CatalogIndex(entities, options.loadedAt, options.logger);
  }

  private readonly byKubernetesId = new Map<string, KubernetesClaim[]>();
  private readonly selectors: SelectorClaim[] = [];
  private readonly byRepository = new Map<string, string>();

  private constructor(
    entities: readonly Entity[],
    readonly loadedAt: number,
    logger?: LoggerService,
  ) {
    const bundles = new Map<string, BundlePolicy>();
    this.size = entities.length;
    const sorted = entities
      .map(entity => ({ entity, ref: lower(stringifyEntityRef(entity)) }))
      .sort((a, b) => compareText(a.ref, b.ref));
    for (const { entity, ref } of sorted) {
      const annotations = entity.metadata.annotations ?? {};
      const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim();
      const claim = { entityRef: ref, ...(namespace ? { namespace } : {}) };
      const id = annotations[KUBERNETES_ID_ANNOTATION]?.trim();
      if (id) {
        const claims = this.byKubernetesId.get(id) ?? [];
        claims.push(claim);
        this.byKubernetesId.set(id, claims);
      }
      const selectorText = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
      if (selectorText) {
        const selector = parseEqualitySelector(selectorText);
        if (selector) {
          this.selectors.push({ ...claim, selector });
        } else {
          logger?.warn(
            `Ignoring ${KUBERNETES_LABEL_SELECTOR_ANNOTATION} of ${ref}: only equality-based selectors (k=v,k2=v2) map policy results, got "${selectorText}"`,
          );
        }
      }
      if (lower(entity.kind) === 'component') {
        for (const annotation of REPOSITORY_ANNOTATIONS) {
          const slug = normalizeRepository(annotations[annotation]);
          if (!slug) continue;
          const owner = this.byRepository.get(slug);
          if (owner && owner !== ref) {
            logger?.warn(
              `${ref} and ${owner} both claim repository ${slug}; keeping ${owner}`,
            );
            continue;
          }
          this.byRepository.set(slug, ref);
        }
      }
      for (const raw of policiesOf(entity)) {
        const policy = bundlePolicyOf(raw, ref);
        if (!policy) continue;
        const known = bundles.get(policy.name);
        if (known && known.bundleRef !== ref) {
          logger?.warn(
            `Policy ${policy.name} is listed by the bundles ${known.bundleRef} and ${ref}; keeping ${known.bundleRef}`,
          );
          continue;
        }
        bundles.set(policy.name, policy.info);
      }
    }
    this.bundles = bundles;
  }

  /** The entity a result is about, by the mapping rules (see the README), or undefined. */
  mapTarget(target: MappingTarget): string | undefined {
    return (
      this.mapResource(target.resource) ?? this.mapRepository(target.repository)
    );
  }

  /** Rule 2: a Kubernetes resource. */
  mapResource(resource: PolicyResourceRef | undefined): string | undefined {
    if (!resource) return undefined;
    const namespace =
      resource.namespace ??
      (resource.kind && lower(resource.kind) === 'namespace'
        ? resource.name
        : undefined);
    const pick = (claims: readonly KubernetesClaim[] | undefined) => {
      const fitting = (claims ?? []).filter(
        c => !c.namespace || c.namespace === namespace,
      );
      // An entity that names the namespace is the more specific claim.
      fitting.sort(
        (a, b) =>
          Number(!!b.namespace) - Number(!!a.namespace) ||
          compareText(a.entityRef, b.entityRef),
      );
      return fitting[0]?.entityRef;
    };
    const labels = resource.labels ?? {};
    const labelId = labels[KUBERNETES_ID_ANNOTATION];
    if (labelId) {
      const ref = pick(this.byKubernetesId.get(labelId));
      if (ref) return ref;
    }
    if (Object.keys(labels).length) {
      const ref = pick(
        this.selectors.filter(s =>
          s.selector.every(([k, v]) => labels[k] === v),
        ),
      );
      if (ref) return ref;
    }
    const name = resource.name;
    if (!name) return undefined;
    const exact = pick(this.byKubernetesId.get(name));
    if (exact) return exact;
    if (resource.kind && SUFFIXED_KINDS.has(lower(resource.kind))) {
      const parts = name.split('-');
      for (let i = parts.length - 1; i >= 1; i--) {
        const ref = pick(this.byKubernetesId.get(parts.slice(0, i).join('-')));
        if (ref) return ref;
      }
    }
    return undefined;
  }

  /** Rule 3: a repository (`owner/name` or a URL). */
  mapRepository(repository: string | undefined): string | undefined {
    const slug = normalizeRepository(repository);
    return slug ? this.byRepository.get(slug) : undefined;
  }
}

function bundlePolicyOf(
  raw: unknown,
  bundleRef: string,
): { name: string; info: BundlePolicy } | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const p = raw as Record<string, unknown>;
  if (typeof p.name !== 'string' || !p.name.trim()) return undefined;
  const text = (v: unknown) =>
    typeof v === 'string' && v.trim() ? v.trim() : undefined;
  const severity =
    typeof p.severity === 'string' &&
    (POLICY_SEVERITIES as readonly string[]).includes(p.severity)
      ? (p.severity as PolicySeverity)
      : undefined;
  const remediation = text(p.remediation);
  const runbook = text(p.runbook);
  return {
    name: p.name.trim(),
    info: {
      bundleRef,
      ...(severity ? { severity } : {}),
      ...(remediation ? { remediation } : {}),
      ...(runbook ? { runbook } : {}),
    },
  };
}
