export { EntityContractCard } from './EntityContractCard';
export type { EntityContractCardProps } from './EntityContractCard';
