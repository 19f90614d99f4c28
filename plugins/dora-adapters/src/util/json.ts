import { MalformedPayloadError } from '../types';

/** A JSON object as parsed from a webhook body. */
export type JsonObject = Record<string, unknown>;

/** The value as an object, or undefined (arrays and null are not objects here). */
export function obj(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** The value as an array, or an empty array. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty (after trimming) string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A finite number, or undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

/** A string, or a finite integer as a string (ids that tools send either way). */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    return String(value);
  }
  return str(value)?.trim();
}

/** Reads a nested value: `at(body, 'a', 'b')` is `body.a.b` or undefined. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    const o = obj(current);
    if (!o) return undefined;
    current = o[key];
  }
  return current;
}

/** The body as an object, or a {@link MalformedPayloadError}. */
export function bodyObject(body: unknown, what: string): JsonObject {
  const o = obj(body);
  if (!o) {
    throw new MalformedPayloadError(`${what}: the body is not a JSON object`);
  }
  return o;
}

/** A required nested object, or a {@link MalformedPayloadError}. */
export function needObject(
  value: unknown,
  path: string,
  what: string,
): JsonObject {
  const o = obj(value);
  if (!o) {
    throw new MalformedPayloadError(`${what} without ${path}`);
  }
  return o;
}

/** A required non-empty string, or a {@link MalformedPayloadError}. */
export function needString(value: unknown, path: string, what: string): string {
  const s = str(value);
  if (s === undefined) {
    throw new MalformedPayloadError(`${what} without ${path}`);
  }
  return s;
}

/** A required id (string or integer), or a {@link MalformedPayloadError}. */
export function needId(value: unknown, path: string, what: string): string {
  const s = idString(value);
  if (s === undefined) {
    throw new MalformedPayloadError(`${what} without ${path}`);
  }
  return s;
}

/** A case-insensitive header value (names are lower-cased in deliveries, but be lenient). */
export function header(
  headers: Record<string, string | undefined>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  const direct = headers[lower];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}
