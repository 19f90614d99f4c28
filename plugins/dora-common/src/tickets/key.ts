/** The longest key, as the catalog's entity names. */
const MAX_KEY_LENGTH = 63;

/**
 * The key a ticket category or team is compared by, wherever it comes from
 * (REST, Jira, GitHub Issues, a template's
 * `goldpath.dev/replaces-ticket-category`): lower case, `[a-z0-9]` runs
 * separated by single `-`, `_` or `.`, at most 63 characters, so
 * `Database Credentials` and `Database-Credentials` are both
 * `database-credentials`. Undefined for text with nothing usable in it.
 *
 * @public
 */
export function ticketCategoryKey(
  value: string | undefined,
): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, m => (m.includes('-') ? '-' : m[0]))
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, MAX_KEY_LENGTH)
    .replace(/[._-]+$/, '');
  return slug || undefined;
}
