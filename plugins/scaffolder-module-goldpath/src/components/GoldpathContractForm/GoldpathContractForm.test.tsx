import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ContractFormValue } from '@goldpath/plugin-catalog-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  apis,
  catalogApi,
  FieldHarness,
  POSTGRES_REF,
} from '../../__testUtils__/fixtures';
import {
  GoldpathContractForm,
  goldpathContractFormValidation,
} from './GoldpathContractForm';

async function renderField(
  props: Omit<Parameters<typeof FieldHarness>[0], 'Field'>,
) {
  return renderInTestApp(
    <TestApiProvider apis={apis()}>
      <FieldHarness Field={GoldpathContractForm} {...props} />
    </TestApiProvider>,
  );
}

describe('GoldpathContractForm', () => {
  it("renders the contract's inputs, regions and versions, starting from the defaults", async () => {
    const values: Array<ContractFormValue | undefined> = [];
    await renderField({
      uiOptions: { block: POSTGRES_REF },
      onValue: v => values.push(v),
    });

    expect(
      await screen.findByRole('spinbutton', { name: /storage_gb/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('Database inputs: PostgreSQL')).toBeInTheDocument();
    expect(screen.getByText(/Disk size in GB/)).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: 'high_availability' }),
    ).not.toBeChecked();
    expect(screen.getByLabelText(/admin_password/)).toHaveAttribute(
      'type',
      'password',
    );
    expect(screen.getByRole('textbox', { name: 'labels' })).toBeInTheDocument();

    // The value starts from the contract's defaults and current version.
    expect(values[0]).toEqual({
      block: POSTGRES_REF,
      version: '3.1.0',
      values: { engine_version: '16', high_availability: false },
    });

    // Region: the contract's regions; version: current and compatible ones.
    await userEvent.click(screen.getByRole('combobox', { name: /Region/ }));
    const regions = within(screen.getByRole('listbox'));
    expect(regions.getAllByRole('option').map(o => o.textContent)).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    await userEvent.click(regions.getByRole('option', { name: 'us-east-1' }));

    await userEvent.click(
      screen.getByRole('combobox', { name: /Contract version/ }),
    );
    const versions = within(screen.getByRole('listbox'));
    expect(versions.getAllByRole('option').map(o => o.textContent)).toEqual([
      '3.1.0 (current)',
      '3.0.0',
    ]);
    await userEvent.click(versions.getByRole('option', { name: '3.0.0' }));

    fireEvent.change(screen.getByRole('spinbutton', { name: /storage_gb/ }), {
      target: { value: '100' },
    });
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'high_availability' }),
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'labels' }), {
      target: { value: '{"team":"payments"}' },
    });

    expect(values[values.length - 1]).toEqual({
      block: POSTGRES_REF,
      version: '3.0.0',
      region: 'us-east-1',
      values: {
        storage_gb: 100,
        engine_version: '16',
        high_availability: true,
        labels: { team: 'payments' },
      },
    });
  });

  it('shows a violation on its field with the rule', async () => {
    await renderField({
      uiOptions: { block: POSTGRES_REF },
      initial: {
        block: POSTGRES_REF,
        version: '3.1.0',
        region: 'eu-west-1',
        values: {},
      },
    });
    const storage = await screen.findByRole('spinbutton', {
      name: /storage_gb/,
    });
    fireEvent.change(storage, { target: { value: '5' } });
    expect(
      await screen.findByText('storage_gb: must be at least 20'),
    ).toBeInTheDocument();
    expect(storage).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(storage, { target: { value: '50' } });
    await waitFor(() =>
      expect(
        screen.queryByText('storage_gb: must be at least 20'),
      ).not.toBeInTheDocument(),
    );
  });

  it('reads the block from another field with blockFrom', async () => {
    await renderField({
      uiOptions: { blockFrom: 'block' },
      formData: { block: POSTGRES_REF },
    });
    expect(
      await screen.findByRole('spinbutton', { name: /storage_gb/ }),
    ).toBeInTheDocument();
  });

  it('asks for a block while none is chosen', async () => {
    await renderField({ uiOptions: { blockFrom: 'block' } });
    expect(
      screen.getByText(/Choose a building block \(block\)/),
    ).toBeInTheDocument();
  });

  it('names a block without a contract', async () => {
    await renderField({ uiOptions: { block: 'resource:default/bare' } });
    expect(
      await screen.findByText(
        'block: resource:default/bare has no spec.contract',
      ),
    ).toBeInTheDocument();
  });

  it('names bad ui:options', async () => {
    await renderField({ uiOptions: {} });
    expect(
      screen.getByText(
        'ui:options: set ui:options.block (an entity ref) or ui:options.blockFrom',
      ),
    ).toBeInTheDocument();
  });
});

describe('goldpathContractFormValidation', () => {
  async function validate(
    value: ContractFormValue | undefined,
    options: { uiOptions?: Record<string, unknown>; formData?: any } = {},
  ) {
    const errors: string[] = [];
    await goldpathContractFormValidation(
      value as ContractFormValue,
      { addError: (m: string) => errors.push(m) } as any,
      {
        apiHolder: {
          get: (ref: { id: string }) =>
            ref.id === catalogApiRef.id ? catalogApi() : undefined,
        } as any,
        formData: options.formData ?? {},
        schema: {},
        uiSchema: {
          'ui:options': options.uiOptions ?? { blockFrom: 'block' },
        } as any,
      },
    );
    return errors;
  }

  it('accepts values inside the contract', async () => {
    expect(
      await validate(
        {
          block: POSTGRES_REF,
          version: '3.1.0',
          region: 'eu-west-1',
          values: { storage_gb: 100 },
        },
        { formData: { block: POSTGRES_REF } },
      ),
    ).toEqual([]);
  });

  it('reports every violation naming the input and the rule', async () => {
    expect(
      await validate({
        block: POSTGRES_REF,
        version: '2.0.0',
        region: 'ap-south-1',
        values: { storage_gb: 5, engine_version: '13', extra: 1 },
      }),
    ).toEqual([
      'storage_gb: must be at least 20',
      'engine_version: must be one of 14|15|16',
      'extra: is not an input of the contract',
      'region: must be one of eu-west-1|us-east-1',
      'version: must be one of 3.1.0|3.0.0',
    ]);
  });

  it('reports a missing block, an unknown block and a changed choice', async () => {
    expect(await validate(undefined)).toEqual([
      'block: choose a building block first',
    ]);
    expect(
      await validate({ block: 'resource:default/nope', values: {} }),
    ).toEqual([
      'block: resource:default/nope is not in the catalog (or not visible to you)',
    ]);
    expect(
      await validate(
        {
          block: POSTGRES_REF,
          version: '3.1.0',
          region: 'eu-west-1',
          values: { storage_gb: 100 },
        },
        { formData: { block: 'resource:default/bare' } },
      ),
    ).toEqual([
      `block: these values are for ${POSTGRES_REF}, but resource:default/bare is chosen`,
    ]);
  });
});
