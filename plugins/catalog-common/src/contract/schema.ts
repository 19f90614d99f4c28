import { z } from 'zod';

/**
 * The contract of a building block (an infra module, a policy bundle, a
 * feature store, a serving template): what it takes, what it gives, where it
 * runs, what it costs, who owns it. See docs/CONTRACTS.md.
 */

const semverish = z
  .string()
  .regex(
    /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/,
    'expected a semantic version such as 1.4.0',
  );

/** The types an input or output can have. */
export const CONTRACT_VALUE_TYPES = [
  'string',
  'number',
  'integer',
  'boolean',
  'array',
  'object',
  'map',
  'secret',
] as const;

const valueTypeSchema = z.enum(CONTRACT_VALUE_TYPES);

const inputConstraintsSchema = z
  .strictObject({
    enum: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
    pattern: z
      .string()
      .refine(p => {
        try {
          // eslint-disable-next-line no-new
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'expected a valid regular expression')
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().nonnegative().optional(),
  })
  .refine(c => c.min === undefined || c.max === undefined || c.min <= c.max, {
    message: 'min must not be greater than max',
    path: ['min'],
  });

const inputSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'expected an identifier'),
  type: valueTypeSchema,
  required: z.boolean().default(false),
  default: z.unknown().optional(),
  description: z.string().optional(),
  constraints: inputConstraintsSchema.optional(),
});

const outputSchema = z.strictObject({
  name: z.string().min(1),
  type: valueTypeSchema,
  description: z.string().optional(),
  sensitive: z.boolean().optional(),
});

const emittedSchema = z.strictObject({
  /** Tags the block puts on what it creates (cloud tags). */
  tags: z.record(z.string(), z.string()).optional(),
  /** Kubernetes labels the block puts on what it creates. */
  labels: z.record(z.string(), z.string()).optional(),
  /** Other metadata it hands on, e.g. kubeconfig data: name → description. */
  metadata: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        description: z.string().optional(),
        format: z.string().optional(),
      }),
    )
    .optional(),
});

const constraintsSchema = z.strictObject({
  /** Regions the block can be deployed to. Absent: any region. */
  regions: z.array(z.string().min(1)).min(1).optional(),
  /** What it runs on and which versions of it: `kubernetes: '>=1.27 <1.31'`. */
  runsOn: z
    .array(z.strictObject({ name: z.string().min(1), versions: z.string().min(1) }))
    .optional(),
});

const compatibilitySchema = z.strictObject({
  /** A contract version (or range) of this block. */
  version: z.string().min(1),
  /** Consumers built against these versions (semver ranges) keep working with it. */
  compatibleWith: z.array(z.string().min(1)).min(1),
  /** A short note on what changed, for breaking rows. */
  notes: z.string().optional(),
});

const ownerSchema = z.strictObject({
  ref: z.string().min(1),
  role: z.string().optional(),
});

const costSchema = z.strictObject({
  bucket: z.enum(['free', 'low', 'medium', 'high', 'premium']),
  monthlyEstimate: z
    .strictObject({
      amount: z.number().nonnegative(),
      currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD'),
      basis: z.string().optional(),
    })
    .optional(),
});

const sloSchema = z.strictObject({
  latency: z
    .strictObject({
      percentile: z.number().gt(0).lte(100),
      thresholdMs: z.number().positive(),
    })
    .optional(),
  availability: z.number().gt(0).lte(100).optional(),
});

const accessPolicySchema = z.strictObject({
  /** Who may use it: group refs, or `any`. */
  allowed: z.array(z.string().min(1)).min(1),
  approval: z.enum(['none', 'owner', 'platform']).default('none'),
  dataClassification: z.enum(['public', 'internal', 'confidential', 'restricted']).optional(),
});

const policySchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']).optional(),
  remediation: z.string().optional(),
  runbook: z.string().url().optional(),
});

/** The zod schema of a contract. */
export const contractSchema = z.strictObject({
  version: semverish,
  description: z.string().optional(),
  inputs: z.array(inputSchema).default([]),
  outputs: z.array(outputSchema).default([]),
  emits: emittedSchema.optional(),
  constraints: constraintsSchema.optional(),
  compatibility: z.array(compatibilitySchema).optional(),
  owners: z.array(ownerSchema).optional(),
  cost: costSchema.optional(),
  slo: sloSchema.optional(),
  accessPolicy: accessPolicySchema.optional(),
  /** Policy bundles: the policies it ships, for remediation guidance. */
  policies: z.array(policySchema).optional(),
  runbook: z.string().url().optional(),
});

/** A validated contract. */
export type Contract = z.output<typeof contractSchema>;
/** A contract as written (defaults not applied). */
export type ContractInput = z.input<typeof contractSchema>;
export type ContractValueType = (typeof CONTRACT_VALUE_TYPES)[number];
export type ContractParameter = Contract['inputs'][number];
export type ContractOutput = Contract['outputs'][number];
export type ContractPolicy = NonNullable<Contract['policies']>[number];
