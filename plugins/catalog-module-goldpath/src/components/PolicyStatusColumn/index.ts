export {
  createPolicyStatusColumn,
  PolicyStatusCell,
} from './createPolicyStatusColumn';
export type { PolicyStatusColumnOptions } from './createPolicyStatusColumn';
