/**
 * Goldpath for the scaffolder: the `GoldpathContractForm` field, a template
 * form built from a building block's contract. This entry point is for the
 * legacy frontend system; the new frontend system module is the default
 * export of `@goldpath/plugin-scaffolder-module-goldpath/alpha`.
 *
 * @packageDocumentation
 */

export { GoldpathContractFormFieldExtension } from './extensions';
export {
  GoldpathContractForm,
  goldpathContractFormValidation,
} from './components/GoldpathContractForm';
export type { GoldpathContractFormProps } from './components/GoldpathContractForm';
export { GOLDPATH_CONTRACT_FORM_FIELD } from './lib/contract';
export type { GoldpathContractFormUiOptions } from './lib/contract';
