import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The `GoldpathContractForm` field
 * (`scaffolder-form-field:scaffolder/goldpath-contract-form`), loaded when
 * the scaffolder first renders a form.
 *
 * @alpha
 */
export const goldpathContractFormFieldExtension = FormFieldBlueprint.make({
  name: 'goldpath-contract-form',
  params: {
    field: () =>
      import('./alpha/formField').then(m => m.goldpathContractFormField),
  },
});

/**
 * Goldpath's additions to the scaffolder for the new frontend system, a
 * module of the `scaffolder` plugin: the `GoldpathContractForm` field.
 *
 * @alpha
 */
export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [goldpathContractFormFieldExtension],
});
