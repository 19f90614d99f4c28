export {
  EntityModelHealthCard,
  DORA_MODEL_ANNOTATION,
  isDoraModelHealthAvailable,
} from './EntityModelHealthCard';
export type { EntityModelHealthCardProps } from './EntityModelHealthCard';
