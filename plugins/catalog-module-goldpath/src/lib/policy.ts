import { Entity } from '@backstage/catalog-model';
import {
  POLICY_STATUS_ANNOTATION,
  POLICY_VIOLATIONS_ANNOTATION,
} from '@goldpath/plugin-catalog-common';

/** The policy statuses, worst first. */
export const POLICY_STATUSES = ['fail', 'warn', 'pass'] as const;
export type PolicyStatusValue = (typeof POLICY_STATUSES)[number];

/** Severities as `goldpath.dev/policy-violations` lists them, worst first. */
export const SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
  'unknown',
] as const;

/** The entity's policy status, or `undefined` when no report names it. */
export function readPolicyStatus(
  entity: Entity,
): PolicyStatusValue | undefined {
  const value = entity.metadata.annotations?.[POLICY_STATUS_ANNOTATION];
  return POLICY_STATUSES.includes(value as PolicyStatusValue)
    ? (value as PolicyStatusValue)
    : undefined;
}

/**
 * The open violations by severity from `goldpath.dev/policy-violations`
 * (`critical:0,high:2,medium:1,...`), or `undefined` when absent or
 * unreadable (never zeros by default).
 */
export function readPolicyViolations(
  entity: Entity,
): Partial<Record<(typeof SEVERITIES)[number], number>> | undefined {
  const text = entity.metadata.annotations?.[POLICY_VIOLATIONS_ANNOTATION];
  if (!text) {
    return undefined;
  }
  const out: Partial<Record<(typeof SEVERITIES)[number], number>> = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split(':').map(s => s.trim());
    const count = Number(value);
    if (
      (SEVERITIES as readonly string[]).includes(key) &&
      value !== '' &&
      Number.isInteger(count) &&
      count >= 0
    ) {
      out[key as (typeof SEVERITIES)[number]] = count;
    } else {
      return undefined;
    }
  }
  return out;
}

/** Sort rank of a status for the catalog column: fail, warn, pass, then none. */
export function policyStatusRank(
  status: PolicyStatusValue | undefined,
): number {
  return status === undefined
    ? POLICY_STATUSES.length
    : POLICY_STATUSES.indexOf(status);
}
