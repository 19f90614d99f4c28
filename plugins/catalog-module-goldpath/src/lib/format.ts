/** What the cards show for a value that is not known. Never `0`. */
export const NO_DATA = '—';

/**
 * An instant as `2024-05-02 09:10 UTC`: UTC, so that everyone reading it
 * (and its tests) sees the same; a missing or invalid one is {@link NO_DATA}.
 */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) {
    return NO_DATA;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return NO_DATA;
  }
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A short form of an entity ref for lists: the name alone for components
 * in the default namespace, `kind:name` in the default namespace, else the
 * full ref.
 */
export function formatShortRef(entityRef: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
  if (!match) {
    return entityRef;
  }
  const [, kind, namespace, name] = match;
  if (namespace.toLocaleLowerCase('en-US') !== 'default') {
    return entityRef;
  }
  return kind.toLocaleLowerCase('en-US') === 'component'
    ? name
    : `${kind}:${name}`;
}

/** A value of a contract (a default, an enum member) as compact text. */
export function formatValue(value: unknown): string {
  if (value === undefined) {
    return NO_DATA;
  }
  if (typeof value === 'string') {
    return value === '' ? '""' : value;
  }
  return JSON.stringify(value);
}

/** An amount of money: `USD 120`, `EUR 12.50`. */
export function formatMoney(amount: number, currency: string): string {
  const fixed = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
  return `${currency} ${fixed}`;
}

/** Upper-cases the first letter: `mismatch` → `Mismatch`. */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);
}
