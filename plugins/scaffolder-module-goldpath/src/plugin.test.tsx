import { getComponentData } from '@backstage/core-plugin-api';
import { GoldpathContractFormFieldExtension } from './index';
import { goldpathContractFormValidation } from './components/GoldpathContractForm';

describe('GoldpathContractFormFieldExtension (legacy)', () => {
  it('is a scaffolder field extension named GoldpathContractForm', () => {
    const data = getComponentData<{ name: string; validation?: unknown }>(
      <GoldpathContractFormFieldExtension />,
      'scaffolder.extensions.field.v1',
    );
    expect(data?.name).toBe('GoldpathContractForm');
    expect(data?.validation).toBe(goldpathContractFormValidation);
  });
});
