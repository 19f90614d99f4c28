import { z } from 'zod';
import {
  DELIVERY_EVENT_TYPES,
  DeliveryEvent,
  DeliveryEventType,
  deliveryEventSchemas,
} from './schema';

/**
 * One reason an event was refused: the field (a path such as
 * `commits[0].sha`, or `""` for the event itself) and what is wrong with it.
 *
 * @public
 */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * Stands in for an input that could not even be parsed (an NDJSON line that
 * is not JSON), so it is reported in its place in the batch.
 *
 * @public
 */
export class MalformedEventInput {
  constructor(readonly reason: string) {}
}

/** @public */
export type EventValidationResult =
  | { ok: true; event: DeliveryEvent }
  | { ok: false; errors: FieldError[] };

/** @public */
export interface EventValidationOptions {
  /** The current time, for the future-timestamp check. Defaults to now. */
  now?: number;
  /**
   * How far in the future a timestamp may lie (clock skew) before the event
   * is refused. Defaults to one hour.
   */
  maxFutureMillis?: number;
}

/** Default tolerance for timestamps in the future. @public */
export const DEFAULT_MAX_FUTURE_MILLIS = 60 * 60 * 1000;

/** Formats a zod issue path as `a.b[0].c`. @public */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
    } else {
      out += out ? `.${String(key)}` : String(key);
    }
  }
  return out;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function issuesToErrors(
  input: unknown,
  issues: z.core.$ZodIssue[],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    // A custom issue explains itself, even on an absent field.
    const missing =
      issue.code !== 'custom' &&
      issue.path.length > 0 &&
      valueAt(input, issue.path) === undefined;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          path: formatFieldPath([...issue.path, key]),
          message: 'is not a field of this event type',
        });
      }
    } else if (missing) {
      errors.push({
        path: formatFieldPath(issue.path),
        message: 'is required',
      });
    } else {
      errors.push({
        path: formatFieldPath(issue.path),
        message: issue.message,
      });
    }
  }
  return errors;
}

const TIME_FIELDS = [
  'timestamp',
  'startedAt',
  'openedAt',
  'resolvedAt',
  'firstResponseAt',
  'windowStart',
] as const;

/**
 * Validates and normalises one canonical delivery event.
 *
 * @public
 */
export function validateDeliveryEvent(
  input: unknown,
  options: EventValidationOptions = {},
): EventValidationResult {
  if (input instanceof MalformedEventInput) {
    return { ok: false, errors: [{ path: '', message: input.reason }] };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ path: '', message: 'an event must be a JSON object' }],
    };
  }
  const type = (input as { type?: unknown }).type;
  if (!DELIVERY_EVENT_TYPES.includes(type as DeliveryEventType)) {
    return {
      ok: false,
      errors: [
        {
          path: 'type',
          message:
            type === undefined
              ? 'is required'
              : `must be one of ${DELIVERY_EVENT_TYPES.join(', ')}`,
        },
      ],
    };
  }
  const schema = deliveryEventSchemas[type as DeliveryEventType];
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: issuesToErrors(input, parsed.error.issues) };
  }
  const event = parsed.data as DeliveryEvent;
  const now = options.now ?? Date.now();
  const limit = now + (options.maxFutureMillis ?? DEFAULT_MAX_FUTURE_MILLIS);
  const errors: FieldError[] = [];
  for (const field of TIME_FIELDS) {
    const value = (event as Record<string, unknown>)[field];
    // Normalised values are canonical UTC ISO strings, which Date.parse reads exactly.
    if (typeof value === 'string' && Date.parse(value) > limit) {
      errors.push({
        path: field,
        message: `${value} lies in the future (more than ${Math.round(
          (limit - now) / 60_000,
        )} minutes after the server's clock)`,
      });
    }
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return { ok: true, event };
}

/** @public */
export interface BatchValidationResult {
  valid: Array<{ index: number; event: DeliveryEvent }>;
  invalid: Array<{ index: number; id?: string; errors: FieldError[] }>;
}

/**
 * Validates a batch; every event is judged on its own.
 *
 * @public
 */
export function validateDeliveryEvents(
  inputs: readonly unknown[],
  options: EventValidationOptions = {},
): BatchValidationResult {
  const now = options.now ?? Date.now();
  const result: BatchValidationResult = { valid: [], invalid: [] };
  inputs.forEach((input, index) => {
    const r = validateDeliveryEvent(input, { ...options, now });
    if (r.ok) {
      result.valid.push({ index, event: r.event });
    } else {
      const id = (input as { id?: unknown } | null)?.id;
      result.invalid.push({
        index,
        ...(typeof id === 'string' ? { id } : {}),
        errors: r.errors,
      });
    }
  });
  return result;
}
