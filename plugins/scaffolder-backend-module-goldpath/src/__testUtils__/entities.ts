import { Entity } from '@backstage/catalog-model';

/** A building block with a contract, for the contract action's tests. */
export const vpcModule: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'vpc-module', namespace: 'default' },
  spec: {
    type: 'terraform-module',
    owner: 'group:default/platform',
    contract: {
      version: '2.1.0',
      inputs: [
        {
          name: 'cidr',
          type: 'string',
          required: true,
          constraints: { pattern: '^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$' },
        },
        {
          name: 'instance_profile_arn',
          type: 'string',
          constraints: { pattern: '^arn:aws:iam::' },
        },
        { name: 'azCount', type: 'integer', constraints: { min: 1, max: 6 } },
      ],
      constraints: { regions: ['eu-west-1', 'us-east-1'] },
    },
  },
};

/** A building block whose contract breaks the schema. */
export const brokenModule: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'broken-module', namespace: 'default' },
  spec: {
    type: 'terraform-module',
    owner: 'group:default/platform',
    contract: { version: 'one', inputs: [{ name: 'x', type: 'float' }] },
  },
};

/** A resource without a contract. */
export const plainResource: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'plain', namespace: 'default' },
  spec: { type: 'database', owner: 'group:default/platform' },
};
