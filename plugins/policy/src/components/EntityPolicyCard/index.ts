export { EntityPolicyCard } from './EntityPolicyCard';
export type { EntityPolicyCardProps } from './EntityPolicyCard';
