import { z } from 'zod';

/**
 * Upper bound of the last (catch-all) bucket of a latency histogram.
 *
 * @public
 */
export const INF_BUCKET = '+Inf';

const name = () =>
  z
    .string()
    .refine(v => !v.includes('\u0000'), {
      message: 'must not contain NUL (\\u0000) characters',
    })
    .pipe(z.string().trim().min(1).max(256));

const nonNegative = () => z.number().min(0, { message: 'must be >= 0' });
const count = () =>
  z
    .number()
    .int({ message: 'must be a whole number' })
    .min(0, { message: 'must be >= 0' });

const dataDriftSchema = z.strictObject({
  score: nonNegative(),
  threshold: nonNegative().optional(),
  /** `psi`, `ks`, `js` or another method's name. */
  method: name().pipe(z.string().max(64)).optional(),
  /** Per-feature drift scores. */
  features: z
    .record(name().pipe(z.string().max(128)), nonNegative())
    .refine(v => Object.keys(v).length <= 500, {
      message: 'must name at most 500 features',
    })
    .optional(),
});

const accuracySchema = z.strictObject({
  value: z
    .number()
    .min(0, { message: 'must be between 0 and 1' })
    .max(1, { message: 'must be between 0 and 1' }),
  /** What `value` measures (accuracy, auc, f1…); no default. */
  metric: name().pipe(z.string().max(64)).optional(),
  sampleSize: count().optional(),
});

const bucketSchema = z.strictObject({
  le: z.union([z.number(), z.literal(INF_BUCKET)], {
    error: `must be a number or "${INF_BUCKET}"`,
  }),
  count: count(),
});

const latencySchema = z
  .strictObject({
    /** Cumulative buckets (Prometheus style): ascending `le`, the last `+Inf`. */
    buckets: z.array(bucketSchema).min(1).max(200),
    /** Sum of the observed latencies, in seconds. */
    sum: nonNegative().optional(),
    /** Number of observations: the `+Inf` bucket's count. */
    count: count().optional(),
  })
  .superRefine((latency, ctx) => {
    const { buckets } = latency;
    buckets.forEach((bucket, i) => {
      const last = i === buckets.length - 1;
      if (bucket.le === INF_BUCKET && !last) {
        ctx.addIssue({
          code: 'custom',
          path: ['buckets', i, 'le'],
          message: `"${INF_BUCKET}" must be the last bucket`,
        });
      }
      if (last && bucket.le !== INF_BUCKET) {
        ctx.addIssue({
          code: 'custom',
          path: ['buckets', i, 'le'],
          message: `the last bucket must be le "${INF_BUCKET}" (cumulative, Prometheus style)`,
        });
      }
      if (i === 0) return;
      const prev = buckets[i - 1];
      if (
        typeof bucket.le === 'number' &&
        typeof prev.le === 'number' &&
        bucket.le <= prev.le
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['buckets', i, 'le'],
          message: `must be greater than the previous bucket's le (${prev.le}): buckets are in ascending order`,
        });
      }
      if (bucket.count < prev.count) {
        ctx.addIssue({
          code: 'custom',
          path: ['buckets', i, 'count'],
          message: `must be at least the previous bucket's count (${prev.count}): bucket counts are cumulative`,
        });
      }
    });
    const total = buckets[buckets.length - 1]?.count;
    if (latency.count !== undefined && total !== latency.count) {
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: `must equal the "${INF_BUCKET}" bucket's count (${total})`,
      });
    }
  });

/**
 * The `model_health` event schema over the shared envelope (built by
 * `events/schema.ts`, which owns the envelope and the instant type).
 */
export function modelHealthEventSchema<
  E extends z.ZodRawShape,
  I extends z.ZodType<string, string>,
>(envelope: E, instant: I) {
  return z
    .strictObject({
      ...envelope,
      type: z.literal('model_health'),
      /** The model's name in the model registry. */
      model: name(),
      modelVersion: name().pipe(z.string().max(128)).optional(),
      dataDrift: dataDriftSchema.optional(),
      accuracy: accuracySchema.optional(),
      latency: latencySchema.optional(),
      /** Start of the period the measurements cover; `timestamp` is its end. */
      windowStart: instant.optional(),
    })
    .superRefine((event, ctx) => {
      const e = event as {
        timestamp?: string;
        windowStart?: string;
        dataDrift?: unknown;
        accuracy?: unknown;
        latency?: unknown;
      };
      if (!e.dataDrift && !e.accuracy && !e.latency) {
        ctx.addIssue({
          code: 'custom',
          path: ['dataDrift'],
          message:
            'a model_health event needs at least one of dataDrift, accuracy or latency',
        });
      }
      if (
        e.windowStart &&
        e.timestamp &&
        Date.parse(e.windowStart) > Date.parse(e.timestamp)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['windowStart'],
          message: 'must not be after timestamp (the end of the window)',
        });
      }
    });
}
