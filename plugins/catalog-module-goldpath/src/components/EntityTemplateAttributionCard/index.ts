export { EntityTemplateAttributionCard } from './EntityTemplateAttributionCard';
export type { EntityTemplateAttributionCardProps } from './EntityTemplateAttributionCard';
