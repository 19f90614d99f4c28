import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ContractFormValue } from '@goldpath/plugin-catalog-common';
import { ComponentType, useState } from 'react';
import { GoldpathContractFormProps } from '../components/GoldpathContractForm';

/** A building block shaped like examples/building-blocks' PostgreSQL composition. */
export const postgresBlock: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'postgres-composition',
    namespace: 'default',
    title: 'PostgreSQL',
    tags: ['building-block'],
  },
  spec: {
    type: 'crossplane-composition',
    owner: 'team-platform',
    contract: {
      version: '3.1.0',
      inputs: [
        {
          name: 'storage_gb',
          type: 'integer',
          required: true,
          description: 'Disk size in GB',
          constraints: { min: 20, max: 2000 },
        },
        {
          name: 'engine_version',
          type: 'string',
          default: '16',
          constraints: { enum: ['14', '15', '16'] },
        },
        { name: 'high_availability', type: 'boolean', default: false },
        { name: 'admin_password', type: 'secret' },
        { name: 'labels', type: 'map' },
      ],
      constraints: { regions: ['eu-west-1', 'us-east-1'] },
      compatibility: [
        { version: '3.1.0', compatibleWith: ['>=3.0.0 <3.2.0'] },
        { version: '3.0.0', compatibleWith: ['>=3.0.0 <3.1.0'] },
      ],
    },
  },
};

/** A block without a contract. */
export const bareBlock: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'bare', namespace: 'default' },
  spec: { type: 'database', owner: 'team-platform' },
};

export const POSTGRES_REF = 'resource:default/postgres-composition';

export const catalogApi = () =>
  catalogApiMock({ entities: [postgresBlock, bareBlock] });

export const apis = () =>
  [[catalogApiRef, catalogApi()]] as [typeof catalogApiRef, any][];

/**
 * Renders the field the way the scaffolder's form does, holding its value in
 * state and reporting each change to `onValue`.
 */
export function FieldHarness(props: {
  Field: ComponentType<GoldpathContractFormProps>;
  uiOptions: Record<string, unknown>;
  formData?: Record<string, unknown>;
  initial?: ContractFormValue;
  rawErrors?: string[];
  onValue?: (value: ContractFormValue | undefined) => void;
}) {
  const { Field, onValue } = props;
  const [value, setValue] = useState<ContractFormValue | undefined>(
    props.initial,
  );
  const fieldProps = {
    schema: { type: 'object', title: 'Database inputs' },
    uiSchema: { 'ui:options': props.uiOptions },
    idSchema: { $id: 'root_blockInputs' },
    formData: value,
    formContext: { formData: { ...props.formData, blockInputs: value } },
    rawErrors: props.rawErrors,
    onChange: (next: ContractFormValue | undefined) => {
      setValue(next);
      onValue?.(next);
    },
  } as unknown as GoldpathContractFormProps;
  return <Field {...fieldProps} />;
}
