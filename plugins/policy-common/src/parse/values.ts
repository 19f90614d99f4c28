import { z } from 'zod';
import {
  POLICY_RESULT_STATUSES,
  POLICY_SEVERITIES,
  PolicyResultStatus,
  PolicySeverity,
} from '../types';

/** A string that may be absent or `null` (YAML `key:` with no value). */
export const optionalString = z.string().nullish();

/** An integer, or an integer as a string (protobuf JSON encodes int64 so). */
export const integerLike = z.union([z.number(), z.string().regex(/^-?\d+$/)], {
  error: 'expected an integer',
});

/** A string-keyed map of any values (properties, metadata). */
export const looseRecord = z.record(z.string(), z.unknown()).nullish();

/** One of the five severities, case-insensitively; anything else is no severity. */
export function normaliseSeverity(value: unknown): PolicySeverity | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return (POLICY_SEVERITIES as readonly string[]).includes(lower)
    ? (lower as PolicySeverity)
    : undefined;
}

/** One of the five result statuses, case-insensitively, or undefined. */
export function normaliseStatus(value: string): PolicyResultStatus | undefined {
  const lower = value.trim().toLowerCase();
  return (POLICY_RESULT_STATUSES as readonly string[]).includes(lower)
    ? (lower as PolicyResultStatus)
    : undefined;
}

function isoFromMillis(ms: number): string | undefined {
  // Before 1970-01-02 is a zero value (Go's `metav1.Timestamp{}`), not a time.
  if (!Number.isFinite(ms) || ms < 86_400_000) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * A protobuf timestamp `{seconds, nanos}` as ISO 8601. Negative `nanos` (the
 * Trivy adapter writes them) borrow from the seconds: `seconds + nanos/1e9`.
 * A zero or out-of-range value is no time. Never throws.
 */
export function isoFromProtoTimestamp(
  seconds: number | string,
  nanos?: number | string | null,
): string | undefined {
  const s = Number(seconds);
  const n = nanos === undefined || nanos === null ? 0 : Number(nanos);
  if (!Number.isFinite(s) || !Number.isFinite(n)) return undefined;
  return isoFromMillis(s * 1000 + n / 1e6);
}

/** Epoch seconds (zap's `ts`, possibly fractional) as ISO 8601. */
export function isoFromEpochSeconds(seconds: number): string | undefined {
  return isoFromMillis(seconds * 1000);
}

/** An RFC 3339 date-time as ISO 8601 in UTC, or undefined when it is none. */
export function isoFromString(
  value: string | null | undefined,
): string | undefined {
  if (!value) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/.test(value.trim()))
    return undefined;
  return isoFromMillis(Date.parse(value.trim()));
}

/** The newest of some ISO 8601 instants. */
export function newest(
  instants: ReadonlyArray<string | undefined>,
): string | undefined {
  let best: string | undefined;
  for (const instant of instants) {
    if (instant && (!best || instant > best)) best = instant;
  }
  return best;
}

/** Flattens a map of any values to strings (numbers and booleans as text, objects as JSON, null left out). */
export function stringProperties(
  input: Record<string, unknown> | null | undefined,
  omit: readonly string[] = [],
): Record<string, string> | undefined {
  if (!input) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined || omit.includes(key)) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return Object.keys(out).length ? out : undefined;
}

/** A producer name as Goldpath stores it: trimmed, lower case; empty is none. */
export function normaliseProducer(
  value: string | null | undefined,
): string | undefined {
  const trimmed = value?.trim().toLowerCase();
  return trimmed ? trimmed : undefined;
}

/** Drops keys whose value is undefined, so results compare and serialise cleanly. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
