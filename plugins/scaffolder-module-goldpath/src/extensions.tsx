import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  GoldpathContractForm,
  goldpathContractFormValidation,
} from './components/GoldpathContractForm';
import { GOLDPATH_CONTRACT_FORM_FIELD } from './lib/contract';

/**
 * The `GoldpathContractForm` field for the legacy frontend system, provided
 * by the scaffolder plugin. Use it as a child of `<ScaffolderFieldExtensions>`
 * on the scaffolder route.
 *
 * @public
 */
export const GoldpathContractFormFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension({
    name: GOLDPATH_CONTRACT_FORM_FIELD,
    component: GoldpathContractForm,
    validation: goldpathContractFormValidation,
  }),
);
