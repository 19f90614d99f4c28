/**
 * The request kinds Goldpath knows a display title for. A kind is a free,
 * lower-case slug: installations add their own (`vpn-access`, `dns-record`)
 * and give them a title when they create the request.
 *
 * @public
 */
export const KNOWN_REQUEST_KINDS: Readonly<Record<string, string>> = {
  'database-credentials': 'Database credentials',
  'gpu-quota': 'GPU/TPU quota',
  environment: 'New environment',
};

/** A kind slug: lower-case letters, digits and dashes, 1–63 characters. @public */
export const REQUEST_KIND_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The display title of a kind: the one given with the request, else the
 * known title, else the slug in words (`vpn-access` → `Vpn access`).
 *
 * @public
 */
export function requestKindTitle(kind: string, given?: string): string {
  const title = given?.trim();
  if (title) return title;
  const known = KNOWN_REQUEST_KINDS[kind];
  if (known) return known;
  const words = kind.replace(/-+/g, ' ').trim();
  return words ? words[0].toLocaleUpperCase('en-US') + words.slice(1) : kind;
}
