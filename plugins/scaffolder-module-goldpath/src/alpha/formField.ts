import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ContractFormValue } from '@goldpath/plugin-catalog-common';
import type { z } from 'zod/v3';
import {
  GoldpathContractForm,
  goldpathContractFormValidation,
} from '../components/GoldpathContractForm';
import {
  GOLDPATH_CONTRACT_FORM_FIELD,
  GoldpathContractFormUiOptions,
} from '../lib/contract';

/** The `GoldpathContractForm` field as the new frontend system loads it. */
export const goldpathContractFormField = createFormField<
  z.ZodType<ContractFormValue>,
  z.ZodType<GoldpathContractFormUiOptions>
>({
  name: GOLDPATH_CONTRACT_FORM_FIELD,
  component: GoldpathContractForm,
  validation: goldpathContractFormValidation,
});
