import semver from 'semver';
import { z } from 'zod';

/**
 * The contract of a building block (an infra module, a policy bundle, a
 * feature store, a serving template): what it takes, what it gives, where it
 * runs, what it costs, who owns it. See docs/CONTRACTS.md.
 */

const SEMVER_PATTERN =
  /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

// The pattern alone accepted versions the semver package rejects (`01.2.3`),
// which then never matched any range; both must agree.
const semverish = z
  .string()
  .refine(
    v => SEMVER_PATTERN.test(v) && semver.valid(v) !== null,
    'expected a semantic version such as 1.4.0',
  );

/** A semver range (`^2.0.0`, `>=1.2 <3`, `2.x`), checked with the semver package. */
const semverRange = z
  .string()
  .min(1)
  .refine(
    r => semver.validRange(r) !== null,
    'expected a semver range such as ^2.0.0 or >=1.2.0 <3.0.0',
  );

/** Links the cards render: http(s) only, never `javascript:` or `data:`. */
const httpUrl = z
  .string()
  .url({ protocol: /^https?$/, error: 'expected an http or https URL' });

/**
 * The types an input or output can have.
 *
 * @public
 */
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
    enum: z
      .array(z.union([z.string(), z.number(), z.boolean()]))
      .min(1)
      .optional(),
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
  })
  .refine(
    c =>
      c.minLength === undefined ||
      c.maxLength === undefined ||
      c.minLength <= c.maxLength,
    {
      message: 'minLength must not be greater than maxLength',
      path: ['minLength'],
    },
  );

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a default value has the input's type; `undefined` when it has. */
function defaultTypeProblem(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'expected a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : 'expected a number';
    case 'integer':
      return Number.isInteger(value) ? undefined : 'expected an integer';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected a boolean';
    case 'array':
      return Array.isArray(value) ? undefined : 'expected an array';
    case 'object':
    case 'map':
      return isPlainObject(value) ? undefined : 'expected an object';
    default:
      return undefined;
  }
}

const inputSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'expected an identifier'),
    type: valueTypeSchema,
    required: z.boolean().default(false),
    default: z.unknown().optional(),
    description: z.string().optional(),
    constraints: inputConstraintsSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.default === undefined) return;
    // A secret's default would be stored in, and served by, the catalog.
    if (input.type === 'secret') {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        message:
          'a secret input cannot have a default (it would be stored in the catalog)',
      });
      return;
    }
    const problem = defaultTypeProblem(input.type, input.default);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        message: `${problem}, as the input's type is ${input.type}`,
      });
      return;
    }
    const allowed = input.constraints?.enum;
    if (allowed && !allowed.some(v => v === input.default)) {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        message: `expected one of ${allowed.join('|')} (constraints.enum)`,
      });
    }
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
    .array(z.strictObject({ name: z.string().min(1), versions: semverRange }))
    .optional(),
});

const compatibilitySchema = z.strictObject({
  /** A contract version (or range) of this block. */
  version: semverRange,
  /** Consumers built against these versions (semver ranges) keep working with it. */
  compatibleWith: z.array(semverRange).min(1),
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
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD'),
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
  /** Absent: the contract does not say (never read as "no approval needed"). */
  approval: z.enum(['none', 'owner', 'platform']).optional(),
  dataClassification: z
    .enum(['public', 'internal', 'confidential', 'restricted'])
    .optional(),
});

const policySchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']).optional(),
  remediation: z.string().optional(),
  runbook: httpUrl.optional(),
});

/**
 * The zod schema of a contract.
 *
 * @public
 */
export const contractSchema = z
  .strictObject({
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
    runbook: httpUrl.optional(),
  })
  .superRefine((contract, ctx) => {
    const unique = (items: Array<{ name: string }>, field: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [field, i, 'name'],
            message: `duplicate name "${item.name}"`,
          });
        }
        seen.add(item.name);
      });
    };
    unique(contract.inputs, 'inputs');
    unique(contract.outputs, 'outputs');
  });

/**
 * A validated contract.
 *
 * @public
 */
export type Contract = z.output<typeof contractSchema>;
/**
 * A contract as written (defaults not applied).
 *
 * @public
 */
export type ContractInput = z.input<typeof contractSchema>;
/** @public */
export type ContractValueType = (typeof CONTRACT_VALUE_TYPES)[number];
/** @public */
export type ContractParameter = Contract['inputs'][number];
/** @public */
export type ContractOutput = Contract['outputs'][number];
/** @public */
export type ContractPolicy = NonNullable<Contract['policies']>[number];
