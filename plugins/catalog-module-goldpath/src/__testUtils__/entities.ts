import { Entity } from '@backstage/catalog-model';
import type { ContractInput } from '@goldpath/plugin-catalog-common';

function relation(type: string, targetRef: string) {
  return { type, targetRef };
}

/** A building block with a full contract, at 3.0.0, and five consumers. */
export const vpcModule: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'vpc-module',
    namespace: 'default',
    title: 'VPC module',
    annotations: {
      'goldpath.dev/contract': './contract.yaml',
      'goldpath.dev/contract-version': '3.0.0',
      'goldpath.dev/regions': 'eu-west-1,eu-central-1',
      'goldpath.dev/cost-bucket': 'medium',
    },
  },
  spec: {
    type: 'terraform-module',
    owner: 'group:default/platform',
    contract: {
      version: '3.0.0',
      description: 'A VPC with private and public subnets.',
      inputs: [
        {
          name: 'cidr',
          type: 'string',
          required: true,
          description: 'The VPC range',
          constraints: { pattern: '^10\\.' },
        },
        {
          name: 'az_count',
          type: 'integer',
          required: false,
          default: 3,
          constraints: { min: 2, max: 3 },
        },
        {
          name: 'tier',
          type: 'string',
          required: false,
          default: 'standard',
          constraints: { enum: ['standard', 'ha'] },
        },
      ],
      outputs: [
        { name: 'vpc_id', type: 'string', description: 'The VPC id' },
        { name: 'kubeconfig', type: 'secret', sensitive: true },
      ],
      emits: {
        tags: { 'cost-center': 'platform', managed_by: 'goldpath' },
        labels: { 'goldpath.dev/block': 'vpc' },
        metadata: [
          { name: 'kubeconfig', format: 'yaml', description: 'Cluster access' },
        ],
      },
      constraints: {
        regions: ['eu-west-1', 'eu-central-1'],
        runsOn: [{ name: 'terraform', versions: '>=1.5 <2' }],
      },
      compatibility: [
        {
          version: '3.x',
          compatibleWith: ['>=2.1.0 <3'],
          notes: 'Subnet outputs renamed; 2.0 consumers must upgrade.',
        },
      ],
      owners: [{ ref: 'group:default/platform', role: 'maintainer' }],
      cost: {
        bucket: 'medium',
        monthlyEstimate: { amount: 120, currency: 'USD', basis: 'per VPC' },
      },
      slo: {
        availability: 99.95,
        latency: { percentile: 99, thresholdMs: 200 },
      },
      accessPolicy: {
        allowed: ['group:default/payments', 'any'],
        approval: 'owner',
        dataClassification: 'internal',
      },
      runbook: 'https://runbooks.example.com/vpc',
    } satisfies ContractInput,
  },
  relations: [
    relation('ownedBy', 'group:default/platform'),
    relation('dependencyOf', 'component:default/orders'),
    relation('dependencyOf', 'component:default/checkout'),
    relation('dependencyOf', 'component:default/legacy-app'),
    relation('dependencyOf', 'component:default/ghost'),
    relation('dependencyOf', 'component:default/undeclared'),
  ],
};

/** Another block, whose regions orders does not fit. */
export const rdsModule: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'rds-module',
    namespace: 'default',
    annotations: { 'goldpath.dev/contract-version': '1.2.0' },
  },
  spec: { type: 'terraform-module', contract: { version: '1.2.0' } },
  relations: [relation('dependencyOf', 'component:default/orders')],
};

/** A policy bundle: its contract lists the policies it ships. */
export const kyvernoBaseline: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'kyverno-baseline', namespace: 'default' },
  spec: {
    type: 'policy-bundle',
    contract: {
      version: '1.0.0',
      policies: [
        {
          name: 'require-labels',
          severity: 'high',
          description: 'Workloads carry team and app labels',
          remediation: 'Add the labels to the pod template',
          runbook: 'https://runbooks.example.com/policies/require-labels',
        },
        { name: 'disallow-latest-tag', severity: 'medium' },
      ],
    } satisfies ContractInput,
  },
};

function consumer(
  name: string,
  annotations: Record<string, string>,
  extra: Partial<Entity['metadata']> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations, ...extra },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    relations: [
      relation('dependsOn', 'resource:default/vpc-module'),
      relation('scaffoldedFrom', 'template:default/node-service'),
    ],
  };
}

