import type { Contract } from '@goldpath/plugin-catalog-common';
import { z } from 'zod';

/** The periods a cost estimate can be given for. @public */
export const COST_PERIODS = [
  'one-off',
  'hour',
  'day',
  'month',
  'year',
] as const;

/** @public */
export type CostPeriod = (typeof COST_PERIODS)[number];

/**
 * A cost estimate: `amount` in `currency` per `period`, as the building
 * block's contract states it (`spec.contract.cost.monthlyEstimate`), with the
 * contract's `bucket` and `basis` when it has them and the block it was read
 * from (`sourceRef`).
 *
 * @public
 */
export const costEstimateSchema = z.strictObject({
  amount: z.number().nonnegative().max(1e12),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD'),
  period: z.enum(COST_PERIODS),
  bucket: z.enum(['free', 'low', 'medium', 'high', 'premium']).optional(),
  basis: z.string().max(500).optional(),
  sourceRef: z.string().min(1).max(500).optional(),
});

/** @public */
export type CostEstimate = z.output<typeof costEstimateSchema>;

/**
 * The cost estimate a building block's contract states, or undefined when
 * it states none (a bucket alone is no amount: nothing is guessed).
 *
 * @public
 */
export function costFromContract(
  contract: Pick<Contract, 'cost'>,
  sourceRef?: string,
): CostEstimate | undefined {
  const estimate = contract.cost?.monthlyEstimate;
  if (!estimate) return undefined;
  return {
    amount: estimate.amount,
    currency: estimate.currency,
    period: 'month',
    ...(contract.cost?.bucket ? { bucket: contract.cost.bucket } : {}),
    ...(estimate.basis ? { basis: estimate.basis } : {}),
    ...(sourceRef ? { sourceRef } : {}),
  };
}

/** `€120.50 / month` style text of an estimate, in the given locale. @public */
export function formatCostEstimate(
  cost: CostEstimate,
  locale = 'en-US',
): string {
  let amount: string;
  try {
    amount = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: cost.currency,
    }).format(cost.amount);
  } catch {
    amount = `${cost.amount} ${cost.currency}`;
  }
  return cost.period === 'one-off'
    ? `${amount} once`
    : `${amount} / ${cost.period}`;
}
