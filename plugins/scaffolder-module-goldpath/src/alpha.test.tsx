import {
  createExtensionTester,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { screen } from '@testing-library/react';
import { apis, FieldHarness, POSTGRES_REF } from './__testUtils__/fixtures';
import goldpathScaffolderModule, {
  goldpathContractFormFieldExtension,
} from './alpha';

describe('the scaffolder module (new frontend system)', () => {
  it('is a module of the scaffolder plugin', () => {
    expect(goldpathScaffolderModule).toMatchObject({
      $$type: '@backstage/FrontendModule',
      pluginId: 'scaffolder',
    });
  });

  it('provides the GoldpathContractForm field, which renders the contract', async () => {
    const loader = createExtensionTester(
      goldpathContractFormFieldExtension,
    ).get(FormFieldBlueprint.dataRefs.formFieldLoader);
    const field = (await loader()) as unknown as {
      name: string;
      component: Parameters<typeof FieldHarness>[0]['Field'];
      validation?: unknown;
    };
    expect(field.name).toBe('GoldpathContractForm');
    expect(field.validation).toEqual(expect.any(Function));

    await renderInTestApp(
      <TestApiProvider apis={apis()}>
        <FieldHarness
          Field={field.component}
          uiOptions={{ block: POSTGRES_REF }}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('spinbutton', { name: /storage_gb/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('combobox', { name: /Region/ }),
    ).toBeInTheDocument();
  });
});
