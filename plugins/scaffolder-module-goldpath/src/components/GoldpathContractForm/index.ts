export {
  GoldpathContractForm,
  goldpathContractFormValidation,
} from './GoldpathContractForm';
export type { GoldpathContractFormProps } from './GoldpathContractForm';
