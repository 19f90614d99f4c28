import { Entity } from '@backstage/catalog-model';
import {
  DefaultEntityFilters,
  EntityFilter,
} from '@backstage/plugin-catalog-react';
import { POLICY_STATUS_ANNOTATION } from '@goldpath/plugin-catalog-common';

/**
 * The catalog field of the policy status: `metadata.annotations.goldpath.dev/policy-status`.
 *
 * @public
 */
export const POLICY_STATUS_FIELD = `metadata.annotations.${POLICY_STATUS_ANNOTATION}`;

/**
 * Matches entities whose policy status (`goldpath.dev/policy-status`) is
 * any of `values`. The catalog backend filters (`getCatalogFilters`), so it
 * works with pagination; `filterEntity` checks what was loaded.
 *
 * @public
 */
export class EntityPolicyStatusFilter implements EntityFilter {
  constructor(readonly values: string[]) {}

  getCatalogFilters(): Record<string, string[]> {
    return { [POLICY_STATUS_FIELD]: this.values };
  }

  filterEntity(entity: Entity): boolean {
    const status = entity.metadata.annotations?.[POLICY_STATUS_ANNOTATION];
    return status !== undefined && this.values.includes(status);
  }

  toQueryValue(): string[] {
    return this.values;
  }
}

/**
 * The catalog filters with the policy status, for `useEntityList`.
 *
 * @public
 */
export type PolicyStatusEntityFilters = DefaultEntityFilters & {
  policyStatus?: EntityPolicyStatusFilter;
};
