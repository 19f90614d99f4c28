import {
  POLICY_SEVERITIES,
  PolicyResourceRef,
  PolicySeverity,
  PolicyStatus,
} from '@goldpath/plugin-policy-common';

/** What the cards show for a value that is not known. Never `0`. */
export const NO_DATA = '—';

/** A severity, or `unknown` for a result that carries none. */
export type SeverityKey = PolicySeverity | 'unknown';

/** Severities worst first, then `unknown` (a result without a severity). */
export const SEVERITY_KEYS: readonly SeverityKey[] = [
  ...POLICY_SEVERITIES,
  'unknown',
];

const DAY_MS = 86_400_000;

/** The severity of a result as a key: `unknown` when it has none. */
export function severityKey(severity: PolicySeverity | undefined): SeverityKey {
  return severity ?? 'unknown';
}

/** The rank of a severity, 0 for the worst (`critical`), last for `unknown`. */
export function severityRank(severity: PolicySeverity | undefined): number {
  return SEVERITY_KEYS.indexOf(severityKey(severity));
}

/** `Critical`, `High`, …, `Unknown`. */
export function severityLabel(severity: SeverityKey): string {
  return severity.charAt(0).toLocaleUpperCase('en-US') + severity.slice(1);
}

/** `Pass`, `Warn`, `Fail`. */
export function statusLabel(status: PolicyStatus): string {
  return status.charAt(0).toLocaleUpperCase('en-US') + status.slice(1);
}

/** The sum of violations by severity. */
export function totalViolations(
  bySeverity: Partial<Record<SeverityKey, number>>,
): number {
  return SEVERITY_KEYS.reduce((sum, key) => sum + (bySeverity[key] ?? 0), 0);
}

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

/** An instant as a date, `2024-05-02` (UTC). */
export function formatDate(iso: string | null | undefined): string {
  const formatted = formatTimestamp(iso);
  return formatted === NO_DATA ? NO_DATA : formatted.slice(0, 10);
}

/** Whole days from `iso` to `now`, or `undefined` for an invalid instant. */
export function daysSince(iso: string, now = Date.now()): number | undefined {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) {
    return undefined;
  }
  return Math.max(0, Math.floor((now - time) / DAY_MS));
}

/** How long a violation has been open: `open today`, `open 1 day`, `open 12 days`. */
export function formatOpenFor(firstSeen: string, now = Date.now()): string {
  const days = daysSince(firstSeen, now);
  if (days === undefined) {
    return NO_DATA;
  }
  if (days === 0) {
    return 'open today';
  }
  return `open ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** Whether an instant is in the past. */
export function isPast(iso: string | undefined, now = Date.now()): boolean {
  if (!iso) {
    return false;
  }
  const time = new Date(iso).getTime();
  return !Number.isNaN(time) && time <= now;
}

/** A Kubernetes object as `Deployment checkout/checkout-api`. */
export function formatResource(resource: PolicyResourceRef): string {
  const name = [resource.namespace, resource.name].filter(Boolean).join('/');
  return [resource.kind, name].filter(Boolean).join(' ') || NO_DATA;
}

/** What a result is about: the resource, else the file, else {@link NO_DATA}. */
export function formatSubject(subject: {
  resource?: PolicyResourceRef;
  file?: string;
}): string {
  if (subject.resource) {
    return formatResource(subject.resource);
  }
  return subject.file ?? NO_DATA;
}

/** A count with its noun: `1 check`, `12 checks`. */
export function formatCount(
  count: number,
  singular: string,
  plural = `${singular}s`,
): string {
  return `${count} ${count === 1 ? singular : plural}`;
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

/** Background and text colour of a chip (WCAG AA contrast, both themes). */
export interface ChipColors {
  background: string;
  color: string;
}

const SEVERITY_COLORS: Record<SeverityKey, ChipColors> = {
  critical: { background: '#7f0000', color: '#ffffff' },
  high: { background: '#c62828', color: '#ffffff' },
  medium: { background: '#ffb74d', color: '#3e2500' },
  low: { background: '#fff176', color: '#3d3700' },
  info: { background: '#90caf9', color: '#0a2a4a' },
  unknown: { background: '#bdbdbd', color: '#212121' },
};

const STATUS_COLORS: Record<PolicyStatus, ChipColors> = {
  pass: { background: '#1b5e20', color: '#ffffff' },
  warn: { background: '#ffe082', color: '#4a3300' },
  fail: { background: '#b71c1c', color: '#ffffff' },
};

/** Colours of a severity chip, from dark red (critical) to grey (unknown). */
export function severityColors(severity: SeverityKey): ChipColors {
  return SEVERITY_COLORS[severity];
}

/** Colours of a status chip: green, amber, red. */
export function statusColors(status: PolicyStatus): ChipColors {
  return STATUS_COLORS[status];
}
