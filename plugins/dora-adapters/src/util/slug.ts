/** The longest catalog entity name. */
const MAX_NAME_LENGTH = 63;

/**
 * Makes a valid catalog entity name (`[a-z0-9]` runs separated by single
 * `-`, `_` or `.`, at most 63 characters) from any text: `Hello World` →
 * `hello-world`. Returns `unknown` when nothing usable is left.
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, m => (m.includes('-') ? '-' : m[0]))
    .replace(/^[._-]+|[._-]+$/g, '');
  const capped = slug.slice(0, MAX_NAME_LENGTH).replace(/[._-]+$/, '');
  return capped || 'unknown';
}

/** The last `/`-separated segment of a path-like value (`acme/checkout` → `checkout`). */
export function lastSegment(value: string): string {
  const parts = value.split('/').filter(p => p.trim() !== '');
  return parts.length ? parts[parts.length - 1] : value;
}
