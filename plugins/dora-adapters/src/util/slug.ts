import { ticketCategoryKey } from '@goldpath/plugin-dora-common';

/**
 * Makes a valid catalog entity name (`[a-z0-9]` runs separated by single
 * `-`, `_` or `.`, at most 63 characters) from any text: `Hello World` →
 * `hello-world`. Returns `unknown` when nothing usable is left. The same slug
 * as the keys tickets are compared by ({@link ticketCategoryKey}).
 */
export function slugify(text: string): string {
  return ticketCategoryKey(text) ?? 'unknown';
}

/** The last `/`-separated segment of a path-like value (`acme/checkout` → `checkout`). */
export function lastSegment(value: string): string {
  const parts = value.split('/').filter(p => p.trim() !== '');
  return parts.length ? parts[parts.length - 1] : value;
}
