import { ticketCategoryKey } from '@goldpath/plugin-dora-common';
import { TicketFieldSource } from '../types';
import { JsonObject, arr, at, obj, str } from '../util/json';

/** Longest category, team or label the canonical model accepts. */
const MAX_TEXT = 256;

/** Label names, trimmed, non-empty, deduplicated, capped at the model's limits. */
export function labelNames(values: unknown[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const name = str(v)?.trim() ?? str(at(v, 'name'))?.trim();
    if (name) out.add(name.slice(0, MAX_TEXT));
  }
  return [...out].slice(0, 100);
}

/** The first label with the prefix (case-insensitive), without it. */
export function fromLabelPrefix(
  labels: readonly string[],
  prefix: string,
): string | undefined {
  const p = prefix.toLowerCase();
  for (const label of labels) {
    if (label.toLowerCase().startsWith(p) && label.length > prefix.length) {
      return label.slice(prefix.length).trim() || undefined;
    }
  }
  return undefined;
}

/** A Jira field value as text: a string, a select option, a named object, or the first of a list. */
export function fieldText(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = fieldText(item);
      if (text) return text;
    }
    return undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const o = obj(value);
  if (o) {
    return str(o.value)?.trim() ?? str(o.name)?.trim() ?? str(o.key)?.trim();
  }
  return str(value)?.trim();
}

/**
 * A category or team from an issue: `fields` are Jira's issue fields
 * (GitHub Issues has none), `labels` the label names.
 */
export function mapTicketField(
  source: TicketFieldSource | undefined,
  input: { fields?: JsonObject; labels: readonly string[] },
): string | undefined {
  if (!source) return undefined;
  switch (source.from) {
    case 'issueType':
      return ticketCategoryKey(
        fieldText(at(input.fields, 'issuetype', 'name')),
      );
    case 'component':
      return ticketCategoryKey(fieldText(arr(input.fields?.components)));
    case 'labelPrefix':
      return ticketCategoryKey(fromLabelPrefix(input.labels, source.prefix));
    case 'field':
      return ticketCategoryKey(fieldText(input.fields?.[source.field]));
    default:
      return undefined;
  }
}