/** Built against 2.1.0, which the 3.x row accepts; created by Goldpath's action. */
export const checkout = consumer(
  'checkout',
  {
    'goldpath.dev/built-against': 'resource:default/vpc-module@2.1.0',
    'goldpath.dev/compatibility': 'ok',
    'goldpath.dev/attribution-template': 'template:default/node-service',
    'goldpath.dev/attribution-version': '1.4.0',
    'goldpath.dev/attribution-at': '2024-05-02T09:10:00.000Z',
    'goldpath.dev/attribution-source': 'goldpath',
  },
  { title: 'Checkout' },
);

/** Uses two blocks; runs in a region the RDS module does not support. */
export const orders = consumer('orders', {
  'goldpath.dev/built-against':
    'resource:default/vpc-module@3.0.0, rds-module@1.0.0, pg, vpc-module@2.0.0',
  'goldpath.dev/region': 'us-east-1',
  'goldpath.dev/compatibility': 'mismatch',
  'goldpath.dev/compatibility-issues': JSON.stringify([
    {
      block: 'resource:default/rds-module',
      kind: 'region',
      message:
        'runs in us-east-1, but resource:default/rds-module supports only eu-west-1',
    },
  ]),
  'goldpath.dev/attribution-template': 'template:default/node-service',
  'goldpath.dev/attribution-version': '1.5.0',
  'goldpath.dev/attribution-source': 'source-template',
});

/** Built against 1.4.0, which the current contract no longer accepts. */
export const legacyApp = consumer('legacy-app', {
  'goldpath.dev/built-against': 'vpc-module@1.4.0',
  'goldpath.dev/compatibility': 'mismatch',
  'goldpath.dev/compatibility-issues': JSON.stringify([
    {
      block: 'resource:default/vpc-module',
      kind: 'version',
      message:
        'built against 1.4.0, but resource:default/vpc-module is at contract 3.0.0, and no compatibility row for 3.0.0 accepts 1.4.0',
    },
  ]),
  'goldpath.dev/attribution-template': 'template:default/node-service',
  'goldpath.dev/attribution-at': '2023-11-20T08:00:00.000Z',
  'goldpath.dev/attribution-source': 'scaffold-event',
});

/** Depends on the block but names no version. */
export const undeclared = consumer('undeclared', {});

/** A consumer the catalog processor has not checked yet. */
export const unchecked = consumer('unchecked', {
  'goldpath.dev/built-against': 'vpc-module@3.0.0',
});

/** The template the services were created from, now at 1.5.0. */
export const nodeServiceTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'node-service',
    namespace: 'default',
    title: 'Node.js service',
    annotations: { 'goldpath.dev/template-version': '1.5.0' },
  },
  spec: { type: 'service', steps: [] },
  relations: [
    relation('scaffolderOf', 'component:default/orders'),
    relation('scaffolderOf', 'component:default/checkout'),
    relation('scaffolderOf', 'component:default/ghost'),
    relation('scaffolderOf', 'component:default/legacy-app'),
  ],
};

/** A template nothing was created from yet. */
export const unusedTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'python-service', namespace: 'default' },
  spec: { type: 'service', steps: [] },
};

/** Every entity of the fixtures that the catalog knows (not `ghost`). */
export const catalogEntities: Entity[] = [
  vpcModule,
  rdsModule,
  kyvernoBaseline,
  checkout,
  orders,
  legacyApp,
  undeclared,
  unchecked,
  nodeServiceTemplate,
  unusedTemplate,
];

/** Entities with and without a policy status, for the picker and column. */
export function policyEntities(): Entity[] {
  const withStatus = (
    name: string,
    status?: string,
    violations?: string,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        ...(status && { 'goldpath.dev/policy-status': status }),
        ...(violations && { 'goldpath.dev/policy-violations': violations }),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  });
  return [
    withStatus(
      'alpha',
      'fail',
      'critical:1,high:2,medium:0,low:0,info:0,unknown:0',
    ),
    withStatus(
      'bravo',
      'fail',
      'critical:0,high:1,medium:0,low:0,info:0,unknown:0',
    ),
    withStatus(
      'charlie',
      'warn',
      'critical:0,high:0,medium:0,low:1,info:0,unknown:0',
    ),
    withStatus(
      'delta',
      'pass',
      'critical:0,high:0,medium:0,low:0,info:0,unknown:0',
    ),
    withStatus('echo'),
  ];
}
