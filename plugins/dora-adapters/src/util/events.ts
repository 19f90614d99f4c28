import { AdapterResult, PendingEvent, ServiceIdentity } from '../types';
import { capLength } from './ids';

/** Longest string attribute the canonical model accepts. */
const MAX_ATTRIBUTE_LENGTH = 4096;

/** What adapters put into attributes before cleaning. */
export type AttributeInput = Record<
  string,
  string | number | boolean | undefined
>;

/** Drops undefined attributes and truncates long strings; undefined if none remain. */
export function attributes(
  input: AttributeInput,
): Record<string, string | number | boolean> | undefined {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    out[key] =
      typeof value === 'string' && value.length > MAX_ATTRIBUTE_LENGTH
        ? value.slice(0, MAX_ATTRIBUTE_LENGTH)
        : value;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The fields every pending event has, plus any others. */
export type EventFields = {
  id: string;
  type: string;
  timestamp: string;
} & Record<string, unknown>;

/**
 * A pending event with undefined fields removed (the canonical schemas are
 * strict, and consumers print events as JSON) and the actor capped at 256
 * characters.
 */
export function pending(
  fields: EventFields,
  identity?: ServiceIdentity,
): PendingEvent {
  const event: EventFields = {
    id: fields.id,
    type: fields.type,
    timestamp: fields.timestamp,
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    event[key] =
      key === 'actor' && typeof value === 'string' ? capLength(value) : value;
  }
  return identity ? { event, identity } : { event };
}

/** One event. */
export function events(...list: PendingEvent[]): AdapterResult {
  return { kind: 'events', events: list };
}

/** Nothing Goldpath uses. */
export function ignored(reason: string): AdapterResult {
  return { kind: 'ignored', reason };
}
