export { EntityPolicySummaryCard } from './EntityPolicySummaryCard';
export type { EntityPolicySummaryCardProps } from './EntityPolicySummaryCard';
