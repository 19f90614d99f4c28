import { createHash } from 'crypto';

/** The longest id the canonical model accepts. */
export const MAX_ID_LENGTH = 256;

const HASH_LENGTH = 64;

/**
 * Caps a string at `max` characters: longer values keep their head and end
 * in `~` plus the sha256 (hex) of the whole value, so distinct long values
 * stay distinct and the same value always gives the same result.
 */
export function capLength(value: string, max = MAX_ID_LENGTH): string {
  if (value.length <= max) return value;
  const digest = createHash('sha256').update(value, 'utf8').digest('hex');
  return `${value.slice(0, max - HASH_LENGTH - 1)}~${digest}`;
}

/** A fact-based event id: the parts joined with `:`, capped at 256 characters. */
export function eventId(...parts: Array<string | number>): string {
  return capLength(parts.map(String).join(':'));
}
