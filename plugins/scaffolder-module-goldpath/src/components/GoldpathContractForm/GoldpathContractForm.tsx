import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  checkContractForm,
  contractFormDefaults,
  contractProblemField,
  contractRegionChoices,
  ContractFormValue,
  contractVersionChoices,
} from '@goldpath/plugin-catalog-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  contractFormProblems,
  GoldpathContractFormUiOptions,
  loadBlockContract,
  parseUiOptions,
  resolveBlockRef,
} from '../../lib/contract';
import { ContractInputField } from './ContractInputField';

/**
 * The props of {@link GoldpathContractForm}.
 *
 * @public
 */
export type GoldpathContractFormProps = FieldExtensionComponentProps<
  ContractFormValue,
  GoldpathContractFormUiOptions
>;

/** Problems by the field they name (`storage_gb`, `region`, `version`, `block`). */
function byField(problems: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const problem of problems) {
    const field = contractProblemField(problem);
    map.set(field, [...(map.get(field) ?? []), problem]);
  }
  return map;
}

/**
 * The `GoldpathContractForm` scaffolder field: loads the building block of
 * `ui:options.block` (or of the form field `ui:options.blockFrom`) from the
 * catalog and renders its contract's inputs as fields, with a region select
 * (`constraints.regions`) and a version select (the current contract version
 * and the versions it stays compatible with). Its value is
 * `{ block, version, region, values }`, ready for `goldpath:contract:validate`.
 *
 * Violations show on the field they concern as soon as a value is entered,
 * worded as `goldpath:contract:validate` words them.
 *
 * @public
 */
export function GoldpathContractForm(props: GoldpathContractFormProps) {
  const { uiSchema, formData, onChange, formContext, rawErrors, idSchema } =
    props;
  const catalogApi = useApi(catalogApiRef);
  const parsedOptions = parseUiOptions(uiSchema?.['ui:options']);
  const blockRef = parsedOptions.ok
    ? resolveBlockRef(parsedOptions.options, formContext?.formData)
    : undefined;
  const id = idSchema?.$id ?? 'goldpath-contract-form';
  const title = (props.schema?.title as string | undefined) ?? 'Block inputs';
  const description = props.schema?.description as string | undefined;

  const { value: loaded, loading } = useAsync(
    async () =>
      blockRef ? loadBlockContract(catalogApi, blockRef) : undefined,
    [catalogApi, blockRef],
  );

  // A newly chosen block starts from its contract's defaults.
  useEffect(() => {
    if (loaded?.ok && formData?.block !== loaded.ref) {
      onChange({ block: loaded.ref, ...contractFormDefaults(loaded.contract) });
    }
  }, [loaded, formData?.block, onChange]);

  const contract = loaded?.ok ? loaded.contract : undefined;
  const current =
    loaded?.ok && formData?.block === loaded.ref ? formData : undefined;

  const problems = useMemo(() => {
    const live =
      contract && current ? checkContractForm(contract, current) : [];
    const present = live.filter(problem => {
      const field = contractProblemField(problem);
      if (field === 'region') return current?.region !== undefined;
      if (field === 'version') return current?.version !== undefined;
      return current?.values?.[field] !== undefined;
    });
    // After a submit, the validation's messages name every rule that failed.
    return byField([...new Set([...present, ...(rawErrors ?? [])])]);
  }, [contract, current, rawErrors]);

  if (!parsedOptions.ok) {
    return <Alert severity="error">{parsedOptions.problem}</Alert>;
  }
  if (!blockRef) {
    return (
      <Alert severity="info">
        Choose a building block
        {parsedOptions.options.blockFrom
          ? ` (${parsedOptions.options.blockFrom})`
          : ''}{' '}
        to fill in its inputs.
      </Alert>
    );
  }
  if (loading) return <Progress />;
  if (!loaded) return null;
  if (!loaded.ok) return <Alert severity="error">{loaded.problem}</Alert>;
  if (!contract || !current) return <Progress />;

  const regions = contractRegionChoices(contract);
  const versions = contractVersionChoices(contract);
  const setValue = (name: string, value: unknown) => {
    const values = { ...current.values };
    if (value === undefined) delete values[name];
    else values[name] = value;
    onChange({ ...current, values });
  };
  const fieldProblems = (name: string) => problems.get(name) ?? [];

  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
      <Typography component="legend" variant="h6">
        {title}: {loaded.title}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {description ??
          contract.description ??
          `The inputs of ${loaded.ref}, contract ${contract.version}.`}
      </Typography>
      {contract.inputs.map(input => (
        <ContractInputField
          key={`${loaded.ref}/${input.name}`}
          id={`${id}-values-${input.name}`}
          input={input}
          value={current.values?.[input.name]}
          problems={fieldProblems(input.name)}
          onChange={value => setValue(input.name, value)}
        />
      ))}
      {regions ? (
        <TextField
          id={`${id}-region`}
          select
          required
          label="Region"
          fullWidth
          margin="dense"
          value={
            current.region && regions.includes(current.region)
              ? current.region
              : ''
          }
          error={fieldProblems('region').length > 0}
          helperText={
            fieldProblems('region').join('; ') ||
            `The regions ${loaded.title} runs in`
          }
          onChange={e =>
            onChange({ ...current, region: e.target.value || undefined })
          }
        >
          {regions.map(region => (
            <MenuItem key={region} value={region}>
              {region}
            </MenuItem>
          ))}
        </TextField>
      ) : (
        <TextField
          id={`${id}-region`}
          label="Region"
          fullWidth
          margin="dense"
          value={current.region ?? ''}
          helperText="The block runs in any region"
          onChange={e =>
            onChange({ ...current, region: e.target.value || undefined })
          }
        />
      )}
      <TextField
        id={`${id}-version`}
        select
        required
        label="Contract version"
        fullWidth
        margin="dense"
        value={
          current.version && versions.includes(current.version)
            ? current.version
            : ''
        }
        error={fieldProblems('version').length > 0}
        helperText={
          fieldProblems('version').join('; ') ||
          'The contract version this component is built against (goldpath.dev/built-against)'
        }
        onChange={e =>
          onChange({ ...current, version: e.target.value || undefined })
        }
      >
        {versions.map((version, i) => (
          <MenuItem key={version} value={version}>
            {i === 0 ? `${version} (current)` : version}
          </MenuItem>
        ))}
      </TextField>
      {fieldProblems('block').map(problem => (
        <Alert key={problem} severity="error">
          {problem}
        </Alert>
      ))}
    </Box>
  );
}

/**
 * The validation of the `GoldpathContractForm` field, run when the step is
 * submitted: reloads the block's contract and reports every violation as
 * `<parameter>: <rule>`, the messages of `goldpath:contract:validate`.
 *
 * @public
 */
export const goldpathContractFormValidation: CustomFieldValidator<
  ContractFormValue,
  GoldpathContractFormUiOptions
> = async (value, field, context) => {
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!catalogApi) {
    field.addError('block: the catalog is not available to check the contract');
    return;
  }
  const parsedOptions = parseUiOptions(context.uiSchema?.['ui:options']);
  const blockRef = parsedOptions.ok
    ? resolveBlockRef(parsedOptions.options, context.formData)
    : undefined;
  const problems = await contractFormProblems({ catalogApi, value, blockRef });
  for (const problem of problems) field.addError(problem);
};
